import {
	findMessageByExternalId,
	findSentMessage,
	messageExternalId,
	nextStartId,
	normaliseRequestMessage,
	parseChat2DeskDate,
	sendResultFromMessage,
	sortMessages,
	toDayMonthYear,
	toIsoDate,
} from '../../../../nodes/Chat2Desk/domain/messages';
import {
	asObject,
	buildCustomFields,
	compact,
	parseIdList,
} from '../../../../nodes/Chat2Desk/domain/params';

describe('Chat2Desk message helpers', () => {
	it.each([
		[1743681006, '2025-04-03T11:50:06.000Z'],
		['1743681006', '2025-04-03T11:50:06.000Z'],
		['2026-07-17T10:45:31 UTC', '2026-07-17T10:45:31.000Z'],
		['2020-12-01 10:00:00', '2020-12-01T10:00:00.000Z'],
		['2019-07-28T23:01:40Z', '2019-07-28T23:01:40.000Z'],
		['2019-07-28T23:01:40+03:00', '2019-07-28T20:01:40.000Z'],
		['garbage', null],
		[null, null],
		['', null],
	])('parses the date %j', (input, expected) => {
		expect(parseChat2DeskDate(input)).toBe(expected);
	});

	it('normalises camelCase request messages', () => {
		const row = {
			id: 1,
			text: 'hi',
			type: 'in',
			created: 1743681006,
			clientID: 9,
			operatorID: 5,
			channelID: 3,
			companyID: 77,
			dialogID: 7,
		};
		expect(normaliseRequestMessage(row)).toEqual({
			...row,
			transport: null,
			clientId: 9,
			operatorId: 5,
			channelId: 3,
			dialogId: 7,
			requestId: null,
			companyId: 77,
			created: '2025-04-03T11:50:06.000Z',
			createdRaw: 1743681006,
		});
	});

	it('normalises snake_case request messages the same way', () => {
		const normalised = normaliseRequestMessage({
			id: '2',
			client_id: 9,
			operator_id: null,
			channel_id: 3,
			dialog_id: 7,
			request_id: 11,
			created: '2020-12-01 10:00:00',
		});
		expect(normalised).toMatchObject({
			id: 2,
			clientId: 9,
			operatorId: null,
			channelId: 3,
			dialogId: 7,
			requestId: 11,
			created: '2020-12-01T10:00:00.000Z',
		});
	});

	it('sorts by created, then id', () => {
		const sorted = sortMessages([
			{ id: 3, created: '2025-01-01T00:00:02.000Z' },
			{ id: 2, created: '2025-01-01T00:00:01.000Z' },
			{ id: 1, created: '2025-01-01T00:00:02.000Z' },
		]);
		expect(sorted.map((row) => row.id)).toEqual([2, 1, 3]);
	});

	it('computes the next inclusive start_id', () => {
		expect(nextStartId([{ id: 5 }, { id: 9 }, { id: 7 }])).toBe(10);
		expect(nextStartId([])).toBeUndefined();
		expect(nextStartId([{ id: 'x' }])).toBeUndefined();
	});

	it('finds a message by external id and rebuilds the send answer', () => {
		const rows = [
			{ id: 1, external_id: 'other' },
			{
				id: 2,
				extra_data: { external_id: 'n8n:42' },
				client_id: 9,
				channel_id: 3,
				type: 'to_client',
			},
		];
		const found = findMessageByExternalId(rows, 'n8n:42');
		expect(found?.id).toBe(2);
		expect(findMessageByExternalId(rows, 'missing')).toBeUndefined();
		expect(sendResultFromMessage(found!)).toEqual({
			message_id: 2,
			channel_id: 3,
			operator_id: null,
			transport: null,
			type: 'to_client',
			client_id: 9,
			dialog_id: null,
			request_id: null,
			external_id: 'n8n:42',
			recoveredAfterError: true,
		});
	});

	it('formats dates for the API without shifting the day', () => {
		expect(toDayMonthYear('2025-04-03T23:30:00+05:00')).toBe('03-04-2025');
		expect(toIsoDate('2025-04-03')).toBe('2025-04-03');
		expect(toIsoDate(new Date('2025-04-03T12:00:00Z'))).toBe('2025-04-03');
		expect(toIsoDate('')).toBeUndefined();
		expect(toDayMonthYear('not a date')).toBeUndefined();
	});
});

