import type { IDataObject } from 'n8n-workflow';

import {
	buildDeliveryNotice,
	DeliveryNoticeError,
	describeReason,
	readDeliveryError,
} from '../../../../nodes/Bitrix24/domain/deliveryError';
import { stableHash } from '../../../../nodes/shared/ids';
import {
	chat2deskTriggerItem,
	failedSendItem,
	outboxStatusBody,
} from '../../../fixtures/chat2deskOpenLines.fixtures';

const statusItem = chat2deskTriggerItem(outboxStatusBody);

describe('describeReason', () => {
	it.each([
		['  Blocked  ', 'Blocked'],
		[403, '403'],
		[{ message: 'Bad token' }, 'Bad token'],
		[{ code: 1, text: 'Too long' }, 'Too long'],
		[['a', { description: 'b' }, null], 'a; b'],
		[null, ''],
		[{}, ''],
		[NaN, ''],
		[Infinity, ''],
		[0, '0'],
		[true, ''],
		[['', '  ', 'a', 5], 'a; 5'],
		[[], ''],
		[{ message: 'm', text: 't', description: 'd', error: 'e', reason: 'r' }, 'm'],
		[{ message: ' ', text: 't' }, 't'],
		[{ description: 'd', error: 'e', reason: 'r' }, 'd'],
		[{ error: 'e', reason: 'r' }, 'e'],
		[{ reason: 'r' }, 'r'],
		[{ error: { message: 'nested' } }, 'nested'],
		[{ code: 5 }, ''],
	])('%p → %p', (value, expected) => {
		expect(describeReason(value)).toBe(expected);
	});
});

