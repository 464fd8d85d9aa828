// Delivery guarantees against the unfriendly readings of what the vendors leave open: webhooks several at
// once, shuffled, duplicated, retried while the first attempt still runs; Bitrix24 storing a call and
// answering 504; events posted twice; payloads without client_id/request_id; n8n killed mid-burst.
// Every scenario runs in single and in queue mode and prints one `[delivery]` line with its counts.
const assert = require('assert');
const {
	CONNECTOR,
	activateConnector,
	chat2deskCall,
	lineMessages,
	openClientChat,
	publishInbound,
	setting,
	template,
	uniquelyNamed,
	waitFor,
} = require('../bridge/lib');

const HOSTILE_DELIVERY = {
	deliveryConcurrency: 4,
	deliveryShuffleWindowMs: 300,
	deliveryDuplicateRate: 0.2,
	retryWhileRunning: true,
	seed: 7,
};

/** Lost, duplicated and out-of-order messages in the Open Line against what the clients wrote. */
function deliveryReport(sandbox, written) {
	const inLine = lineMessages(sandbox);
	const counts = new Map();
	for (const message of inLine) {
		for (const id of [].concat(message.external_message_id ?? [])) {
			counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
		}
	}
	const lost = written.filter((w) => !counts.has(String(w.message_id)));
	const duplicated = [...counts.values()].filter((n) => n > 1).length;
	// Per chat: the order of first appearance must follow Chat2Desk's message ids.
	let reordered = 0;
	const byClient = new Map();
	for (const w of written) byClient.set(w.client_id, [...(byClient.get(w.client_id) ?? []), w.message_id]);
	for (const [clientId, ids] of byClient) {
		const seen = [];
		for (const message of inLine) {
			if (String(message.external_chat_id) !== String(clientId)) continue;
			for (const id of [].concat(message.external_message_id ?? [])) {
				if (ids.includes(Number(id)) && !seen.includes(Number(id))) seen.push(Number(id));
			}
		}
		for (let i = 1; i < seen.length; i++) if (seen[i] < seen[i - 1]) reordered += 1;
	}
	return { written: written.length, inLine: inLine.length, lost: lost.length, duplicated, reordered };
}

function print(ctx, name, report) {
	console.log(`    [delivery] ${ctx.mode} ${name}: ${JSON.stringify(report)}`);
}

/** `clients` clients write `each` messages each, interleaved, a few milliseconds apart. */
async function burst(c2d, { clients, each, channel = 1, pauseMs = 15 }) {
	const written = [];
	const ids = [];
	for (let round = 0; round < each; round++) {
		for (let c = 0; c < clients; c++) {
			const input = ids[c]
				? { client_id: ids[c], channel_id: channel, text: `client ${c} message ${round}` }
				: { phone: `7900555${String(1000 + c)}`, name: `Client ${c}`, channel_id: channel, text: `client ${c} message ${round}` };
			const sent = c2d.clientWrites(input);
			ids[c] = sent.client_id;
			written.push({ client_id: sent.client_id, message_id: sent.message_id });
			await new Promise((resolve) => setTimeout(resolve, pauseMs));
		}
	}
	return written;
}

async function waitAllDelivered(ctx, written, timeoutMs) {
	await waitFor(() => deliveryReport(ctx.sandbox, written).lost === 0, {
		timeoutMs,
		what: `all ${written.length} messages in the Open Line`,
	}).catch(() => undefined);
	// Let copies and retries that are still on their way arrive, then count.
	await ctx.sandbox.chat2desk.webhooksIdle({ timeout_ms: 60000 }).catch(() => undefined);
	await new Promise((resolve) => setTimeout(resolve, 2500));
	return deliveryReport(ctx.sandbox, written);
}