describe('Chat2Desk parameter helpers', () => {
	it('parses id lists from strings and arrays', () => {
		expect(parseIdList('5, 6;7 5')).toEqual({ ids: [5, 6, 7], invalid: [] });
		expect(parseIdList(['5', 6, 'x'])).toEqual({ ids: [5, 6], invalid: ['x'] });
		expect(parseIdList(undefined)).toEqual({ ids: [], invalid: [] });
		expect(parseIdList(9)).toEqual({ ids: [9], invalid: [] });
	});

	it('builds custom_fields keyed by field id', () => {
		expect(
			buildCustomFields({
				field: [
					{ fieldId: '42', value: 'a' },
					{ fieldId: 7, value: '' },
					{ fieldId: '', value: 'x' },
				],
			}),
		).toEqual({ '42': 'a', '7': '' });
		expect(buildCustomFields({})).toBeUndefined();
		expect(buildCustomFields({ field: [] })).toBeUndefined();
	});

	it('compacts objects and wraps non-objects', () => {
		expect(compact({ a: 1, b: '', c: null, d: undefined, e: false, f: 0 })).toEqual({
			a: 1,
			e: false,
			f: 0,
		});
		expect(asObject({ a: 1 })).toEqual({ a: 1 });
		expect(asObject([1])).toEqual({ result: [1] });
		expect(asObject(null)).toEqual({});
	});
});

// The unclear send happened at `since`; a candidate row is a message created a second later.
const since = Date.parse('2026-07-17T10:45:30Z');
const candidate = (fields: Record<string, unknown>) => ({
	id: 1,
	type: 'to_client',
	text: 'Hello',
	created: '2026-07-17T10:45:31 UTC',
	...fields,
});

describe('findSentMessage: the message an unclear send created', () => {

	it('finds it by external id when the account echoes external ids', () => {
		const rows = [candidate({ id: 2, external_id: 'b24:9' }), candidate({ id: 1, external_id: 'b24:8' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })?.id).toBe(1);
	});

	it('does not fall back to the text when external ids are echoed but this one is missing', () => {
		const rows = [candidate({ id: 2, external_id: 'b24:9' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })).toBeUndefined();
	});

	it('matches by text since the first attempt when no message carries an external id', () => {
		const rows = [candidate({ id: 3, text: 'Other' }), candidate({ id: 2 }), candidate({ id: 1, created: '2026-07-17T10:40:00 UTC' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })?.id).toBe(2);
	});

	it('ignores client messages and messages older than the attempt (less clock skew)', () => {
		expect(
			findSentMessage([candidate({ type: 'from_client' })], { text: 'Hello', sinceMs: since }),
		).toBeUndefined();
		expect(
			findSentMessage([candidate({ created: '2026-07-17T10:45:20 UTC' })], { text: 'Hello', sinceMs: since }),
		).toBeUndefined();
		expect(
			findSentMessage([candidate({ created: '2026-07-17T10:45:27 UTC' })], { text: 'Hello', sinceMs: since }),
		).toBeDefined();
	});

	it('matches an attachment by its link', () => {
		const rows = [candidate({ text: '', attachments: [{ link: 'https://files.example/a.pdf' }] })];
		expect(
			findSentMessage(rows, { text: '', attachment: 'https://files.example/a.pdf', sinceMs: since }),
		).toBeDefined();
		expect(
			findSentMessage(rows, { text: '', attachment: 'https://files.example/b.pdf', sinceMs: since }),
		).toBeUndefined();
	});

	it('finds nothing for an empty message', () => {
		expect(findSentMessage([candidate({ text: '' })], { text: '', sinceMs: since })).toBeUndefined();
	});
});

