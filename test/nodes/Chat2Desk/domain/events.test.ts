import {
	buildEventId,
	CHAT2DESK_EVENTS,
	eventChannelIds,
	filterChat2DeskEvent,
	normaliseChat2DeskEvent,
	parseChat2DeskEvent,
	type EventFilter,
} from '../../../../nodes/Chat2Desk/domain/events';
import { chat2deskInbox } from '../../../fixtures/chat2desk';

const inbox = chat2deskInbox({
	text: 'Text',
	attachments: [{ name: 'photo.jpg', link: 'https://files.example/photo.jpg' }],
	event_time: '2019-07-28T23:01:40Z',
});

const filter = (overrides: Partial<EventFilter> = {}): EventFilter => ({
	events: [...CHAT2DESK_EVENTS],
	channelIds: [],
	ignoreOwnMessages: false,
	ownExternalIdPrefix: 'n8n:',
	...overrides,
});

function parseAndNormalise(body: object) {
	const parsed = parseChat2DeskEvent(body);
	if (!parsed.ok) throw new Error(parsed.error);
	return normaliseChat2DeskEvent(parsed.event, parsed.body);
}

describe('Chat2Desk event schemas', () => {
	it('accepts the vendor inbox example and keeps unknown keys', () => {
		const parsed = parseChat2DeskEvent({ ...inbox, brand_new_field: 1 });
		expect(parsed).toEqual({ ok: true, event: 'inbox', body: { ...inbox, brand_new_field: 1 } });
	});

	it.each([
		['not an object', 'hello', 'body: expected a JSON object'],
		['an array', [inbox], 'body: expected a JSON object'],
		['null', null, 'body: expected a JSON object'],
		['no hook_type', { message_id: 1 }, 'hook_type: Required'],
		['empty hook_type', { hook_type: '' }, 'hook_type'],
		['inbox without message_id', { hook_type: 'inbox', text: 'x' }, 'message_id: Required'],
		[
			'inbox with a non-numeric message_id',
			{ hook_type: 'inbox', message_id: 'abc' },
			'message_id',
		],
		['tag event without tag id', { hook_type: 'add_tag_to_client', client_id: 5 }, 'id: Required'],
		[
			'client tag event without client',
			{ hook_type: 'delete_tag_from_client', id: 5 },
			'client_id: Required',
		],
		['new_client without id', { hook_type: 'new_client', phone: '1' }, 'id: Required'],
		['close_request without request_id', { hook_type: 'close_request' }, 'request_id: Required'],
		[
			'attachments not a list',
			{ hook_type: 'outbox', message_id: 1, attachments: 'x' },
			'attachments',
		],
	])('rejects %s', (_case, body, message) => {
		const parsed = parseChat2DeskEvent(body);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toContain(message);
	});

	it.each([
		[
			'outbox_status with nested data',
			{
				hook_type: 'outbox_status',
				data: { client_id: 3, text: 'Message from operator was not delivered' },
			},
		],
		['close_dialog with nulls', { hook_type: 'close_dialog', dialog_id: 4, operator_id: null }],
		[
			'dialog_transferred',
			{ hook_type: 'dialog_transferred', dialog_id: 4, client_id: 9, operator_id: 5 },
		],
		[
			'new_request',
			{ hook_type: 'new_request', request_id: 1, client_id: 2, type: 'common', by_client: true },
		],
		['add_tag_to_request', { hook_type: 'add_tag_to_request', id: 7, request_id: 11 }],
		['unknown hook type', { hook_type: 'operator_status_updated', id: '5', online: 1 }],
		['ids as numeric strings', { hook_type: 'inbox', message_id: '77', client_id: '9' }],
	])('accepts %s', (_case, body) => {
		expect(parseChat2DeskEvent(body).ok).toBe(true);
	});
});