describe('readDeliveryError', () => {
	it.each([
		[
			'outbox_status trigger item',
			statusItem,
			{
				source: 'outboxStatus',
				clientId: '17340089',
				messageId: '106773577',
				status: 'error',
				reason: 'The client has blocked the bot',
			},
		],
		[
			'raw outbox_status body, reason only in text',
			{
				hook_type: 'outbox_status',
				data: { client_id: 5, text: 'Message from operator was not delivered' },
			},
			{
				source: 'outboxStatus',
				clientId: '5',
				messageId: undefined,
				status: undefined,
				reason: 'Message from operator was not delivered',
			},
		],
		[
			'outbox_status without any field',
			chat2deskTriggerItem({ hook_type: 'outbox_status' }),
			{
				source: 'outboxStatus',
				clientId: undefined,
				messageId: undefined,
				status: undefined,
				reason: undefined,
			},
		],
		[
			'failed send with the message that was built',
			{
				...failedSendItem,
				chat2deskMessage: { clientId: 17340089, text: 'Hello', externalId: 'b24:1807:86497' },
			},
			{
				source: 'failedSend',
				clientId: '17340089',
				reason: 'Client not found',
				externalId: 'b24:1807:86497',
				text: 'Hello',
			},
		],
		[
			'failed send from an error output (details nested, input fields merged in by n8n)',
			{
				error: 'Chat2Desk refused the request',
				details: { description: 'Client not found', httpCode: '400' },
				chat2deskMessage: { clientId: 7, text: 'Hi', externalId: 'b24:1:2' },
			},
			{
				source: 'failedSend',
				clientId: '7',
				reason: 'Chat2Desk refused the request',
				externalId: 'b24:1:2',
				text: 'Hi',
			},
		],
		['ordinary item', { clientId: 3, text: 'hi' }, { source: 'none', clientId: '3' }],
	])('%s', (_name, json, expected) => {
		expect(readDeliveryError(json as IDataObject)).toEqual(expected);
	});

	const outbox = (fields: IDataObject) =>
		readDeliveryError({ hook_type: 'outbox_status', ...fields });

	it.each([
		['error', { error: 'a', error_text: 'b' }, 'a'],
		['error_text', { error_text: 'b', errorText: 'c' }, 'b'],
		['errorText', { errorText: 'c', reason: 'd' }, 'c'],
		['reason', { reason: 'd', description: 'e' }, 'd'],
		['description', { description: 'e', text: 'f' }, 'e'],
		['text', { text: 'f', status: 'failed' }, 'f'],
		['status', { status: 'failed' }, 'failed'],
	])('reads the reason of an outbox_status from data.%s first', (_key, data, reason) => {
		expect(outbox({ data, error: 'top' }).reason).toBe(reason === 'failed' ? 'top' : reason);
		expect(outbox({ data }).reason).toBe(reason);
	});

	it('reads an outbox_status whose fields sit at the top, not under data', () => {
		expect(
			outbox({ data: 'x', client_id: 4, message_id: 8, status: ' failed ', error: 'Blocked' }),
		).toStrictEqual({
			source: 'outboxStatus',
			clientId: '4',
			messageId: '8',
			status: 'failed',
			reason: 'Blocked',
		});
		expect(outbox({ data: { status: '  ' }, status: 'failed' }).status).toBe('failed');
	});

	it('prefers the ids of the item, then of data, then of the body', () => {
		expect(
			outbox({
				clientId: 1,
				messageId: 2,
				data: { client_id: 3, message_id: 4 },
				client_id: 5,
				message_id: 6,
			}),
		).toMatchObject({ clientId: '1', messageId: '2' });
		expect(
			outbox({ data: { client_id: 3, message_id: 4 }, client_id: 5, message_id: 6 }),
		).toMatchObject({ clientId: '3', messageId: '4' });
	});

	it('takes an item with event outbox_status and a raw body without hook_type', () => {
		expect(
			readDeliveryError({ event: 'outbox_status', raw: { data: { error: 'x', client_id: 2 } } }),
		).toMatchObject({ source: 'outboxStatus', clientId: '2', reason: 'x' });
		expect(readDeliveryError({ event: 'inbox', raw: { data: { error: 'x' } } }).source).toBe(
			'none',
		);
		expect(readDeliveryError({ hook_type: 'outbox_status', raw: [] }).source).toBe('outboxStatus');
	});

	it.each([null, ''])('takes an error of %p for no error', (error) => {
		expect(readDeliveryError({ error, clientId: 3 })).toStrictEqual({
			source: 'none',
			clientId: '3',
		});
	});

	it('reads a failed send from its top-level fields when the built message is missing', () => {
		expect(
			readDeliveryError({
				error: { message: 'Boom' },
				client_id: 6,
				externalId: ' b24:1:2 ',
				text: ' Hi ',
				chat2deskMessage: { externalId: ' ', text: '' },
			}),
		).toStrictEqual({
			source: 'failedSend',
			clientId: '6',
			reason: 'Boom',
			externalId: 'b24:1:2',
			text: 'Hi',
		});
		expect(
			readDeliveryError({
				error: ' ',
				description: 'Top',
				details: { description: 'Nested' },
				clientId: 1,
				chat2deskMessage: { clientId: 2 },
			}),
		).toStrictEqual({
			source: 'failedSend',
			clientId: '1',
			reason: 'Top',
			externalId: undefined,
			text: undefined,
		});
		expect(
			readDeliveryError({ error: ' ', details: { description: 'Nested' }, chat2deskMessage: [] }),
		).toStrictEqual({
			source: 'failedSend',
			clientId: undefined,
			reason: 'Nested',
			externalId: undefined,
			text: undefined,
		});
		expect(readDeliveryError({ chat2deskMessage: { clientId: 2 }, client_id: 3 }).clientId).toBe(
			'2',
		);
	});
});

