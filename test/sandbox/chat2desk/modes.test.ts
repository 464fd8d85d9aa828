/**
 * The Chat2Desk simulator's "known unknowns" modes (PRODUCT.md): webhook delivery concurrency, shuffling,
 * duplicates, a retry while the first attempt still runs, signature variants, sparse payloads and
 * the external_id echo. Each test would fail with the friendly defaults.
 */
import { createHash, createHmac } from 'crypto';
import type { AxiosInstance } from 'axios';

import { createChat2DeskSimulator, type Chat2DeskSimulator } from '../../../sandbox/chat2desk';
import { PROFILES } from '../../../sandbox/profiles';
import { startReceiver, type Receiver, type ReceivedHook } from './receiver';
import { useChat2DeskWebhookSimulator } from './suite';

const TOKEN = 'modes-test-token';

function expectedSignature(raw: string, timestamp: string): string {
	const key = createHash('md5').update(TOKEN).digest('hex');
	return createHmac('sha256', key)
		.update(raw + timestamp)
		.digest('hex');
}

let sim: Chat2DeskSimulator;
let api: AxiosInstance;
let control: AxiosInstance;
let receiver: Receiver;

async function subscribe(events: string[]): Promise<number> {
	const res = await api.post('/v1/webhooks', { name: 'modes', url: receiver.url, events });
	expect(res.status).toBe(200);
	return res.data.data.id;
}

/** `count` clients write one message each; returns the inbox message ids in creation order. */
function clientsWrite(count: number): number[] {
	const ids: number[] = [];
	for (let i = 0; i < count; i++) {
		ids.push(sim.clientWrites({ phone: `7900555${String(1000 + i)}`, text: `m${i}` }).message_id);
	}
	return ids;
}

function messageIds(list: ReceivedHook[]): number[] {
	return list.map((hook) => hook.json?.message_id as number);
}

async function newReceiver(options?: Parameters<typeof startReceiver>[0]): Promise<void> {
	await receiver.close();
	receiver = await startReceiver(options);
}

useChat2DeskWebhookSimulator(TOKEN, (suite) => ({ sim, api, control } = suite));

beforeEach(async () => {
	receiver = await startReceiver();
});

afterEach(async () => {
	await receiver.close();
});

describe('delivery concurrency', () => {
	it('friendly: one attempt at a time per webhook', async () => {
		await newReceiver({ delayMs: () => 60 });
		await subscribe(['inbox']);
		clientsWrite(4);
		await receiver.waitFor(4);
		await sim.webhooksIdle();
		expect(receiver.maxInFlight()).toBe(1);
	});

	it('deliveryConcurrency 3: the receiver sees three requests open at once', async () => {
		await newReceiver({ delayMs: () => 150 });
		sim.configure({ deliveryConcurrency: 3 });
		await subscribe(['inbox']);
		clientsWrite(6);
		await receiver.waitFor(6);
		await sim.webhooksIdle();
		expect(receiver.maxInFlight()).toBe(3);
		const rows = sim.webhookAttempts({ hook_type: 'inbox' });
		expect(rows).toHaveLength(6);
		expect(rows.every((row) => row.outcome === 'delivered')).toBe(true);
	});
});

describe('shuffle window', () => {
	async function deliveredOrder(seed: number): Promise<{ created: number[]; received: number[] }> {
		sim.reset();
		sim.configure({
			requestsPerSecond: 0,
			sendRatePerSecond: 0,
			deliveryShuffleWindowMs: 100,
			seed,
		});
		receiver.clear();
		await subscribe(['inbox']);
		const created = clientsWrite(8);
		await receiver.waitFor(8);
		await sim.webhooksIdle();
		return { created, received: messageIds(receiver.received) };
	}

	it('events created within the window arrive in a seeded random order, the same for the same seed', async () => {
		const first = await deliveredOrder(7);
		expect(first.received.slice().sort((a, b) => a - b)).toEqual(first.created);
		expect(first.received).not.toEqual(first.created);
		const again = await deliveredOrder(7);
		expect(again.received).toEqual(first.received);
	});

	it('friendly: creation order', async () => {
		await subscribe(['inbox']);
		const created = clientsWrite(8);
		await receiver.waitFor(8);
		expect(messageIds(receiver.received)).toEqual(created);
	});
});