describe('Chat2Desk event normalisation', () => {
	it('normalises an inbox message into one flat item with the original body', () => {
		expect(parseAndNormalise(inbox)).toEqual({
			event: 'inbox',
			eventId: 'inbox:106773169',
			eventTime: '2019-07-28T23:01:40Z',
			clientId: 17340089,
			channelId: 17,
			dialogId: null,
			requestId: 8725057,
			operatorId: null,
			messageId: 106773169,
			tagId: null,
			text: 'Text',
			transport: 'telegram',
			messageType: 'from_client',
			externalId: null,
			attachments: [{ name: 'photo.jpg', link: 'https://files.example/photo.jpg' }],
			isNewRequest: true,
			isNewClient: false,
			client: inbox.client,
			raw: inbox,
		});
	});

	it('gives a redelivery of the same message the same eventId, another message another one', () => {
		const first = parseAndNormalise(inbox);
		const again = parseAndNormalise({ ...inbox, event_time: '2019-07-28T23:01:50Z' });
		const other = parseAndNormalise({ ...inbox, message_id: 106773170 });
		expect(again.eventId).toBe(first.eventId);
		expect(other.eventId).not.toBe(first.eventId);
	});

	it('converts numeric-string ids', () => {
		const item = parseAndNormalise({
			hook_type: 'outbox',
			message_id: '77',
			client_id: '9',
			channel_id: '3',
		});
		expect(item).toMatchObject({ messageId: 77, clientId: 9, channelId: 3, eventId: 'outbox:77' });
	});

	it('reads the tag id and client of tag events', () => {
		const item = parseAndNormalise({
			hook_type: 'add_tag_to_client',
			id: 379158,
			client_id: 17340089,
			channel_id: 17,
			event_time: '2025-01-01T00:00:00Z',
		});
		expect(item).toMatchObject({
			tagId: 379158,
			clientId: 17340089,
			channelId: 17,
			requestId: null,
		});
		expect(item.eventId).toBe(
			'add_tag_to_client:client=17340089:channel=17:tag=379158:2025-01-01T00:00:00Z',
		);
	});

	it('reads the client id and channel of client events', () => {
		const item = parseAndNormalise({
			hook_type: 'new_client',
			id: 55,
			phone: '79001234567',
			channels: [{ id: 17, transports: ['whatsapp'] }],
			event_time: '2025-01-01T00:00:00Z',
		});
		expect(item).toMatchObject({ clientId: 55, channelId: 17, tagId: null });
		expect(item.client).toMatchObject({ id: 55, phone: '79001234567' });
	});

	it('reads outbox_status fields nested under data', () => {
		const item = parseAndNormalise({
			hook_type: 'outbox_status',
			data: {
				client_id: 3,
				message_id: 8,
				text: 'Message from operator was not delivered',
				channel_id: 2,
			},
			event_time: '2025-01-01T00:00:00Z',
		});
		expect(item).toMatchObject({
			clientId: 3,
			messageId: 8,
			channelId: 2,
			text: 'Message from operator was not delivered',
		});
	});

	it('finds external ids at the top level or in extra_data', () => {
		expect(
			parseAndNormalise({ hook_type: 'outbox', message_id: 1, external_id: 'n8n:1' }).externalId,
		).toBe('n8n:1');
		expect(
			parseAndNormalise({
				hook_type: 'outbox',
				message_id: 1,
				extra_data: { external_id: 'n8n:2' },
			}).externalId,
		).toBe('n8n:2');
	});

	it('lists every channel an event names', () => {
		expect(eventChannelIds({ channel_id: 3 })).toEqual([3]);
		expect(eventChannelIds({ channels: [{ id: 4 }, { id: 5 }] })).toEqual([4, 5]);
		expect(eventChannelIds({ data: { channel_id: '6' } })).toEqual([6]);
		expect(eventChannelIds({ request_id: 1 })).toEqual([]);
	});
});

