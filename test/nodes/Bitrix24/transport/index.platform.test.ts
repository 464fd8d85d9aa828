/** Rate limit (503 QUERY_LIMIT_EXCEEDED) and token expiry (401 expired_token) as the simulator produces them. */
import { bitrix24Retries } from '../../../../nodes/Bitrix24/transport';
import type { N8nHarness } from '../../../helpers/n8n';
import { CONNECTOR, type SimContext, useBitrix24Simulator } from '../helpers';

let ctx: SimContext;
let h: N8nHarness;

useBitrix24Simulator((suite) => ({ ctx, h } = suite), { connectorLines: [1] });

function sendTen(chat: string) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: {
			resource: 'message',
			operation: 'send',
			connector: CONNECTOR,
			line: '1',
			chatId: chat,
			userId: chat,
			text: '={{ $json.text }}',
			// One call per message, as these tests count the transport's retries call by call.
			sending: { combineConcurrentSends: false },
		},
		credentialTypes: ['bitrix24OAuth2Api'],
		input: Array.from({ length: 10 }, (_, i) => ({ text: `message ${i}` })),
	});
}

it('retries exactly the failed calls of injected 503 QUERY_LIMIT_EXCEEDED and 429 faults', async () => {
	ctx.sim.clearRequestsLog();
	ctx.sim.addFault({
		method: 'imconnector.send.messages',
		status: 503,
		error: 'QUERY_LIMIT_EXCEEDED',
		error_description: 'Too many requests',
		count: 3,
	});
	ctx.sim.addFault({
		method: 'imconnector.send.messages',
		status: 429,
		error: 'OPERATION_TIME_LIMIT',
		error_description: 'Method is blocked due to operation time limit.',
		count: 1,
	});
	const { items, error } = await sendTen('fault-client');
	ctx.sim.clearFaults();
	expect(error).toBeUndefined();
	expect(items).toHaveLength(10);
	const statuses = ctx.sim
		.getRequestsLog()
		.filter((entry) => entry.method === 'imconnector.send.messages')
		.map((entry) => entry.http_status);
	expect(statuses).toEqual([503, 503, 503, 429, ...Array(10).fill(200)]);
	expect(
		ctx.sim.getMessages({ external_chat_id: 'fault-client', direction: 'in' }).map((m) => m.text),
	).toEqual(Array.from({ length: 10 }, (_, i) => `message ${i}`));
});

it("backs off on the leaky bucket's 503 QUERY_LIMIT_EXCEEDED and delivers every message in order", async () => {
	// One request per 100 ms after a burst of one; the retry budget (20 ms doubling to 200 ms) covers it.
	const restoreRetries = bitrix24Retries.configure({
		maxRetries: 6,
		baseDelayMs: 20,
		maxDelayMs: 200,
	});
	ctx.sim.configure({ rateLimit: { enabled: true, burst: 1, drainPerSecond: 10 } });
	ctx.sim.clearRequestsLog();
	const { items, error } = await sendTen('rate-client');
	ctx.sim.configure({ rateLimit: { enabled: false } });
	restoreRetries();
	expect(error).toBeUndefined();
	expect(items).toHaveLength(10);
	const log = ctx.sim
		.getRequestsLog()
		.filter((entry) => entry.method === 'imconnector.send.messages');
	expect(log.filter((entry) => entry.http_status === 503).length).toBeGreaterThan(0);
	expect(log.filter((entry) => entry.http_status === 200)).toHaveLength(10);
	expect(
		ctx.sim.getMessages({ external_chat_id: 'rate-client', direction: 'in' }).map((m) => m.text),
	).toEqual(Array.from({ length: 10 }, (_, i) => `message ${i}`));
});

it('refreshes an expired token through n8n and stores the rotated pair', async () => {
	ctx.sim.expireTokens();
	ctx.sim.clearRequestsLog();
	const { items, error } = await h.execute({
		node: 'bitrix24OpenLines',
		parameters: { resource: 'connector', operation: 'getStatus', connector: CONNECTOR, line: '1' },
		credentialTypes: ['bitrix24OAuth2Api'],
	});
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ active: true });
	const log = ctx.sim.getRequestsLog();
	expect(log.map((entry) => [entry.method, entry.http_status, entry.error ?? null])).toEqual([
		['imconnector.status', 401, 'expired_token'],
		['oauth/token', 200, null],
		['imconnector.status', 200, null],
	]);
	expect(log[1].grant_type).toBe('refresh_token');
	const [update] = h.credentialsHelper.tokenUpdates;
	expect(update.access_token).not.toBe(ctx.tokens.access_token);
	expect(update.refresh_token).not.toBe(ctx.tokens.refresh_token);
});
