import {
	type CrmFieldMeta,
	crmFieldsToResourceMapper,
	toCrmFields,
	toMultifield,
} from '../../../../nodes/Bitrix24/domain/crmFields';

// Shape of `crm.lead.fields` (reference §5.1).
const LEAD_FIELDS = {
	ID: {
		type: 'integer',
		isRequired: false,
		isReadOnly: true,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'ID',
	},
	TITLE: {
		type: 'string',
		isRequired: true,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Lead name',
	},
	OPENED: {
		type: 'char',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Available to everyone',
	},
	OPPORTUNITY: {
		type: 'double',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Amount',
	},
	BIRTHDATE: {
		type: 'date',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Date of birth',
	},
	SOURCE_ID: {
		type: 'crm_status',
		statusType: 'SOURCE',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Source',
	},
	CONTACT_ID: {
		type: 'crm_contact',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		isDeprecated: true,
		title: 'Contact',
	},
	DATE_CREATE: {
		type: 'datetime',
		isRequired: false,
		isReadOnly: true,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Created on',
	},
	ORIGINATOR_ID: {
		type: 'string',
		isRequired: false,
		isReadOnly: false,
		isImmutable: true,
		isMultiple: false,
		isDynamic: false,
		title: 'External source',
	},
	PHONE: {
		type: 'crm_multifield',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: true,
		isDynamic: false,
		title: 'Phone',
	},
	UTM_SOURCE: {
		type: 'string',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: false,
		title: 'Ad system',
	},
	UF_CRM_C2D_CLIENT_ID: {
		type: 'string',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: true,
		title: 'UF_CRM_C2D_CLIENT_ID',
		listLabel: 'Chat2Desk client ID',
		formLabel: 'Chat2Desk client ID',
	},
	UF_CRM_CHANNEL: {
		type: 'enumeration',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: true,
		title: 'UF_CRM_CHANNEL',
		listLabel: 'Channel',
		items: [
			{ ID: '11', VALUE: 'WhatsApp' },
			{ ID: '12', VALUE: 'Telegram' },
		],
	},
	UF_CRM_TAGS: {
		type: 'enumeration',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: true,
		isDynamic: true,
		title: 'UF_CRM_TAGS',
		items: [{ ID: '1', VALUE: 'VIP' }],
	},
	UF_CRM_VIP: {
		type: 'boolean',
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: false,
		isDynamic: true,
		title: 'UF_CRM_VIP',
	},
};

describe('crmFieldsToResourceMapper', () => {
	// Built inside each test, so that every test runs the mapping itself.
	const byId = (id: string, list = crmFieldsToResourceMapper(LEAD_FIELDS, 'create')) =>
		list.find((field) => field.id === id);

	it('drops ID, hides read-only fields and marks required ones for create', () => {
		expect(byId('ID')).toBeUndefined();
		expect(byId('DATE_CREATE')).toMatchObject({ display: false, required: false });
		expect(byId('TITLE')).toEqual({
			id: 'TITLE',
			displayName: 'Lead name',
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		});
	});

	it('maps Bitrix24 types to n8n field types', () => {
		expect(byId('OPENED')?.type).toBe('boolean');
		expect(byId('OPPORTUNITY')?.type).toBe('number');
		expect(byId('BIRTHDATE')?.type).toBe('dateTime');
		expect(byId('PHONE')?.type).toBe('string');
		expect(byId('SOURCE_ID')?.type).toBe('string');
		expect(byId('UF_CRM_VIP')?.type).toBe('boolean');
		expect(byId('UF_CRM_TAGS')?.type).toBe('array');
		expect(byId('UF_CRM_CHANNEL')).toMatchObject({
			type: 'options',
			options: [
				{ name: 'WhatsApp', value: '11' },
				{ name: 'Telegram', value: '12' },
			],
		});
	});

	it('labels user fields with their list label and code', () => {
		expect(byId('UF_CRM_C2D_CLIENT_ID')?.displayName).toBe(
			'Chat2Desk client ID (UF_CRM_C2D_CLIENT_ID)',
		);
		expect(byId('UF_CRM_VIP')?.displayName).toBe('UF_CRM_VIP');
		expect(byId('UTM_SOURCE')?.displayName).toBe('Ad system');
	});

	it('marks deprecated fields as removed and orders standard, UTM, then user fields', () => {
		expect(byId('CONTACT_ID')?.removed).toBe(true);
		const ids = crmFieldsToResourceMapper(LEAD_FIELDS, 'create').map((field) => field.id);
		expect(ids.indexOf('UTM_SOURCE')).toBeGreaterThan(ids.indexOf('TITLE'));
		expect(ids.indexOf('UF_CRM_VIP')).toBeGreaterThan(ids.indexOf('UTM_SOURCE'));
	});

	it('for update: nothing required, immutable fields hidden', () => {
		const update = crmFieldsToResourceMapper(LEAD_FIELDS, 'update');
		expect(update.every((field) => !field.required)).toBe(true);
		expect(byId('ORIGINATOR_ID', update)?.display).toBe(false);
		expect(byId('ORIGINATOR_ID')?.display).toBe(true);
	});
});