describe('Chat2Desk event filter', () => {
	it('passes a selected event', () => {
		expect(filterChat2DeskEvent(parseAndNormalise(inbox), filter({ events: ['inbox'] }))).toEqual({
			pass: true,
		});
	});

	it('drops an event that is not selected', () => {
		expect(filterChat2DeskEvent(parseAndNormalise(inbox), filter({ events: ['outbox'] }))).toEqual({
			pass: false,
			reason: 'event "inbox" is not selected',
		});
	});

	it('drops an event of another channel, keeps selected channels and channel-less events', () => {
		const item = parseAndNormalise(inbox);
		expect(filterChat2DeskEvent(item, filter({ channelIds: [18] }))).toEqual({
			pass: false,
			reason: 'channel 17 is not selected',
		});
		expect(filterChat2DeskEvent(item, filter({ channelIds: [18, 17] }))).toEqual({ pass: true });
		const closeRequest = parseAndNormalise({ hook_type: 'close_request', request_id: 4 });
		expect(filterChat2DeskEvent(closeRequest, filter({ channelIds: [18] }))).toEqual({
			pass: true,
		});
	});

	it('drops own outbox echoes only when asked, and only with the prefix', () => {
		const own = parseAndNormalise({ hook_type: 'outbox', message_id: 1, external_id: 'n8n:42' });
		const foreign = parseAndNormalise({
			hook_type: 'outbox',
			message_id: 2,
			external_id: 'crm:42',
		});
		expect(filterChat2DeskEvent(own, filter())).toEqual({ pass: true });
		expect(filterChat2DeskEvent(own, filter({ ignoreOwnMessages: true }))).toEqual({
			pass: false,
			reason: 'own message (external id prefix)',
		});
		expect(filterChat2DeskEvent(foreign, filter({ ignoreOwnMessages: true }))).toEqual({
			pass: true,
		});
	});
});

describe('Chat2Desk event normalisation: the other shapes and spellings', () => {
	it.each([
		[true, true],
		[false, false],
		[1, true],
		[0, false],
		[2, true],
		['1', true],
		['TRUE', true],
		['yes', true],
		['0', false],
		['no', false],
		['', null],
		[null, null],
	])('reads the flag %p as %p', (value, expected) => {
		const body = { hook_type: 'inbox', message_id: 1, is_new_request: value, is_new_client: value };
		expect(parseAndNormalise(body)).toMatchObject({ isNewRequest: expected, isNewClient: expected });
	});

	it('reads a missing flag as unknown', () => {
		expect(parseAndNormalise({ hook_type: 'inbox', message_id: 1 })).toMatchObject({
			isNewRequest: null,
			isNewClient: null,
		});
	});

	it('keys every message event by its message id, other events by their ids and time', () => {
		expect(buildEventId('comment', { message: 5, client: 2 }, 't')).toBe('comment:5');
		expect(buildEventId('imported_message', { message: 6 }, null)).toBe('imported_message:6');
		expect(buildEventId('inbox', { message: null, client: 2 }, 't')).toBe('inbox:client=2:t');
		expect(buildEventId('close_dialog', { message: 5, dialog: null, client: 0 }, null)).toBe(
			'close_dialog:message=5:client=0:',
		);
	});

	it('gives message events a message type, other events none', () => {
		expect(parseAndNormalise({ hook_type: 'comment', message_id: 1, type: 'comment' })).toMatchObject({
			messageType: 'comment',
			eventId: 'comment:1',
		});
		expect(parseAndNormalise({ hook_type: 'new_request', request_id: 1, type: 'common' })).toMatchObject({
			messageType: null,
			eventId: 'new_request:request=1:',
		});
	});

	it('turns other scalar texts into text and keeps missing ones null', () => {
		const item = normaliseChat2DeskEvent('custom', {
			hook_type: 'custom',
			text: 42,
			transport: false,
			event_time: 0,
			external_id: 7,
		});
		expect(item).toMatchObject({ text: '42', transport: 'false', eventTime: '0', externalId: '7' });
		expect(normaliseChat2DeskEvent('custom', { hook_type: 'custom', text: null })).toMatchObject({
			text: null,
			transport: null,
			eventTime: null,
			externalId: null,
			attachments: [],
			client: null,
		});
	});

	it('reads outbox_status ids from the top level first, then from data', () => {
		const item = parseAndNormalise({
			hook_type: 'outbox_status',
			client_id: 1,
			data: { client_id: 3, request_id: 4, dialog_id: 5, operator_id: 6, transport: 'wa' },
			external_id: 'n8n:1',
		});
		expect(item).toMatchObject({
			clientId: 1,
			requestId: 4,
			dialogId: 5,
			operatorId: 6,
			transport: 'wa',
			externalId: 'n8n:1',
		});
		expect(parseAndNormalise({ hook_type: 'outbox_status', data: null })).toMatchObject({
			clientId: null,
			messageId: null,
		});
	});

	it('falls back to data for the fields of other events too', () => {
		const item = normaliseChat2DeskEvent('dialog_transferred', {
			hook_type: 'dialog_transferred',
			data: { dialog_id: '8', text: 'moved', external_id: 'x:1', message_id: 'bad' },
		});
		expect(item).toMatchObject({ dialogId: 8, text: 'moved', externalId: 'x:1', messageId: null });
	});

	it('takes the client id from the client object and skips empty ids', () => {
		const item = normaliseChat2DeskEvent('inbox', {
			hook_type: 'inbox',
			message_id: 1,
			client_id: '',
			client: { id: 12 },
			channels: [{ id: 3 }],
		});
		expect(item).toMatchObject({ clientId: 12, channelId: 3, client: { id: 12 } });
		expect(
			normaliseChat2DeskEvent('inbox', { hook_type: 'inbox', message_id: 1, client: 'x', channels: 'y' }),
		).toMatchObject({ clientId: null, channelId: null, client: null });
	});

	it('reads the client id, tag id and client of every client and tag event', () => {
		for (const event of ['client_updated', 'client_added_to_blacklist']) {
			const item = parseAndNormalise({ hook_type: event, id: 55, client: { id: 9 } });
			expect(item).toMatchObject({ clientId: 55, tagId: null });
			expect(item.client).toMatchObject({ id: 55 });
		}
		for (const event of ['delete_tag_from_client', 'add_tag_to_request', 'delete_tag_from_request']) {
			expect(parseAndNormalise({ hook_type: event, id: 7, client_id: 9, request_id: 3 })).toMatchObject({
				tagId: 7,
				clientId: 9,
			});
		}
		expect(parseAndNormalise({ hook_type: 'close_dialog', id: 7, dialog_id: 1 }).tagId).toBeNull();
	});

	it('reads the external id from extra_data only when it is an object', () => {
		expect(
			normaliseChat2DeskEvent('outbox', { hook_type: 'outbox', message_id: 1, extra_data: 'n8n:1' })
				.externalId,
		).toBeNull();
		expect(
			normaliseChat2DeskEvent('outbox', {
				hook_type: 'outbox',
				message_id: 1,
				external_id: 'top',
				extra_data: { external_id: 'extra' },
			}).externalId,
		).toBe('top');
	});

	it('lists each channel once, skipping entries without an id', () => {
		expect(
			eventChannelIds({ channel_id: 3, data: { channel_id: 3 }, channels: [{ id: 3 }, null, { id: 'x' }, { id: 4 }] }),
		).toEqual([3, 4]);
		expect(eventChannelIds({ data: 'text', channels: 'all' })).toEqual([]);
	});
});

