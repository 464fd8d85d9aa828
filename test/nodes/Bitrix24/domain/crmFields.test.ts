import {
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
	const create = crmFieldsToResourceMapper(LEAD_FIELDS, 'create');
	const byId = (id: string, list = create) => list.find((field) => field.id === id);

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
		const ids = create.map((field) => field.id);
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
	])('%j', (input, expected) => {
		expect(toMultifield(input)).toEqual(expected);
	});
});

describe('toCrmFields', () => {
	const schema = crmFieldsToResourceMapper(LEAD_FIELDS, 'create');

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
				schema,
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
		expect(toCrmFields({ OPENED: 'maybe', OPPORTUNITY: 'abc', TITLE: '' }, schema)).toEqual({
			OPENED: 'maybe',
			OPPORTUNITY: 'abc',
			TITLE: '',
		});
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