describe('duplicates', () => {
	it('deliveryDuplicateRate 1: every event reaches the receiver twice, the copy logged as such', async () => {
		sim.configure({ deliveryDuplicateRate: 1, deliveryDuplicateDelayMs: 50 });
		await subscribe(['inbox']);
		const created = clientsWrite(3);
		await receiver.waitFor(6);
		await sim.webhooksIdle();
		const ids = messageIds(receiver.received);
		for (const id of created) expect(ids.filter((seen) => seen === id)).toHaveLength(2);
		const copies = sim.webhookDeliveries({ event: 'inbox' }).filter((d) => d.duplicate_of !== null);
		expect(copies).toHaveLength(3);
		// Same bytes as the original, so a receiver cannot tell them apart by the body.
		for (const copy of copies) {
			const original = sim.webhookDeliveries().find((d) => d.id === copy.duplicate_of);
			expect(copy.raw_body).toBe(original?.raw_body);
		}
	});

	it('deliveryDuplicateRate 0.5 with a fixed seed duplicates some events, repeatably', async () => {
		const run = async (): Promise<number[]> => {
			sim.reset();
			sim.configure({
				requestsPerSecond: 0,
				sendRatePerSecond: 0,
				deliveryDuplicateRate: 0.5,
				seed: 42,
			});
			receiver.clear();
			await subscribe(['inbox']);
			clientsWrite(10);
			await sim.webhooksIdle();
			return sim
				.webhookDeliveries({ event: 'inbox' })
				.filter((d) => d.duplicate_of !== null)
				.map((d) => d.body.message_id as number);
		};
		const first = await run();
		expect(first.length).toBeGreaterThan(0);
		expect(first.length).toBeLessThan(10);
		expect(await run()).toEqual(first);
	});

	it('a failed copy is retried on the schedule like any delivery', async () => {
		await newReceiver({ statuses: [200, 500] });
		sim.configure({ deliveryDuplicateRate: 1, deliveryDuplicateDelayMs: 0 });
		await subscribe(['inbox']);
		clientsWrite(1);
		await receiver.waitFor(3);
		await sim.webhooksIdle({ includeRetries: true });
		const deliveries = sim.webhookDeliveries({ event: 'inbox' });
		expect(deliveries).toHaveLength(2);
		expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
		expect(deliveries.map((d) => d.attempts.length).sort()).toEqual([1, 2]);
	});
});

describe('retry while the first attempt still runs', () => {
	async function slowFirstAttempt(): Promise<void> {
		// The first request is held for 400 ms; the simulator gives up after 100 ms and retries 50 ms later.
		await newReceiver({ delayMs: (index) => (index === 0 ? 400 : 0) });
		sim.configure({ webhookTimeoutMs: 100, retrySchedule: [50] });
		await subscribe(['inbox']);
		clientsWrite(1);
		await receiver.waitFor(2, 2000);
		await sim.webhooksIdle({ includeRetries: true });
	}

	it('retryWhileRunning: the receiver has both requests open and answers the first too', async () => {
		sim.configure({ retryWhileRunning: true });
		await slowFirstAttempt();
		const [first, second] = receiver.received;
		expect(first.aborted).toBe(false);
		expect(first.answeredAt).not.toBeNull();
		expect(second.at).toBeLessThan(first.answeredAt as number);
		expect(receiver.maxInFlight()).toBe(2);
		const rows = sim.webhookAttempts({ hook_type: 'inbox' });
		expect(rows.map((row) => [row.attempt, row.outcome])).toEqual([
			[1, 'timeout'],
			[2, 'delivered'],
		]);
		expect(rows[0].late_status_code).toBe(200);
		expect(Date.parse(rows[0].closed_at as string)).toBeGreaterThan(Date.parse(rows[1].started_at));
	});

	it('friendly: a timed-out attempt is aborted before the retry', async () => {
		await slowFirstAttempt();
		const [first, second] = receiver.received;
		expect(first.aborted).toBe(true);
		expect(second.at).toBeGreaterThan(first.at);
		const rows = sim.webhookAttempts({ hook_type: 'inbox' });
		expect(rows[0]).toMatchObject({
			outcome: 'timeout',
			error: 'Timeout after 100 ms',
			late_status_code: null,
		});
	});
});

