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

	it('asks for the client id when nothing carries it', () => {
		expect(() => buildDeliveryNotice(failedSendItem, { clientId: '' })).toThrow(
			DeliveryNoticeError,
		);
	});
});
