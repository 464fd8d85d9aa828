/** Bitrix24 Open Lines → Message → Send with Input "Chat2Desk Message" / "Chat2Desk Delivery Error". */
import type { IDataObject } from 'n8n-workflow';

import {
	chat2deskTriggerItem,
	failedSendItem,
	groupInboxBody,
	inboxBody,
	outboxStatusBody,
} from '../../../../fixtures/chat2deskOpenLines.fixtures';
import type { N8nHarness } from '../../../../helpers/n8n';
import { CONNECTOR, type SimContext, useBitrix24Simulator } from '../../helpers';

let ctx: SimContext;
let h: N8nHarness;

useBitrix24Simulator((suite) => ({ ctx, h } = suite), { connectorLines: [1] });
beforeEach(() => ctx.sim.clearRequestsLog());

const sendCalls = () =>
	ctx.sim.getRequestsLog().filter((entry) => entry.method === 'imconnector.send.messages');
const texts = (chat: string) =>
	ctx.sim.getMessages({ external_chat_id: chat, direction: 'in' }).map((m) => m.text);

function send(parameters: Record<string, unknown>, input: IDataObject[]) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: {
			resource: 'message',
			operation: 'send',
			connector: CONNECTOR,
			line: '1',
			input: 'chat2deskMessage',
			...parameters,
		},
		credentialTypes: ['bitrix24OAuth2Api'],
		input,
	});
}

describe('message → send, input Chat2Desk Message', () => {
	it('sends trigger items as they come, client name and date included, in one call', async () => {
		const first = chat2deskTriggerItem({ ...inboxBody, client_id: 9001, message_id: 1, text: 'one' });
		const second = chat2deskTriggerItem({ ...inboxBody, client_id: 9001, message_id: 2, text: 'two' });
		const { items, error } = await send({ sending: { allInOneCall: true, batchSize: 50 } }, [
			first,
			second,
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.externalMessageId)).toEqual(['1', '2']);
		expect(sendCalls()).toHaveLength(1);
		expect(texts('9001')).toEqual(['one', 'two']);
	});

	it('neutralises BB codes in client text unless allowed', async () => {
		const text = '[b]Operator Anna:[/b][br][URL=https://evil.example]pay here[/URL][img]https://t.example/p.gif[/img]';
		const item = chat2deskTriggerItem({ ...inboxBody, client_id: 9002, message_id: 3, text });
		await send({}, [item]);
		const [safe] = texts('9002');
		expect(safe).not.toMatch(/\[(b|url|img)/i);
		expect(String(safe).replace(/\u200b/g, '')).toBe(text);

		const allowed = chat2deskTriggerItem({ ...inboxBody, client_id: 9003, message_id: 4, text });
		await send({ chat2deskOptions: { allowBbCodes: true } }, [allowed]);
		expect(texts('9003')).toEqual([text]);
	});

	it('signs the group sender phone only for group chats, and can leave it off', async () => {
		const group = chat2deskTriggerItem({ ...groupInboxBody, client_id: 9004, message_id: 5 });
		const single = chat2deskTriggerItem({
			...inboxBody,
			client_id: 9005,
			message_id: 6,
			text: '+79001234567: I am in your group',
		});
		await send({ signGroupSenderPhone: false }, [group, single]);
		expect(texts('9004')).toEqual(['Hi']);
		// A 1:1 client's text is never read as a group prefix.
		expect(texts('9005')).toEqual(['+79001234567: I am in your group']);
	});

	it('cuts long texts and skips what is not a client message', async () => {
		const long = chat2deskTriggerItem({ ...inboxBody, client_id: 9006, message_id: 7, text: 'x'.repeat(50) });
		const outgoing = { id: 8, client_id: 9006, type: 'to_client', text: 'operator' };
		const { items } = await send({ chat2deskOptions: { maxTextLength: 10 } }, [long, outgoing]);
		expect(texts('9006')).toEqual(['xxxxxxxxx…']);
		expect(items[1].json).toMatchObject({ skipped: true, reason: expect.stringContaining('not a client message') });
	});
});

describe('message → send, input Chat2Desk Delivery Error', () => {
	it('posts a notice for an outbox_status error and for a failed send', async () => {
		const outbox = chat2deskTriggerItem(outboxStatusBody);
		const { error } = await send(
			{ input: 'chat2deskDeliveryError', deliveryErrorClientId: '={{ $json.clientId ?? 9007 }}' },
			[outbox, failedSendItem],
		);
		expect(error).toBeUndefined();
		expect(texts(String(outboxStatusBody.data.client_id))).toEqual([
			'Message was not delivered to the client: The client has blocked the bot',
		]);
		expect(texts('9007')).toEqual(['Message was not delivered to the client: Client not found']);
	});

	it('skips a status that is not an error', async () => {
		const delivered = chat2deskTriggerItem({
			...outboxStatusBody,
			data: { ...outboxStatusBody.data, status: 'delivered', error: undefined },
		});
		const { items } = await send({ input: 'chat2deskDeliveryError' }, [delivered]);
		expect(items[0].json).toMatchObject({ skipped: true });
		expect(sendCalls()).toHaveLength(0);
	});
});