describe('signature modes', () => {
	it('alternate: X-Chat2Desk-Signature "sha256=<hex>" + X-Chat2Desk-Timestamp, and no X-Signature', async () => {
		sim.configure({ signatureMode: 'alternate' });
		await subscribe(['inbox']);
		clientsWrite(1);
		const [hook] = await receiver.waitFor(1);
		const timestamp = hook.headers['x-chat2desk-timestamp'] as string;
		expect(timestamp).toMatch(/^\d{10}$/);
		expect(hook.headers['x-chat2desk-signature']).toBe(
			`sha256=${expectedSignature(hook.raw, timestamp)}`,
		);
		expect(hook.headers['x-signature']).toBeUndefined();
		expect(hook.headers['x-timestamp']).toBeUndefined();
		expect(sim.signatureHeaders(hook.raw, timestamp)).toEqual({
			'X-Chat2Desk-Signature': `sha256=${expectedSignature(hook.raw, timestamp)}`,
			'X-Chat2Desk-Timestamp': timestamp,
		});
	});

	it('off: no signature headers at all; signWebhooks follows the mode and the other way round', async () => {
		expect(sim.configure({ signatureMode: 'off' }).signWebhooks).toBe(false);
		await subscribe(['inbox']);
		clientsWrite(1);
		const [hook] = await receiver.waitFor(1);
		for (const name of Object.keys(hook.headers)) expect(name).not.toMatch(/signature|timestamp/i);
		expect(sim.configure({ signWebhooks: true }).signatureMode).toBe('standard');
		expect(sim.configure({ signWebhooks: false }).signatureMode).toBe('off');
	});

	it('rejects an unknown mode', async () => {
		const res = await control.post('/_sim/config', { signatureMode: 'hmac' });
		expect(res.status).toBe(400);
	});
});

describe('sparse payloads', () => {
	async function tagAndTransfer(): Promise<{ byType: Map<string, Record<string, unknown>> }> {
		await subscribe(['add_tag_to_request', 'dialog_transferred', 'close_dialog']);
		const write = sim.clientWrites({ phone: '79005550001', text: 'hi' });
		sim.assignTag({ tag_id: 1, request_id: write.request_id });
		sim.assignDialog(write.dialog_id, 2);
		sim.closeDialog(write.dialog_id);
		await receiver.waitFor(3);
		const byType = new Map<string, Record<string, unknown>>();
		for (const hook of receiver.received)
			byType.set(hook.json?.hook_type as string, hook.json ?? {});
		return { byType };
	}

	it('sparseEvents true: add_tag_to_request without client_id, dialog_transferred without client_id and request_id', async () => {
		sim.configure({ sparseEvents: true });
		const { byType } = await tagAndTransfer();
		const tag = byType.get('add_tag_to_request') ?? {};
		expect(Object.keys(tag)).toEqual(['id', 'request_id', 'hook_type', 'event_time']);
		const transfer = byType.get('dialog_transferred') ?? {};
		expect(Object.keys(transfer)).toEqual(['dialog_id', 'operator_id', 'hook_type', 'event_time']);
		// Not listed: unchanged.
		expect(byType.get('close_dialog')).toHaveProperty('client_id');
		// The ids are still there to be looked up: the dialog knows its last request and client.
		const dialog = await api.get(`/v1/dialogs/${transfer.dialog_id as number}`);
		expect(dialog.data.data.last_request_id).toBe(tag.request_id);
	});

	it('a list of hook types and the {hook_type: [fields]} form', async () => {
		const config = sim.configure({
			sparseEvents: { add_tag_to_request: ['client_id', 'request_id'], close_dialog: true },
		});
		expect(config.sparseEvents).toEqual({
			add_tag_to_request: ['client_id', 'request_id'],
			close_dialog: ['client_id', 'request_id'],
		});
		const { byType } = await tagAndTransfer();
		expect(Object.keys(byType.get('add_tag_to_request') ?? {})).toEqual([
			'id',
			'hook_type',
			'event_time',
		]);
		expect(byType.get('close_dialog')).not.toHaveProperty('client_id');
		expect(byType.get('dialog_transferred')).toHaveProperty('request_id');
		expect(sim.configure({ sparseEvents: ['dialog_transferred'] }).sparseEvents).toEqual({
			dialog_transferred: ['client_id', 'request_id'],
		});
	});

	it('friendly: the ids are in the payloads', async () => {
		const { byType } = await tagAndTransfer();
		expect(byType.get('add_tag_to_request')).toMatchObject({
			client_id: expect.any(Number),
			request_id: expect.any(Number),
		});
		expect(byType.get('dialog_transferred')).toMatchObject({
			client_id: expect.any(Number),
			request_id: expect.any(Number),
		});
	});
});