describe('crmFieldsToResourceMapper details', () => {
	const typeOf = (meta: CrmFieldMeta, code = 'X') =>
		crmFieldsToResourceMapper({ [code]: meta }, 'create')[0];

	it.each([
		[{ type: 'integer' }, 'number'],
		[{ type: 'double' }, 'number'],
		[{ type: 'char' }, 'boolean'],
		[{ type: 'boolean' }, 'boolean'],
		[{ type: 'date' }, 'dateTime'],
		[{ type: 'datetime' }, 'dateTime'],
		[{ type: 'url' }, 'string'],
		[{ type: 'crm_status' }, 'string'],
		[{}, 'string'],
		[{ type: 'integer', isMultiple: true }, 'array'],
		[{ type: 'crm_multifield', isMultiple: true }, 'string'],
		[{ type: 'enumeration', items: [] }, 'string'],
		[{ type: 'enumeration', isMultiple: true, items: [] }, 'array'],
		[{ type: 'enumeration', items: 'x' }, 'string'],
		[{ type: 'crm_status', items: [{ ID: '1', VALUE: 'a' }] }, 'string'],
		[{ type: 'enumeration', isMultiple: true, items: [{ ID: '1', VALUE: 'a' }] }, 'array'],
	])('%j → %s', (meta, type) => {
		expect(typeOf(meta as CrmFieldMeta)).toStrictEqual({
			id: 'X',
			displayName: 'X',
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type,
		});
	});

	it.each(['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'])('keeps the multifield %s a string', (code) => {
		expect(typeOf({ type: 'integer', isMultiple: true }, code).type).toBe('string');
	});

	it('names enumeration options by value and id, whichever is there', () => {
		expect(
			typeOf({
				type: 'enumeration',
				items: [{ ID: '1' }, { VALUE: 'Two' }, { ID: 3, VALUE: 'Three' }],
			}).options,
		).toStrictEqual([
			{ name: '1', value: '1' },
			{ name: 'Two', value: 'Two' },
			{ name: 'Three', value: '3' },
		]);
	});

	it.each([
		[{ listLabel: 'List', formLabel: 'Form', filterLabel: 'Filter', title: 'Title' }, 'List'],
		[{ listLabel: ' ', formLabel: 'Form', filterLabel: 'Filter', title: 'Title' }, 'Form'],
		[{ formLabel: 'X', filterLabel: 'Filter', title: 'Title' }, 'Filter'],
		[{ listLabel: 5, title: 'Title' }, 'Title'],
		[{ title: '' }, 'X'],
	])('labels a field from %j', (meta, displayName) => {
		expect(typeOf(meta as unknown as CrmFieldMeta).displayName).toBe(displayName);
	});

	it('labels a user field without a human label by its code', () => {
		expect(typeOf({ title: 'UF_A' }, 'UF_A').displayName).toBe('UF_A');
		expect(typeOf({ title: 'Colour' }, 'UF_A').displayName).toBe('Colour (UF_A)');
		expect(typeOf({ title: 'Colour' }, 'XUF_A').displayName).toBe('Colour');
	});

	it('requires only a required field that is shown, on create', () => {
		const fields = {
			A: { isRequired: true },
			B: { isRequired: true, isReadOnly: true },
			C: { isRequired: true, isImmutable: true },
			D: { isRequired: false },
		};
		const pick = (mode: 'create' | 'update') =>
			crmFieldsToResourceMapper(fields, mode).map(({ id, required, display }) => ({
				id,
				required,
				display,
			}));
		expect(pick('create')).toStrictEqual([
			{ id: 'A', required: true, display: true },
			{ id: 'B', required: false, display: false },
			{ id: 'C', required: true, display: true },
			{ id: 'D', required: false, display: true },
		]);
		expect(pick('update')).toStrictEqual([
			{ id: 'A', required: false, display: true },
			{ id: 'B', required: false, display: false },
			{ id: 'C', required: false, display: false },
			{ id: 'D', required: false, display: true },
		]);
	});

	it('orders standard fields, then UTM fields, then user fields, each by label', () => {
		const fields = {
			UF_B: { title: 'b' },
			UTM_B: { title: 'b' },
			B: { title: 'b' },
			UF_A: { title: 'a' },
			UTM_A: { title: 'a' },
			A: { title: 'a' },
			XUTM_C: { title: 'c' },
		};
		expect(crmFieldsToResourceMapper(fields, 'create').map((field) => field.id)).toStrictEqual([
			'A',
			'B',
			'XUTM_C',
			'UTM_A',
			'UTM_B',
			'UF_A',
			'UF_B',
		]);
	});

	it('marks only a deprecated field as removed', () => {
		expect('removed' in typeOf({ isDeprecated: false })).toBe(false);
		expect(typeOf({ isDeprecated: true }).removed).toBe(true);
	});
});