describe('Chat2Desk event filter: edges', () => {
	it('passes everything with an empty prefix or on events other than outbox', () => {
		const own = parseAndNormalise({ hook_type: 'outbox', message_id: 1, external_id: 'n8n:42' });
		expect(filterChat2DeskEvent(own, filter({ ignoreOwnMessages: true, ownExternalIdPrefix: '' }))).toEqual({
			pass: true,
		});
		const inboxOwn = parseAndNormalise({ hook_type: 'inbox', message_id: 1, external_id: 'n8n:42' });
		expect(filterChat2DeskEvent(inboxOwn, filter({ ignoreOwnMessages: true }))).toEqual({ pass: true });
		const noId = parseAndNormalise({ hook_type: 'outbox', message_id: 1 });
		expect(filterChat2DeskEvent(noId, filter({ ignoreOwnMessages: true }))).toEqual({ pass: true });
	});

	it('names every channel of a dropped event', () => {
		const item = normaliseChat2DeskEvent('new_client', {
			hook_type: 'new_client',
			id: 1,
			channels: [{ id: 4 }, { id: 5 }],
		});
		expect(filterChat2DeskEvent(item, filter({ channelIds: [6] }))).toEqual({
			pass: false,
			reason: 'channel 4, 5 is not selected',
		});
		expect(filterChat2DeskEvent(item, filter({ channelIds: [5] }))).toEqual({ pass: true });
	});
});