describe('Chat2Desk message helpers: the other spellings and edges', () => {
	it('fills the fields a row lacks with null and reads empty or invalid ids as none', () => {
		expect(normaliseRequestMessage({ id: '', clientId: 'x', dialogId: '4', channel_id: '' })).toStrictEqual({
			id: null,
			clientId: null,
			dialogId: 4,
			channel_id: '',
			text: null,
			type: null,
			transport: null,
			operatorId: null,
			channelId: null,
			requestId: null,
			companyId: null,
			created: null,
			createdRaw: null,
		});
		expect(normaliseRequestMessage({ id: null, text: 't', type: 'in', transport: 'wa' })).toMatchObject({
			id: null,
			text: 't',
			type: 'in',
			transport: 'wa',
		});
	});

	it('reads every camelCase and snake_case spelling', () => {
		expect(
			normaliseRequestMessage({ clientId: 1, operator_id: 2, channelId: 3, requestId: 4, company_id: 5 }),
		).toMatchObject({ clientId: 1, operatorId: 2, channelId: 3, requestId: 4, companyId: 5 });
		expect(
			normaliseRequestMessage({ client_id: 1, operatorId: 2, channel_id: 3, request_id: 4, companyId: 5 }),
		).toMatchObject({ clientId: 1, operatorId: 2, channelId: 3, requestId: 4, companyId: 5 });
	});

	it('takes the first spelling that has a value', () => {
		expect(
			normaliseRequestMessage({
				clientID: null,
				clientId: '',
				client_id: 5,
				operatorId: 6,
				operator_id: 7,
				requestID: 8,
				request_id: 9,
				companyId: 3,
			}),
		).toMatchObject({ clientId: 5, operatorId: 6, requestId: 8, companyId: 3 });
	});

	it('sorts rows without a date first and rows without an id as id 0', () => {
		const sorted = sortMessages([
			{ id: 4, created: '2025-01-01T00:00:01.000Z' },
			{ id: 3 },
			{ created: '2025-01-01T00:00:01.000Z' },
			{ id: 1, created: '' },
		]);
		expect(sorted.map((row) => row.id)).toEqual([1, 3, undefined, 4]);
	});

	it('pages from the highest numeric id, negative and zero ids included', () => {
		expect(nextStartId([{ id: -5 }, { id: -9 }])).toBe(-4);
		expect(nextStartId([{ id: 0 }, { id: 'x' }])).toBe(1);
		expect(nextStartId([{ id: '7' }, { id: 3 }])).toBe(8);
	});

	it.each([
		[{ external_id: 5 }, '5'],
		[{ external_id: '' }, undefined],
		[{ external_id: null, extra_data: { external_id: 'e' } }, 'e'],
		[{ extra_data: null }, undefined],
		[{ extra_data: 'text' }, undefined],
		[{ extra_data: { external_id: null } }, undefined],
		[{ extra_data: { external_id: 0 } }, '0'],
	])('reads the external id of %p', (row, expected) => {
		expect(messageExternalId(row)).toBe(expected);
	});

	it('rebuilds a send answer without an external id', () => {
		expect(sendResultFromMessage({ id: '3', operator_id: '2', transport: 'wa' })).toStrictEqual({
			message_id: 3,
			channel_id: null,
			operator_id: 2,
			transport: 'wa',
			type: null,
			client_id: null,
			dialog_id: null,
			request_id: null,
			external_id: null,
			recoveredAfterError: true,
		});
	});

	it.each([
		['  2025-04-03 junk', '2025-04-03', '03-04-2025'],
		['2025-04-03T23:30:00+05:00', '2025-04-03', '03-04-2025'],
		['April 3, 2025 12:00 UTC', '2025-04-03', '03-04-2025'],
		[new Date('invalid'), undefined, undefined],
		[null, undefined, undefined],
		[undefined, undefined, undefined],
		// Only a leading date is taken as written.
		['#2025-04-03T23:30:00+05:00', undefined, undefined],
	])('reads the date %p', (value, iso, dayMonthYear) => {
		expect(toIsoDate(value)).toBe(iso);
		expect(toDayMonthYear(value)).toBe(dayMonthYear);
	});
});

