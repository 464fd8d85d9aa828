import {
	findMessageByExternalId,
	findSentMessage,
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

describe('findSentMessage: the message an unclear send created', () => {
	const since = Date.parse('2026-07-17T10:45:30Z');
	const row = (fields: Record<string, unknown>) => ({
		id: 1,
		type: 'to_client',
		text: 'Hello',
		created: '2026-07-17T10:45:31 UTC',
		...fields,
	});

	it('finds it by external id when the account echoes external ids', () => {
		const rows = [row({ id: 2, external_id: 'b24:9' }), row({ id: 1, external_id: 'b24:8' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })?.id).toBe(1);
	});

	it('does not fall back to the text when external ids are echoed but this one is missing', () => {
		const rows = [row({ id: 2, external_id: 'b24:9' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })).toBeUndefined();
	});

	it('matches by text since the first attempt when no message carries an external id', () => {
		const rows = [row({ id: 3, text: 'Other' }), row({ id: 2 }), row({ id: 1, created: '2026-07-17T10:40:00 UTC' })];
		expect(findSentMessage(rows, { externalId: 'b24:8', text: 'Hello', sinceMs: since })?.id).toBe(2);
	});

	it('ignores client messages and messages older than the attempt (less clock skew)', () => {
		expect(
			findSentMessage([row({ type: 'from_client' })], { text: 'Hello', sinceMs: since }),
		).toBeUndefined();
		expect(
			findSentMessage([row({ created: '2026-07-17T10:45:20 UTC' })], { text: 'Hello', sinceMs: since }),
		).toBeUndefined();
		expect(
			findSentMessage([row({ created: '2026-07-17T10:45:27 UTC' })], { text: 'Hello', sinceMs: since }),
		).toBeDefined();
	});

	it('matches an attachment by its link', () => {
		const rows = [row({ text: '', attachments: [{ link: 'https://files.example/a.pdf' }] })];
		expect(
			findSentMessage(rows, { text: '', attachment: 'https://files.example/a.pdf', sinceMs: since }),
		).toBeDefined();
		expect(
			findSentMessage(rows, { text: '', attachment: 'https://files.example/b.pdf', sinceMs: since }),
		).toBeUndefined();
	});

	it('finds nothing for an empty message', () => {
		expect(findSentMessage([row({ text: '' })], { text: '', sinceMs: since })).toBeUndefined();
	});
});