describe('external_id echo', () => {
	async function sendWithExternalId(): Promise<{ messageId: number; clientId: number }> {
		await subscribe(['outbox']);
		const { client_id: clientId } = sim.clientWrites({ phone: '79005550002', text: 'hi' });
		const sent = await api.post('/v1/messages', {
			client_id: clientId,
			text: 'reply',
			external_id: 'b24-77',
		});
		expect(sent.status).toBe(200);
		await receiver.waitFor(1);
		return { messageId: sent.data.data.message_id, clientId };
	}

	it('echoExternalId false: no external_id in GET /v1/messages, /v1/messages/{id}, dialogs and outbox', async () => {
		sim.configure({ echoExternalId: false });
		const { messageId, clientId } = await sendWithExternalId();
		const one = await api.get(`/v1/messages/${messageId}`);
		expect(one.data.data).not.toHaveProperty('external_id');
		const list = await api.get('/v1/messages', { params: { client_id: clientId } });
		for (const message of list.data.data) expect(message).not.toHaveProperty('external_id');
		const dialog = await api.get(`/v1/dialogs/${one.data.data.dialog_id as number}`);
		expect(dialog.data.data.last_message).not.toHaveProperty('external_id');
		expect(receiver.received[0].json).not.toHaveProperty('external_id');
		// The control API still shows it, so tests can find the message.
		expect(sim.messages({ external_id: 'b24-77' })).toHaveLength(1);
	});

	it('friendly: external_id is echoed', async () => {
		const { messageId } = await sendWithExternalId();
		const one = await api.get(`/v1/messages/${messageId}`);
		expect(one.data.data.external_id).toBe('b24-77');
		expect(receiver.received[0].json?.external_id).toBe('b24-77');
	});
});

describe('profiles and the control API', () => {
	it('hostile turns every mode on; friendly turns them off again; other keys of the patch win', async () => {
		const hostile = (
			await control.post('/_sim/config', { profile: 'hostile', deliveryConcurrency: 2 })
		).data;
		expect(hostile).toMatchObject({
			...PROFILES.hostile.chat2desk,
			deliveryConcurrency: 2,
			profile: 'hostile',
			signWebhooks: true,
			sparseEvents: {
				add_tag_to_request: ['client_id'],
				dialog_transferred: ['client_id', 'request_id'],
			},
		});
		expect(hostile.token).toBe(TOKEN);
		const friendly = sim.configure({ profile: 'friendly' });
		expect(friendly).toMatchObject({ ...PROFILES.friendly.chat2desk, sparseEvents: {} });
		expect((await control.post('/_sim/config', { profile: 'nasty' })).status).toBe(400);
	});

	it('a profile given at creation survives reset', async () => {
		const other = createChat2DeskSimulator({ profile: 'hostile' });
		other.reset();
		expect(other.config).toMatchObject({
			deliveryConcurrency: 4,
			retryWhileRunning: true,
			echoExternalId: false,
		});
		await other.close();
	});

	it('GET /_sim/webhooks/deliveries lists every attempt with hook type, message id, attempt, times, status', async () => {
		await newReceiver({ statuses: [500] });
		await subscribe(['inbox']);
		const [messageId] = clientsWrite(1);
		await receiver.waitFor(2);
		await sim.webhooksIdle({ includeRetries: true });
		const res = await control.get('/_sim/webhooks/deliveries', { params: { hook_type: 'inbox' } });
		expect(res.status).toBe(200);
		expect(res.data).toEqual([
			expect.objectContaining({
				hook_type: 'inbox',
				message_id: messageId,
				attempt: 1,
				status_code: 500,
				outcome: 'failed',
			}),
			expect.objectContaining({
				hook_type: 'inbox',
				message_id: messageId,
				attempt: 2,
				status_code: 200,
				outcome: 'delivered',
			}),
		]);
		for (const row of res.data) {
			expect(Date.parse(row.ended_at)).toBeGreaterThanOrEqual(Date.parse(row.started_at));
		}
	});
});
