// Inbound template under hostile delivery conditions: webhooks delivered twice, forged webhooks, and a
// rate-limited Bitrix24 that answers 503 QUERY_LIMIT_EXCEEDED.
const assert = require('assert');
const { signBody } = require('../../../sandbox/chat2desk');
const {
	assertNoFailedRuns,
	lineMessages,
	publishInbound,
	quiesceInbound,
	waitForLineMessages,
} = require('./lib');

/** An `inbox` body as Chat2Desk sends it (compact JSON, `event_time` last). */
function inboxBody({ messageId, clientId, text }) {
	return JSON.stringify({
		message_id: messageId,
		type: 'from_client',
		text,
		transport: 'whatsapp',
		client_id: clientId,
		operator_id: null,
		dialog_id: 5999,
		channel_id: 1,
		photo: null,
		coordinates: null,
		audio: null,
		pdf: null,
		client: {
			id: clientId,
			phone: '79005550000',
			client_phone: null,
			name: 'Mallory',
			assigned_name: null,
			external_id: null,
		},
		hook_type: 'inbox',
		request_id: 9999,
		attachments: [],
		is_new_request: true,
		is_new_client: true,
		insta_comment: false,
		extra_data: {},
		is_new: true,
		event_time: new Date().toISOString(),
	});
}

async function post(url, rawBody, headers) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: rawBody,
	});
	return { status: response.status, body: await response.text() };
}