describe('buildDeliveryNotice', () => {
	it('builds the notice of an outbox_status event with an id from the message id', () => {
		expect(buildDeliveryNotice(statusItem, {})).toEqual({
			skipped: false,
			details: {
				source: 'outboxStatus',
				clientId: '17340089',
				messageId: '106773577',
				status: 'error',
				reason: 'The client has blocked the bot',
			},
			message: {
				chatId: '17340089',
				userId: '17340089',
				messageId: 'c2d-delivery-error-106773577',
				text: 'Message was not delivered to the client: The client has blocked the bot',
				files: [],
				filesJson: '[]',
				isGroupChat: false,
				senderPhone: null,
			},
		});
	});

	it('uses the parameters first and a custom template', () => {
		const result = buildDeliveryNotice(
			{ ...failedSendItem, chat2deskMessage: { text: 'Hello   there', externalId: 'b24:1:2' } },
			{ clientId: ' 77 ', reason: 'Custom', noticeText: 'Not delivered ({reason}): "{text}"' },
		);
		expect(result).toMatchObject({
			skipped: false,
			message: {
				chatId: '77',
				userId: '77',
				messageId: `c2d-delivery-error-${stableHash('77\nb24:1:2\nHello   there\nCustom')}`,
				text: 'Not delivered (Custom): "Hello there"',
			},
		});
	});

	it('gives the same id to the same failure and a different one to another', () => {
		const id = (json: IDataObject) => {
			const result = buildDeliveryNotice(json, { clientId: 9 });
			return result.skipped ? undefined : result.message.messageId;
		};
		expect(id(failedSendItem)).toBe(id({ ...failedSendItem }));
		expect(id(failedSendItem)).not.toBe(id({ ...failedSendItem, error: 'Timeout' }));
		expect(id(failedSendItem)).toMatch(/^c2d-delivery-error-[0-9a-f]{16}$/);
	});

	it('says "reason unknown" for an outbox_status without details', () => {
		const result = buildDeliveryNotice(chat2deskTriggerItem({ hook_type: 'outbox_status' }), {
			clientId: 12,
		});
		expect(result).toMatchObject({
			message: { text: 'Message was not delivered to the client: reason unknown' },
		});
	});

	it.each([
		[
			'a successful status',
			chat2deskTriggerItem({ ...outboxStatusBody, data: { client_id: 1, status: 'delivered' } }),
			'not a delivery error (status delivered)',
		],
		['an item without an error', { clientId: 3, text: 'hi' }, 'no delivery error in the item'],
	])('skips %s', (_name, json, reason) => {
		expect(buildDeliveryNotice(json as IDataObject, {})).toMatchObject({ skipped: true, reason });
	});

	it('hashes the id from the client and reason alone when the item has no text or external id', () => {
		const result = buildDeliveryNotice(failedSendItem, { clientId: 9, noticeText: '[{text}]' });
		expect(result).toStrictEqual({
			skipped: false,
			details: {
				source: 'failedSend',
				clientId: '9',
				reason: 'Client not found',
				externalId: undefined,
				text: undefined,
			},
			message: {
				chatId: '9',
				userId: '9',
				messageId: `c2d-delivery-error-${stableHash('9\n\n\nClient not found')}`,
				text: '[]',
				files: [],
				filesJson: '[]',
				isGroupChat: false,
				senderPhone: null,
			},
		});
	});

	it('fills every placeholder and cuts the undelivered text to 200 characters', () => {
		const result = buildDeliveryNotice(
			{ ...statusItem, chat2deskMessage: { text: `${'a'.repeat(250)}` } },
			{ noticeText: '{clientId}/{messageId}/{reason}' },
		);
		expect(result).toMatchObject({
			message: { text: '17340089/106773577/The client has blocked the bot' },
		});
		const failed = buildDeliveryNotice(
			{ ...failedSendItem, chat2deskMessage: { text: 'a'.repeat(250), clientId: 4 } },
			{ noticeText: '{text}|{messageId}|' },
		);
		expect(failed).toMatchObject({ message: { text: `${'a'.repeat(199)}…||` } });
	});

	it('uses the default text for an empty template', () => {
		expect(buildDeliveryNotice(statusItem, { noticeText: '' })).toMatchObject({
			message: { text: 'Message was not delivered to the client: The client has blocked the bot' },
		});
	});

	it.each([
		['a success status in any case', { status: 'Read' }, undefined, true],
		['every success status', { status: 'seen' }, undefined, true],
		['a success status with an error', { status: 'sent', error: 'Blocked' }, undefined, false],
		['a success status with a given reason', { status: 'ok' }, 'Operator says so', false],
		['a failure status', { status: 'failed' }, undefined, false],
	])('on %s skips: %p', (_name, data, reason, skipped) => {
		const json = { hook_type: 'outbox_status', data: { client_id: 1, ...data } };
		expect(buildDeliveryNotice(json, { reason }).skipped).toBe(skipped);
	});

	it('builds a notice from a given reason when the item has no error', () => {
		expect(buildDeliveryNotice({ clientId: 3 }, { reason: 'Given' })).toMatchObject({
			skipped: false,
			details: { source: 'none', clientId: '3', reason: 'Given' },
			message: { text: 'Message was not delivered to the client: Given' },
		});
	});

	it('asks for the client id when nothing carries it', () => {
		expect(() => buildDeliveryNotice(failedSendItem, { clientId: '' })).toThrow(
			DeliveryNoticeError,
		);
		let thrown: unknown;
		try {
			buildDeliveryNotice(failedSendItem, {});
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DeliveryNoticeError);
		expect(thrown).toMatchObject({
			name: 'DeliveryNoticeError',
			message: 'No Chat2Desk client ID for the delivery-error notice',
			hint: expect.stringContaining('Map Client ID to the client of the failed message'),
		});
	});
});