module.exports = [
	{
		name: 'delivery: 100 messages from 10 clients, concurrent, shuffled, 20% duplicated — none lost, none twice, in order per chat',
		timeoutMs: 300000,
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			await publishInbound(ctx, { label: 'burst' });
			c2d.configure(HOSTILE_DELIVERY);
			const written = await burst(c2d, { clients: 10, each: 10 });
			const report = await waitAllDelivered(ctx, written, 180000);
			print(ctx, 'burst', report);
			assert.deepStrictEqual(
				{ lost: report.lost, duplicated: report.duplicated, reordered: report.reordered },
				{ lost: 0, duplicated: 0, reordered: 0 },
				JSON.stringify(report),
			);
		},
	},
	{
		name: 'delivery: Bitrix24 stores a send and answers 504 — the message is in the Open Line once',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			await publishInbound(ctx, { label: 'stored-504' });
			ctx.sandbox.bitrix24.configure({
				storedThenFailCount: 2,
				storedThenFailure: '504',
				storedThenFailMethods: ['imconnector.send.messages'],
			});
			const written = await burst(c2d, { clients: 2, each: 2, pauseMs: 400 });
			const report = await waitAllDelivered(ctx, written, 60000);
			const storedThenFailed = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.stored_then_failed).length;
			print(ctx, 'stored-then-504', { ...report, storedThenFailed });
			assert.ok(storedThenFailed >= 1, 'the simulator answered a stored send with 504');
			assert.deepStrictEqual({ lost: report.lost, duplicated: report.duplicated }, { lost: 0, duplicated: 0 });
		},
	},
	{
		name: 'delivery: sparse tag and transfer events (no client_id/request_id) send nothing beyond the client’s own messages',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			await publishInbound(ctx, {
				label: 'sparse',
				settings: { holdUntilOperatorJoins: true, sendPastMessagesAfterTag: true },
			});
			c2d.configure({ sparseEvents: true });
			const a1 = c2d.clientWrites({ phone: '79005550101', name: 'Anna', channel_id: 1, text: 'anna 1' });
			const a2 = c2d.clientWrites({ client_id: a1.client_id, channel_id: 1, text: 'anna 2' });
			const b1 = c2d.clientWrites({ phone: '79005550102', name: 'Boris', channel_id: 1, text: 'boris 1' });
			await c2d.webhooksIdle();
			// Held: no operator yet.
			assert.deepStrictEqual(lineMessages(ctx.sandbox).map((m) => m.text), []);
			c2d.assignDialog(a1.dialog_id, 2);
			await waitFor(() => lineMessages(ctx.sandbox).length >= 2, { timeoutMs: 30000, what: "Anna's held messages" });
			const [tag] = await chat2deskCall(ctx.sandbox, 'GET', '/v1/tags');
			c2d.assignTag({ tag_id: tag.id, request_id: a1.request_id });
			await c2d.webhooksIdle();
			await new Promise((resolve) => setTimeout(resolve, 2500));
			const texts = lineMessages(ctx.sandbox).map((m) => m.text);
			print(ctx, 'sparse', { texts });
			assert.deepStrictEqual(texts, ['anna 1', 'anna 2']);
			assert.ok(!texts.includes('boris 1'), "Boris's held message stays held");
			const nullPaths = c2d
				.requestsLog({})
				.filter((entry) => /\/(null|undefined)(\/|$)/.test(entry.path));
			assert.deepStrictEqual(nullPaths, []);
			void b1;
			void a2;
		},
	},
	{
		name: 'delivery: an operator event posted twice reaches the client once',
		async run(ctx) {
			await activateConnector(ctx.sandbox);
			let workflow = template('outbound');
			workflow = setting('sendDeliveryErrors', true)(workflow);
			await ctx.importWorkflow(uniquelyNamed(workflow, 'twice'));
			const client = await openClientChat(ctx.sandbox, { channel_id: 2 });
			ctx.sandbox.bitrix24.configure({ eventDuplicateRate: 1, eventShuffleWindowMs: 200 });
			const replies = [];
			for (let i = 0; i < 5; i++) {
				replies.push(
					ctx.sandbox.bitrix24.operatorReply({
						connector: CONNECTOR,
						line: client.line,
						external_chat_id: String(client.client_id),
						operator: { id: 2, name: 'Klaus Weber' },
						text: `reply ${i}`,
					}),
				);
			}
			const sent = () =>
				ctx.sandbox.chat2desk
					.messages({ client_id: client.client_id })
					.filter((message) => message.source === 'api' && message.type === 'to_client');
			await waitFor(() => sent().length >= 5, { timeoutMs: 60000, what: 'five replies at the client' });
			await ctx.sandbox.bitrix24.waitForIdle();
			await new Promise((resolve) => setTimeout(resolve, 2500));
			const texts = sent().map((message) => message.text);
			const duplicated = texts.length - new Set(texts).size;
			const posted = ctx.sandbox.bitrix24.getEventDeliveries ? ctx.sandbox.bitrix24.getEventDeliveries().length : null;
			print(ctx, 'operator-twice', { replies: 5, atClient: texts.length, duplicated, eventPosts: posted });
			assert.strictEqual(duplicated, 0, JSON.stringify(texts));
			assert.strictEqual(texts.length, 5);
		},
	},
	{
		name: 'delivery: n8n killed (SIGKILL) mid-burst and restarted — after Chat2Desk’s retries none lost, none twice',
		timeoutMs: 300000,
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			await publishInbound(ctx, { label: 'crash' });
			// Compressed, but longer than a restart of n8n under load.
			c2d.configure({ retrySchedule: [5000, 30000, 90000] });
			const first = burst(c2d, { clients: 5, each: 6, pauseMs: 40 });
			await new Promise((resolve) => setTimeout(resolve, 500));
			if (ctx.mode === 'queue') {
				await ctx.killWorker(0);
				await ctx.restartWorker(0);
			} else {
				await ctx.killMain();
				await ctx.restartMain();
			}
			const written = await first;
			const report = await waitAllDelivered(ctx, written, 180000);
			const deliveries = {};
			for (const entry of c2d.webhookDeliveries({ event: 'inbox' })) {
				deliveries[entry.status] = (deliveries[entry.status] ?? 0) + 1;
			}
			print(ctx, 'crash', { ...report, deliveries });
			assert.deepStrictEqual(
				{ lost: report.lost, duplicated: report.duplicated, reordered: report.reordered },
				{ lost: 0, duplicated: 0, reordered: 0 },
				JSON.stringify(report),
			);
		},
	},
];