module.exports = [
	{
		name: 'inbound: a webhook delivered twice (or three times) gives one Open Line message',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, { label: 'redeliver' });
			const sent = c2d.clientWrites({ channel_id: 1, text: 'say it once' });
			await waitForLineMessages(ctx.sandbox, 1);
			await quiesceInbound(ctx, workflow.id);
			const [delivery] = c2d.webhookDeliveries({ event: 'inbox' });
			assert.strictEqual(delivery.body.message_id, sent.message_id);

			c2d.redeliver(delivery.id);
			c2d.redeliver(delivery.id);
			const executions = await quiesceInbound(ctx, workflow.id);
			const redeliveries = c2d
				.webhookDeliveries({ event: 'inbox' })
				.filter((entry) => entry.redelivery_of === delivery.id);
			assert.strictEqual(redeliveries.length, 2);
			for (const entry of redeliveries) {
				assert.strictEqual(entry.status, 'delivered', JSON.stringify(entry.attempts));
				assert.strictEqual(entry.raw_body, delivery.raw_body, 'the exact same body');
			}
			// The repeats were answered 200 at the trigger (the delivery gate remembers a handled event):
			// one run, and the line has the message once.
			assert.strictEqual(executions.length, 1);
			const all = lineMessages(ctx.sandbox);
			assert.deepStrictEqual(
				all.map((message) => [message.text, message.external_message_id]),
				[['say it once', String(sent.message_id)]],
			);
			const sends = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.method === 'imconnector.send.messages');
			assert.strictEqual(sends.length, 1, 'Bitrix24 was called once');
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: a forged webhook (bad or missing signature) gets 401 and starts no run',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, { label: 'forged' });
			const [hook] = c2d.webhooks();
			assert.ok(hook && hook.url, 'the trigger registered its webhook');
			const raw = inboxBody({ messageId: 777001, clientId: 7001, text: 'forged' });
			const now = String(Math.floor(Date.now() / 1000));

			const attempts = {
				wrongSignature: await post(hook.url, raw, {
					'x-signature': 'f'.repeat(64),
					'x-timestamp': now,
				}),
				noSignature: await post(hook.url, raw, {}),
				otherToken: await post(hook.url, raw, {
					'x-signature': signBody('not-the-token', raw, now),
					'x-timestamp': now,
				}),
				// Signed for another moment than the one the headers (and the body's event_time) name.
				otherTimestamp: await post(hook.url, raw, {
					'x-signature': c2d.sign(raw, String(Number(now) - 120)),
					'x-timestamp': now,
				}),
				tamperedBody: await post(hook.url, raw.replace('forged', 'Forged'), {
					'x-signature': c2d.sign(raw, now),
					'x-timestamp': now,
				}),
			};
			for (const [what, response] of Object.entries(attempts)) {
				assert.strictEqual(response.status, 401, `${what}: ${response.status} ${response.body}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 700));
			assert.deepStrictEqual(await ctx.n8n.executions({ workflowId: workflow.id }), []);
			assert.deepStrictEqual(lineMessages(ctx.sandbox), []);

			// The same bytes, signed with the account's token, are accepted: the 401s were the signature.
			const genuine = await post(hook.url, raw, {
				'x-signature': c2d.sign(raw, now),
				'x-timestamp': now,
			});
			assert.strictEqual(genuine.status, 200, genuine.body);
			await waitForLineMessages(ctx.sandbox, 1);
			const executions = await quiesceInbound(ctx, workflow.id);
			assert.strictEqual(executions.length, 1);
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox).map((message) => [message.text, message.external_chat_id]),
				[['forged', '7001']],
			);
		},
	},
	{
		name: 'inbound: a failed send fails the run; Chat2Desk delivers again and the message arrives once',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const b24 = ctx.sandbox.bitrix24;
			// Chat2Desk's retry schedule (10 s, 5 min, 2 h), compressed; reset() restores it.
			c2d.configure({ retrySchedule: [300, 600, 1200] });
			const workflow = await publishInbound(ctx, { label: 'retry' });
			b24.addFault({
				method: 'imconnector.send.messages',
				status: 400,
				error: 'CONNECTOR_UNAVAILABLE',
				error_description: 'The connector is temporarily unavailable',
				count: 1,
			});
			const sent = c2d.clientWrites({ channel_id: 1, text: 'worth retrying' });
			await waitForLineMessages(ctx.sandbox, 1);
			await c2d.webhooksIdle({ includeRetries: true });
			const executions = await quiesceInbound(ctx, workflow.id);

			const [delivery] = c2d.webhookDeliveries({ event: 'inbox' });
			assert.deepStrictEqual(
				delivery.attempts.map((attempt) => attempt.status_code),
				[500, 200],
				'n8n answered the failed run with 500, the retry with 200',
			);
			assert.deepStrictEqual(executions.map((execution) => execution.status).sort(), [
				'error',
				'success',
			]);
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox).map((message) => [message.text, message.external_message_id]),
				[['worth retrying', String(sent.message_id)]],
			);
		},
	},
	{
		name: 'inbound: exactly once across an n8n restart — a redelivery and a replay after it send nothing again',
		timeoutMs: 90000,
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, { label: 'restart' });
			const sent = c2d.clientWrites({ channel_id: 2, text: 'before the restart' });
			await waitForLineMessages(ctx.sandbox, 1);
			await quiesceInbound(ctx, workflow.id);

			await ctx.n8n.restart();
			const [delivery] = c2d.webhookDeliveries({ event: 'inbox' });
			c2d.redeliver(delivery.id);
			// A tag on the request replays the client's messages: the one sent before the restart is known.
			c2d.assignTag({ tag_id: 1, request_id: sent.request_id });
			c2d.clientWrites({ client_id: sent.client_id, text: 'after the restart' });
			await waitForLineMessages(ctx.sandbox, 2);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox).map((message) => message.text),
				['before the restart', 'after the restart'],
			);
			const redelivered = c2d
				.webhookDeliveries({ event: 'inbox' })
				.find((entry) => entry.redelivery_of === delivery.id);
			assert.strictEqual(redelivered.status, 'delivered');
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: rate-limited Bitrix24 (tiny bucket + injected 503s) — every message once, in order',
		timeoutMs: 90000,
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const b24 = ctx.sandbox.bitrix24;
			const saved = JSON.parse(JSON.stringify(b24.config.rateLimit));
			try {
				const workflow = await publishInbound(ctx, { label: 'rate-limit' });
				b24.clearRequestsLog();
				b24.configure({ rateLimit: { burst: 2, drainPerSecond: 2, enabled: true } });
				b24.addFault({
					method: 'imconnector.send.messages',
					status: 503,
					error: 'QUERY_LIMIT_EXCEEDED',
					error_description: 'Too many requests',
					count: 2,
				});
				const COUNT = 8;
				const first = c2d.clientWrites({ channel_id: 2, text: 'message 1' });
				for (let n = 2; n <= COUNT; n++) {
					c2d.clientWrites({ client_id: first.client_id, text: `message ${n}` });
				}
				await waitForLineMessages(ctx.sandbox, COUNT, { timeoutMs: 60000 });
				await quiesceInbound(ctx, workflow.id, { timeoutMs: 60000 });
				const all = lineMessages(ctx.sandbox);
				const limited = b24
					.getRequestsLog()
					.filter((entry) => entry.http_status === 503 && entry.error === 'QUERY_LIMIT_EXCEEDED');
				// Reported with the result: the two injected faults plus whatever the tiny bucket refused.
				process.stdout.write(
					`    (Bitrix24 answered ${limited.length} × 503 QUERY_LIMIT_EXCEEDED)\n`,
				);
				assert.ok(limited.length >= 2, `503s answered: ${limited.length}`);
				assert.deepStrictEqual(
					b24.listFaults().map((fault) => fault.remaining),
					[0],
					'both injected faults were hit',
				);
				const ids = all.map((message) => message.external_message_id);
				assert.strictEqual(new Set(ids).size, COUNT, `each once: ${ids}`);
				assert.deepStrictEqual(
					all.map((message) => message.text),
					Array.from({ length: COUNT }, (_, i) => `message ${i + 1}`),
				);
				await assertNoFailedRuns(ctx, workflow.id);
			} finally {
				b24.configure({ rateLimit: saved });
				b24.clearFaults();
			}
		},
	},
];