describe('toMultifield', () => {
	it.each([
		[
			'+1 555, +1 666',
			[
				{ VALUE: '+1 555', VALUE_TYPE: 'WORK' },
				{ VALUE: '+1 666', VALUE_TYPE: 'WORK' },
			],
		],
		[['a@x.test'], [{ VALUE: 'a@x.test', VALUE_TYPE: 'WORK' }]],
		['[{"VALUE":"1","VALUE_TYPE":"MOBILE"}]', [{ VALUE: '1', VALUE_TYPE: 'MOBILE' }]],
		[[{ value: '2' }], [{ VALUE: '2', VALUE_TYPE: 'WORK' }]],
		[[{ ID: '7', VALUE: '' }], [{ ID: '7', VALUE: '', VALUE_TYPE: 'WORK' }]],
		['', []],
		[12345, [{ VALUE: '12345', VALUE_TYPE: 'WORK' }]],
		[
			' a ; b\nc ',
			[
				{ VALUE: 'a', VALUE_TYPE: 'WORK' },
				{ VALUE: 'b', VALUE_TYPE: 'WORK' },
				{ VALUE: 'c', VALUE_TYPE: 'WORK' },
			],
		],
		[' {"VALUE":"3"} ', [{ VALUE: '3', VALUE_TYPE: 'WORK' }]],
		['[not json', [{ VALUE: '[not json', VALUE_TYPE: 'WORK' }]],
		['{not json', [{ VALUE: '{not json', VALUE_TYPE: 'WORK' }]],
		[[null, undefined, ' ', 'x'], [{ VALUE: 'x', VALUE_TYPE: 'WORK' }]],
		[[{ VALUE: 'v', value: 'w' }], [{ VALUE: 'v', value: 'w', VALUE_TYPE: 'WORK' }]],
		[[{ VALUE: 'v', VALUE_TYPE: 'HOME' }], [{ VALUE: 'v', VALUE_TYPE: 'HOME' }]],
		[[{ ID: '7' }], [{ ID: '7', VALUE_TYPE: 'WORK' }]],
		[null, []],
		[{ value: 'o' }, [{ VALUE: 'o', VALUE_TYPE: 'WORK' }]],
		['null', [{ VALUE: 'null', VALUE_TYPE: 'WORK' }]],
		['"x"', [{ VALUE: '"x"', VALUE_TYPE: 'WORK' }]],
	])('%j', (input, expected) => {
		expect(toMultifield(input)).toStrictEqual(expected);
	});

	it('uses the given value type for entries without one', () => {
		expect(toMultifield('a', 'MOBILE')).toStrictEqual([{ VALUE: 'a', VALUE_TYPE: 'MOBILE' }]);
		expect(toMultifield([{ VALUE: 'b' }], 'HOME')).toStrictEqual([
			{ VALUE: 'b', VALUE_TYPE: 'HOME' },
		]);
	});

	it('leaves the entries of the caller untouched', () => {
		const entry = { value: 'x' };
		toMultifield([entry]);
		expect(entry).toStrictEqual({ value: 'x' });
	});
});