describe('findSentMessage: edges', () => {

	it('accepts outgoing types and rows without a type, refuses the others', () => {
		expect(findSentMessage([candidate({ type: 'out' })], { text: 'Hello', sinceMs: since })).toBeDefined();
		expect(findSentMessage([candidate({ type: undefined })], { text: 'Hello', sinceMs: since })).toBeDefined();
		expect(findSentMessage([candidate({ type: 'comment' })], { text: 'Hello', sinceMs: since })).toBeUndefined();
		expect(findSentMessage([candidate({ type: 'system' })], { text: 'Hello', sinceMs: since })).toBeUndefined();
	});

	it('counts a message dated exactly at the clock-skew limit, and not one without a date', () => {
		expect(
			findSentMessage([candidate({ created: '2026-07-17T10:45:25 UTC' })], { text: 'Hello', sinceMs: since }),
		).toBeDefined();
		expect(
			findSentMessage([candidate({ created: '2026-07-17T10:45:24.999Z' })], { text: 'Hello', sinceMs: since }),
		).toBeUndefined();
		expect(findSentMessage([candidate({ created: null })], { text: 'Hello', sinceMs: since })).toBeUndefined();
		expect(findSentMessage([candidate({ created: 'soon' })], { text: 'Hello', sinceMs: since })).toBeUndefined();
	});

	it('compares trimmed texts and needs the same text', () => {
		expect(findSentMessage([candidate({ text: '  Hello \n' })], { text: ' Hello', sinceMs: since })).toBeDefined();
		expect(findSentMessage([candidate({ text: 'Hello!' })], { text: 'Hello', sinceMs: since })).toBeUndefined();
		expect(findSentMessage([candidate({ text: null })], { text: 'Hello', sinceMs: since })).toBeUndefined();
		expect(findSentMessage([candidate({ text: 5 })], { text: '5', sinceMs: since })).toBeUndefined();
	});

	it('finds nothing to look for in a blank or non-text message', () => {
		expect(findSentMessage([candidate({ text: '' })], { text: '   ', sinceMs: since })).toBeUndefined();
		expect(findSentMessage([candidate({ text: '' })], { text: 5, attachment: 7, sinceMs: since })).toBeUndefined();
	});

	it('matches an attachment sent as a photo, and needs the attachment among the files', () => {
		const link = 'https://files.example/a.jpg';
		expect(findSentMessage([candidate({ text: '', photo: link })], { attachment: link, sinceMs: since })).toBeDefined();
		expect(
			findSentMessage([candidate({ text: '', attachments: 'a.jpg' })], { attachment: link, sinceMs: since }),
		).toBeUndefined();
		expect(
			findSentMessage([candidate({ text: '', attachments: [null, { link }] })], { attachment: link, sinceMs: since }),
		).toBeDefined();
		expect(
			findSentMessage([candidate({ text: '', attachments: [{ url: link }] })], { attachment: link, sinceMs: since }),
		).toBeUndefined();
		expect(findSentMessage([candidate({ text: 'Hello' })], { text: 'Hello', attachment: link, sinceMs: since })).toBeUndefined();
	});

	it('does not match by content once any recent message carries an external id', () => {
		const rows = [candidate({ id: 2, external_id: 'b24:9', text: 'Other' }), candidate({ id: 1 })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })).toBeUndefined();
	});

	it('matches a file-only message whose text is missing', () => {
		const link = 'https://files.example/a.pdf';
		expect(
			findSentMessage([candidate({ text: null, attachments: [{ link }] })], { attachment: link, sinceMs: since }),
		).toBeDefined();
	});

	it('matches by content when no external id is asked for, even if rows carry one', () => {
		expect(
			findSentMessage([candidate({ id: 5, external_id: 'b24:1' })], { text: 'Hello', sinceMs: since })?.id,
		).toBe(5);
	});
});
