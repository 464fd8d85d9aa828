/**
 * Webhooks of the Chat2Desk simulator, checked against the reference: registration through the API,
 * payload keys, HMAC signature, ordering, retries/disable, and the events the control API triggers.
 */
import { createHash, createHmac } from 'crypto';
import type { AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import type { Chat2DeskSimulator } from '../../../sandbox/chat2desk';
import { startReceiver, now, type Receiver, type ReceivedHook } from './receiver';
import { useChat2DeskWebhookSimulator } from './suite';

const TOKEN = 'hook-test-token';

/** The reference's algorithm: hex(HMAC-SHA256(key = md5hex(token), rawBody + timestamp)). */
function hmacHex(key: string, message: string): string {
	return createHmac('sha256', key).update(message).digest('hex');
}
function expectedSignature(token: string, raw: string, timestamp: string): string {
	return hmacHex(createHash('md5').update(token).digest('hex'), raw + timestamp);
}

const INBOX_KEYS = [
	'message_id',
	'type',
	'text',
	'transport',
	'client_id',
	'operator_id',
	'dialog_id',
	'channel_id',
	'photo',
	'coordinates',
	'audio',
	'pdf',
	'client',
	'hook_type',
	'request_id',
	'attachments',
	'is_new_request',
	'is_new_client',
	'insta_comment',
	'extra_data',
	'is_new',
	'event_time',
];

let sim: Chat2DeskSimulator;
let api: AxiosInstance;
let control: AxiosInstance;
let receiver: Receiver;

async function subscribe(events: string[], extra: Record<string, unknown> = {}): Promise<number> {
	const res = await api.post('/v1/webhooks', { name: 'test', url: receiver.url, events, ...extra });
	expect(res.status).toBe(200);
	return res.data.data.id;
}

function hooks(type?: string): ReceivedHook[] {
	return receiver.received.filter((r) => !type || (r.json && r.json.hook_type === type));
}

useChat2DeskWebhookSimulator(TOKEN, (suite) => ({ sim, api, control } = suite));

beforeEach(async () => {
	receiver = await startReceiver();
});

afterEach(async () => {
	await receiver.close();
});

describe('signature and payloads', () => {
	it('the test verifier reproduces the vendor example of the reference', () => {
		const body =
			'{"message_id":28780,"type":"from_client","text":"test7","transport":"widget","client_id":12568,"operator_id":null,"dialog_id":942,"channel_id":1,"photo":null,"coordinates":null,"audio":null,"pdf":null,"client":{"id":12568,"phone":"[chat] 1d0bb2e221762cfcc05c","client_phone":null,"name":"[chat] 1d0bb2e221762cfcc05c","assigned_name":null,"external_id":null},"hook_type":"inbox","request_id":5357,"attachments":[],"is_new_request":false,"is_new_client":false,"insta_comment":false,"extra_data":{},"is_new":true,"event_time":"2025-04-03T11:50:06.984494Z"}';
		expect(hmacHex('md5_api_token', body + '1743681006')).toBe(
			'88b574d8237e1b7740f88102018b734d3dd5bc6803c509a3694eff9721b0c595',
		);
	});

	it('delivers new_client, new_request and a signed inbox with the reference keys, in order', async () => {
		await subscribe(['inbox', 'new_client', 'new_request']);
		const control1 = await control.post('/_sim/clients/write', {
			phone: '+7 900 111-22-33',
			name: 'Peter',
			text: 'Hello',
			attachments: [{ name: 'photo.jpg', link: 'https://files.example/photo.jpg' }],
		});
		expect(control1.status).toBe(200);
		const w = control1.data;
		expect(Object.keys(w)).toEqual(
			expect.arrayContaining(['client_id', 'message_id', 'request_id', 'dialog_id', 'channel_id']),
		);
		await receiver.waitFor(3);
		expect(receiver.received.map((r) => r.json?.hook_type)).toEqual([
			'new_client',
			'new_request',
			'inbox',
		]);

		for (const hook of receiver.received) {
			const signature = hook.headers['x-signature'] as string;
			const timestamp = hook.headers['x-timestamp'] as string;
			expect(timestamp).toMatch(/^\d{10}$/);
			expect(Math.abs(Number(timestamp) - now() / 1000)).toBeLessThan(5);
			expect(signature).toBe(expectedSignature(TOKEN, hook.raw, timestamp));
			expect(hook.raw).toBe(JSON.stringify(JSON.parse(hook.raw)));
			expect(hook.headers['content-type']).toContain('application/json');
		}

		const newClient = receiver.received[0].json!;
		expect(newClient).toMatchObject({
			id: w.client_id,
			phone: '79001112233',
			name: 'Peter',
			channels: [expect.objectContaining({ id: 1 })],
		});
		expect(receiver.received[1].json).toEqual({
			request_id: w.request_id,
			client_id: w.client_id,
			dialog_id: w.dialog_id,
			channel_id: 1,
			transport: 'whatsapp',
			type: 'common',
			by_client: true,
			hook_type: 'new_request',
			event_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
		});

		const inbox = receiver.received[2].json!;
		expect(Object.keys(inbox)).toEqual(INBOX_KEYS);
		expect(inbox).toMatchObject({
			message_id: w.message_id,
			type: 'from_client',
			text: 'Hello',
			transport: 'whatsapp',
			client_id: w.client_id,
			operator_id: null,
			dialog_id: w.dialog_id,
			channel_id: 1,
			client: {
				id: w.client_id,
				phone: '79001112233',
				client_phone: '79001112233',
				name: 'Peter',
				assigned_name: null,
				external_id: null,
			},
			request_id: w.request_id,
			attachments: [{ name: 'photo.jpg', link: 'https://files.example/photo.jpg' }],
			is_new_request: true,
			is_new_client: true,
			is_new: true,
		});

		sim.clientWrites({ client_id: w.client_id, text: 'Second' });
		await receiver.waitFor(4);
		expect(receiver.received[3].json).toMatchObject({
			hook_type: 'inbox',
			is_new_request: false,
			is_new_client: false,
			request_id: w.request_id,
		});
	});

	it('uses the configured header names', async () => {
		sim.configure({
			signatureHeader: 'X-Chat2Desk-Signature',
			timestampHeader: 'X-Chat2Desk-Timestamp',
		});
		await subscribe(['inbox']);
		sim.clientWrites({ phone: '79001112234', text: 'hi' });
		const [hook] = await receiver.waitFor(1);
		expect(hook.headers['x-signature']).toBeUndefined();
		const ts = hook.headers['x-chat2desk-timestamp'] as string;
		expect(hook.headers['x-chat2desk-signature']).toBe(expectedSignature(TOKEN, hook.raw, ts));
	});

	it('keeps the order of events per webhook even when the receiver is slow', async () => {
		await receiver.close();
		receiver = await startReceiver({ delayMs: (i) => (i % 3 === 0 ? 15 : 0) });
		await subscribe(['inbox']);
		const first = sim.clientWrites({ phone: '79001112235', text: 'm0' });
		for (let i = 1; i < 12; i++) sim.clientWrites({ client_id: first.client_id, text: `m${i}` });
		const got = await receiver.waitFor(12);
		expect(got.map((h) => h.json?.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
	});

	it('filters by the webhook channels and events', async () => {
		await subscribe(['inbox'], { channels: [2] });
		sim.clientWrites({ phone: '79001112236', text: 'whatsapp', channel_id: 1 });
		sim.clientWrites({ phone: '79001112237', text: 'telegram', channel_id: 2 });
		await sim.webhooksIdle();
		expect(hooks().map((h) => h.json?.text)).toEqual(['telegram']);
		expect(hooks()[0].json?.transport).toBe('telegram');
	});
});

describe('retries', () => {
	it('retries a failing delivery on the schedule and stops after success', async () => {
		receiver.respondWith([500, 500], 200);
		const webhookId = await subscribe(['inbox']);
		sim.clientWrites({ phone: '79001112238', text: 'retry me' });
		const got = await receiver.waitFor(3, 3000);
		expect(got.map((h) => h.status)).toEqual([500, 500, 200]);
		expect(got.every((h) => h.raw === got[0].raw)).toBe(true);
		expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(45);
		expect(got[2].at - got[1].at).toBeGreaterThanOrEqual(95);
		for (const hook of got) {
			const ts = hook.headers['x-timestamp'] as string;
			expect(hook.headers['x-signature']).toBe(expectedSignature(TOKEN, hook.raw, ts));
		}
		await sleep(250);
		expect(receiver.received).toHaveLength(3);

		const deliveries = sim.webhookDeliveries({ webhook_id: webhookId });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].status).toBe('delivered');
		expect(deliveries[0].attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
		const webhook = (await api.get(`/v1/webhooks/${webhookId}`)).data.data;
		expect(webhook.status).toBe('enable');
		expect(webhook.errors).toHaveLength(2);
		expect(webhook.errors[0]).toEqual({
			text: expect.stringContaining('500'),
			created_at: expect.any(Number),
		});
	});

	it('gives up after the last retry and disables a webhook without success for disableAfterMs', async () => {
		receiver.respondWith([], 500);
		// Attempts at about 0, 40, 80 and 120 ms; the one 100 ms or more after the first failure disables the
		// webhook. A busy machine stretches the timers, so it may come one or two attempts earlier.
		sim.configure({ retrySchedule: [40, 40, 40], disableAfterMs: 100 });
		const webhookId = await subscribe(['inbox']);
		sim.clientWrites({ phone: '79001112239', text: 'never delivered' });
		await receiver.waitFor(2, 5000);
		await sim.webhooksIdle({ includeRetries: true });
		const webhook = (await api.get(`/v1/webhooks/${webhookId}`)).data.data;
		expect(webhook.status).toBe('disable');
		const attempts = receiver.received.length;
		expect(attempts).toBeGreaterThanOrEqual(2);
		expect(attempts).toBeLessThanOrEqual(4);
		sim.clientWrites({ phone: '79001112240', text: 'after disable' });
		await sleep(100);
		expect(receiver.received).toHaveLength(attempts);
	});
});

describe('conversation events', () => {
	it('fires outbox with the sent message id and external_id', async () => {
		await subscribe(['outbox']);
		const w = sim.clientWrites({ phone: '79001112241', text: 'hi' });
		const sent = await api.post('/v1/messages', {
			client_id: w.client_id,
			text: 'Reply',
			external_id: 'n8n:1',
		});
		const [hook] = await receiver.waitFor(1);
		expect(hook.json).toMatchObject({
			hook_type: 'outbox',
			message_id: sent.data.data.message_id,
			type: 'to_client',
			text: 'Reply',
			client_id: w.client_id,
			request_id: w.request_id,
			external_id: 'n8n:1',
		});
	});

	it('reports an armed delivery failure with outbox_status after the outbox', async () => {
		await subscribe(['outbox', 'outbox_status']);
		const w = sim.clientWrites({ phone: '79001112242', text: 'hi' });
		const armed = await control.post('/_sim/deliveries/fail', {
			client_id: w.client_id,
			reason: 'User blocked the bot',
		});
		expect(armed.status).toBe(200);
		const sent = await api.post('/v1/messages', { client_id: w.client_id, text: 'Will fail' });
		await api.post('/v1/messages', { client_id: w.client_id, text: 'Will arrive' });
		await receiver.waitFor(3);
		await sim.webhooksIdle();
		expect(receiver.received.map((h) => h.json?.hook_type)).toEqual([
			'outbox',
			'outbox_status',
			'outbox',
		]);
		const status = receiver.received[1].json!;
		expect(Object.keys(status)).toEqual(['hook_type', 'data', 'event_time']);
		expect(status.data).toEqual({
			message_id: sent.data.data.message_id,
			client_id: w.client_id,
			channel_id: 1,
			status: 'error',
			error: 'User blocked the bot',
		});
		const message = await api.get(`/v1/messages/${sent.data.data.message_id}`);
		expect(message.data.data.recipient_status).toBe('not delivered');
	});

	it('prefixes group-chat messages with the sender phone (configurable)', async () => {
		await subscribe(['inbox']);
		const group = await control.post('/_sim/clients/write', {
			text: 'Hi all',
			group: { sender_phone: '+79001234567', name: 'Family' },
		});
		expect(group.status).toBe(200);
		sim.configure({ groupPrefixFormat: '[{phone}] {text}' });
		sim.clientWrites({
			client_id: group.data.client_id,
			text: 'Second',
			group: { sender_phone: '79007654321' },
		});
		const got = await receiver.waitFor(2);
		expect(got.map((h) => h.json?.text)).toEqual(['+79001234567: Hi all', '[79007654321] Second']);
		expect(got[0].json?.client).toMatchObject({ id: group.data.client_id, name: 'Family' });
		expect(got[1].json?.client_id).toBe(group.data.client_id);
	});

	it('fires dialog_transferred on assignment and close_dialog + close_request on close', async () => {
		await subscribe(['dialog_transferred', 'close_dialog', 'close_request', 'new_request']);
		const w = sim.clientWrites({ phone: '79001112243', text: 'hi' });
		await api.put(`/v1/dialogs/${w.dialog_id}`, { operator_id: 2 });
		await control.post(`/_sim/dialogs/${w.dialog_id}/assign`, { operator_id: 3 });
		await control.post(`/_sim/dialogs/${w.dialog_id}/close`);
		const next = sim.clientWrites({ client_id: w.client_id, text: 'back again' });
		await receiver.waitFor(6);
		const bodies = receiver.received.map((h) => {
			const { event_time: eventTime, ...rest } = h.json!;
			expect(eventTime).toEqual(expect.any(String));
			return rest;
		});
		expect(bodies).toEqual([
			expect.objectContaining({ hook_type: 'new_request', request_id: w.request_id }),
			{
				hook_type: 'dialog_transferred',
				dialog_id: w.dialog_id,
				client_id: w.client_id,
				operator_id: 2,
				request_id: w.request_id,
			},
			{
				hook_type: 'dialog_transferred',
				dialog_id: w.dialog_id,
				client_id: w.client_id,
				operator_id: 3,
				request_id: w.request_id,
			},
			expect.objectContaining({
				hook_type: 'close_dialog',
				dialog_id: w.dialog_id,
				request_id: w.request_id,
			}),
			expect.objectContaining({
				hook_type: 'close_request',
				request_id: w.request_id,
				client_id: w.client_id,
			}),
			expect.objectContaining({
				hook_type: 'new_request',
				request_id: next.request_id,
				by_client: true,
			}),
		]);
		expect(next.request_id).not.toBe(w.request_id);
		expect((await api.get(`/v1/dialogs/${w.dialog_id}`)).data.data.operator_id).toBe(3);
	});

	it('fires tag events for clients and requests from the API and the control API', async () => {
		await subscribe([
			'add_tag_to_client',
			'delete_tag_from_client',
			'add_tag_to_request',
			'delete_tag_from_request',
		]);
		const w = sim.clientWrites({ phone: '79001112244', text: 'hi' });
		await api.post('/v1/tags/assign_to', {
			tag_ids: [3],
			assignee_type: 'client',
			assignee_id: w.client_id,
		});
		await control.post('/_sim/tags/assign', { tag_id: 1, request_id: w.request_id });
		await api.delete('/v1/tags/3/delete_from', { data: { client_id: w.client_id } });
		await control.post('/_sim/tags/remove', { tag_id: 1, request_id: w.request_id });
		await receiver.waitFor(4);
		const bodies = receiver.received.map((h) => {
			const { event_time: eventTime, ...rest } = h.json!;
			void eventTime;
			return rest;
		});
		expect(bodies).toEqual([
			{ id: 3, client_id: w.client_id, channel_id: 1, hook_type: 'add_tag_to_client' },
			{ id: 1, client_id: w.client_id, request_id: w.request_id, hook_type: 'add_tag_to_request' },
			{ id: 3, client_id: w.client_id, hook_type: 'delete_tag_from_client' },
			{
				id: 1,
				client_id: w.client_id,
				request_id: w.request_id,
				hook_type: 'delete_tag_from_request',
			},
		]);
	});
});

describe('redelivery', () => {
	it('re-sends the exact body of a past delivery with a fresh, valid signature', async () => {
		await subscribe(['inbox']);
		sim.clientWrites({ phone: '79001112245', text: 'only once?' });
		await receiver.waitFor(1);
		await sim.webhooksIdle();
		const [delivery] = (await control.get('/_sim/webhook-deliveries')).data;
		expect(delivery).toMatchObject({ event: 'inbox', status: 'delivered' });
		const again = await control.post('/_sim/webhooks/redeliver', { delivery_id: delivery.id });
		expect(again.status).toBe(200);
		expect(again.data.redelivery_of).toBe(delivery.id);
		const got = await receiver.waitFor(2);
		expect(got[1].raw).toBe(got[0].raw);
		const ts = got[1].headers['x-timestamp'] as string;
		expect(got[1].headers['x-signature']).toBe(expectedSignature(TOKEN, got[1].raw, ts));
	});
});