describe('toCrmFields', () => {
	const schema = () => crmFieldsToResourceMapper(LEAD_FIELDS, 'create');

	it('converts mapped values to Bitrix24 fields', () => {
		expect(
			toCrmFields(
				{
					TITLE: 'Chat2Desk: Anna',
					OPENED: true,
					OPPORTUNITY: '12.5',
					PHONE: '+49 111',
					UTM_SOURCE: 'google',
					UF_CRM_VIP: 'yes',
					UF_CRM_TAGS: '["1"]',
					UF_CRM_CHANNEL: '11',
					BIRTHDATE: new Date('2000-01-02T00:00:00Z'),
					SOURCE_ID: null,
					UNKNOWN: 'kept',
				},
				schema(),
			),
		).toEqual({
			TITLE: 'Chat2Desk: Anna',
			OPENED: 'Y',
			OPPORTUNITY: 12.5,
			PHONE: [{ VALUE: '+49 111', VALUE_TYPE: 'WORK' }],
			UTM_SOURCE: 'google',
			UF_CRM_VIP: 1,
			UF_CRM_TAGS: ['1'],
			UF_CRM_CHANNEL: '11',
			BIRTHDATE: '2000-01-02T00:00:00.000Z',
			UNKNOWN: 'kept',
		});
	});

	it('keeps values it cannot convert and empty strings (to clear a field)', () => {
		expect(toCrmFields({ OPENED: 'maybe', OPPORTUNITY: 'abc', TITLE: '' }, schema())).toEqual({
			OPENED: 'maybe',
			OPPORTUNITY: 'abc',
			TITLE: '',
		});
	});

	it.each([
		['B', true, 'Y'],
		['B', false, 'N'],
		['B', 1, 'Y'],
		['B', 0, 'N'],
		['B', ' Yes ', 'Y'],
		['B', 'y', 'Y'],
		['B', 'TRUE', 'Y'],
		['B', '1', 'Y'],
		['B', 'no', 'N'],
		['B', 'n', 'N'],
		['B', 'false', 'N'],
		['B', '0', 'N'],
		['B', '', 'N'],
		['B', 'maybe', 'maybe'],
		['B', ['Y'], ['Y']],
		['UF_B', false, 0],
		['UF_B', 'N', 0],
		['UF_B', 'Y', 1],
		['N', ' 7 ', 7],
		['N', 3, 3],
		['N', ' ', ' '],
		['N', 'Infinity', 'Infinity'],
		['N', true, true],
		['D', new Date('2000-01-02T00:00:00Z'), '2000-01-02T00:00:00.000Z'],
		['D', '2000-01-02', '2000-01-02'],
		['D', { toISO: 'x' }, { toISO: 'x' }],
		['A', '["a","b"]', ['a', 'b']],
		['A', 'a', ['a']],
		['A', ['a'], ['a']],
		['A', ' {"x":1} ', [{ x: 1 }]],
		['A', '5', ['5']],
		['A', 'true', ['true']],
		['A', '[oops', ['[oops']],
		['N', new Date(5), new Date(5)],
		['N', -0, -0],
		['S', new Date('2000-01-02T00:00:00Z'), '2000-01-02T00:00:00.000Z'],
		['S', 5, 5],
	])('converts %s = %p to %p', (code, value, expected) => {
		const types = [
			{ id: 'B', type: 'boolean' },
			{ id: 'UF_B', type: 'boolean' },
			{ id: 'N', type: 'number' },
			{ id: 'D', type: 'dateTime' },
			{ id: 'A', type: 'array' },
			{ id: 'S', type: 'string' },
		] as const;
		expect(toCrmFields({ [code]: value }, [...types])).toStrictEqual({ [code]: expected });
	});

	it('drops undefined and null values', () => {
		expect(toCrmFields({ A: undefined, B: null, C: 0 })).toStrictEqual({ C: 0 });
	});

	it('accepts luxon-like dates and works without a schema', () => {
		expect(
			toCrmFields({ BIRTHDATE: { toISO: () => '2001-01-01T00:00:00.000+00:00' }, EMAIL: 'a@b.c' }),
		).toEqual({
			BIRTHDATE: '2001-01-01T00:00:00.000+00:00',
			EMAIL: [{ VALUE: 'a@b.c', VALUE_TYPE: 'WORK' }],
		});
	});
});
