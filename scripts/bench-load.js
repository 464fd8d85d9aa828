#!/usr/bin/env node
// `npm run bench:load`: sustained client traffic at Bitrix24's real rate limit, through a real n8n and the
// inbound template as it ships, and what it costs: loss, duplicates, order per chat, latency.
//
//   1. builds and packs this package, starts both simulators (rate limits on, as by default: Bitrix24
//      leaky bucket 2 requests/s, burst 50, 503 QUERY_LIMIT_EXCEEDED beyond it) and n8n (single mode, or
//      queue mode: Postgres + Redis + main + 2 workers), activates the connector, creates the delivery log
//      and publishes workflows/chat2desk-to-open-lines.json
//   2. makes the Chat2Desk simulator deliver client messages: <rate> messages/s from <clients> clients
//      (round robin: each client writes every clients/rate seconds) for <seconds> seconds; Chat2Desk
//      delivers up to <concurrency> webhooks at once (the simulator's deliveryConcurrency)
//   3. waits until every message is in the Open Line (or the drain time is over), then compares the Open
//      Line (Bitrix24 simulator) with what the clients wrote (Chat2Desk simulator)
//   4. latency per message = first time it is seen in the Bitrix24 simulator's store (polled every 50 ms
//      in this process) − start of the Chat2Desk simulator's first webhook attempt for it; `from_write_*`
//      count from the client's write instead, so they include the wait in Chat2Desk's delivery queue
//
// The last line per mode is one JSON object:
//   {mode, messages, clients, seconds, rate, p50_ms, p95_ms, max_ms, from_write_p50_ms, from_write_p95_ms,
//    lost, duplicated, reordered, bitrix24_calls, http_503, executions_failed}
//
// Options: --mode single|queue|both   (default single)
//          --rate <n>                 messages per second (default 10)
//          --clients <n>              clients writing (default 50)
//          --seconds <n>              how long the clients write (default 120)
//          --concurrency <n>          webhooks Chat2Desk delivers at once (default 10; 50 at once stalled
//                                     n8n's SQLite database here: "Database connection timed out")
//          --drain <s>                how long to wait for the last messages after the load (default 120)
//          --no-combine               switch the Send node's "Combine Concurrent Sends" off (one call per
//                                     run, as before the option existed) to compare
//          --no-build                 pack the current dist/ without rebuilding
//          --tarball <file>           use this package tarball
//          --logs                     stream n8n's log to stderr
const fs = require('fs');
const path = require('path');
const { ensureN8n, packPackage, startN8n } = require('./n8n');
const { activateConnector, CONNECTOR, startBenchSandbox } = require('./n8n/bench');
const { sandboxCredentials } = require('./n8n/sandbox');
const { resetDeliveryLog } = require('./n8n/deliveryLog');
const { startServices } = require('./n8n/services');
const { fillForSandbox, loadWorkflow } = require('./n8n/workflows');

const CHANNEL_ID = 1; // WhatsApp → line 1 in the template's channel routes

function log(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function parseArgs(argv) {
	const args = {
		mode: 'single',
		rate: 10,
		clients: 50,
		seconds: 120,
		concurrency: undefined,
		drain: 120,
		combine: true,
		build: true,
		tarball: '',
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => argv[++i];
		if (arg === '--mode') args.mode = value();
		else if (arg === '--rate') args.rate = Number(value());
		else if (arg === '--clients') args.clients = Number(value());
		else if (arg === '--seconds') args.seconds = Number(value());
		else if (arg === '--concurrency') args.concurrency = Number(value());
		else if (arg === '--drain') args.drain = Number(value());
		else if (arg === '--no-combine') args.combine = false;
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--tarball') args.tarball = value();
		else if (arg === '--logs') process.env.E2E_N8N_LOGS = '1';
		else if (arg === '--help' || arg === '-h') {
			console.log(
				fs
					.readFileSync(__filename, 'utf8')
					.split('\n')
					.slice(1)
					.filter((line, index, all) => all.slice(0, index + 1).every((l) => l.startsWith('//')))
					.join('\n')
					.replace(/^\/\/ ?/gm, ''),
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${arg} (try --help)`);
	}
	if (!['single', 'queue', 'both'].includes(args.mode))
		throw new Error('--mode must be single, queue or both');
	for (const name of ['rate', 'clients', 'seconds', 'drain']) {
		if (!(args[name] > 0)) throw new Error(`--${name} must be a positive number`);
	}
	args.concurrency = args.concurrency ?? Math.min(10, args.clients);
	return args;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

/** Records when each client message is first seen in the Open Line (the Bitrix24 simulator's store). */
function watchOpenLine(sandbox, intervalMs = 50) {
	const firstSeen = new Map();
	const scan = () => {
		const now = Date.now();
		for (const message of sandbox.bitrix24.getMessages({ connector: CONNECTOR, direction: 'in' })) {
			if (message.system) continue;
			for (const id of [].concat(message.external_message_id ?? [])) {
				if (!firstSeen.has(String(id))) firstSeen.set(String(id), now);
			}
		}
	};
	const timer = setInterval(scan, intervalMs);
	return {
		firstSeen,
		stop: () => {
			clearInterval(timer);
			scan();
		},
	};
}

/** Lost, duplicated and per-chat order of the Open Line against what the clients wrote. */
function compare(sandbox, written) {
	const inLine = sandbox.bitrix24
		.getMessages({ connector: CONNECTOR, direction: 'in' })
		.filter((message) => !message.system);
	const counts = new Map();
	for (const message of inLine) {
		for (const id of [].concat(message.external_message_id ?? [])) {
			counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
		}
	}
	const lost = written.filter((w) => !counts.has(String(w.message_id))).length;
	const duplicated = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
	// Per chat: the order of first appearance must follow Chat2Desk's message ids (adjacent inversions).
	const byChat = new Map();
	for (const message of inLine) {
		const chat = String(message.external_chat_id);
		if (!byChat.has(chat)) byChat.set(chat, []);
		for (const id of [].concat(message.external_message_id ?? [])) {
			const list = byChat.get(chat);
			if (!list.includes(Number(id))) list.push(Number(id));
		}
	}
	let reordered = 0;
	for (const ids of byChat.values()) {
		for (let i = 1; i < ids.length; i++) if (ids[i] < ids[i - 1]) reordered++;
	}
	return { lost, duplicated, reordered, inLine: inLine.length };
}

/** Start of the first webhook attempt per message id (the Chat2Desk simulator's delivery record). */
function deliveryStarts(c2d) {
	const starts = new Map();
	for (const delivery of c2d.webhookDeliveries({ event: 'inbox' })) {
		const id = String(delivery.body && delivery.body.message_id);
		const first = delivery.attempts[0];
		if (!first) continue;
		const at = Date.parse(first.started_at);
		if (!starts.has(id) || at < starts.get(id)) starts.set(id, at);
	}
	return starts;
}

async function runMode(mode, args, tarball) {
	const cleanups = [];
	const cleanup = async () => {
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (error) {
				log(`cleanup: ${error.message}`);
			}
		}
	};
	try {
		const { sandbox, env } = await startBenchSandbox((step) => cleanups.push(step));
		const b24Limit = sandbox.bitrix24.config.rateLimit;
		if (!b24Limit.enabled) throw new Error("the Bitrix24 simulator's rate limit is off");
		log(
			`${mode}: Bitrix24 leaky bucket ${b24Limit.drainPerSecond} req/s, burst ${b24Limit.burst}; ` +
				`Chat2Desk delivers up to ${args.concurrency} webhooks at once`,
		);

		let queue;
		if (mode === 'queue') {
			const services = await startServices();
			cleanups.push(() => services.stop());
			queue = { env: services.env, workers: 2 };
		}
		const n8n = await startN8n({ tarball, credentials: sandboxCredentials(sandbox, env), queue });
		cleanups.push(() => n8n.stop());
		log(`${mode}: n8n ready at ${n8n.baseUrl}${queue ? ' (main + 2 workers)' : ''}`);

		await activateConnector(sandbox);
		await resetDeliveryLog(n8n);
		const workflow = fillForSandbox(loadWorkflow('workflows/chat2desk-to-open-lines.json'));
		if (!args.combine) {
			const send = workflow.nodes.find((node) => node.name === 'Send to the Open Line');
			if (!send) throw new Error('the inbound template has no node "Send to the Open Line"');
			send.parameters.sending = { ...(send.parameters.sending || {}), combineConcurrentSends: false };
		}
		const entry = await n8n.importWorkflow(workflow, { publish: true });

		const c2d = sandbox.chat2desk;
		c2d.configure({ deliveryConcurrency: args.concurrency });
		c2d.clearRequestsLog();
		sandbox.bitrix24.clearRequestsLog();
		const watcher = watchOpenLine(sandbox);

		// The load: message k at k/rate seconds, from client k mod clients.
		const total = Math.round(args.rate * args.seconds);
		const written = [];
		const clientIds = [];
		const t0 = Date.now();
		for (let k = 0; k < total; k++) {
			const due = t0 + (k * 1000) / args.rate;
			if (due > Date.now()) await sleep(due - Date.now());
			const c = k % args.clients;
			const text = `client ${c} message ${Math.floor(k / args.clients)}`;
			const input = clientIds[c]
				? { client_id: clientIds[c], channel_id: CHANNEL_ID, text }
				: {
						phone: `7900777${String(1000 + c)}`,
						name: `Load Client ${c}`,
						channel_id: CHANNEL_ID,
						text,
					};
			const sent = c2d.clientWrites(input);
			clientIds[c] = sent.client_id;
			written.push({ client_id: sent.client_id, message_id: sent.message_id, writtenAt: Date.now() });
			if (k > 0 && k % (args.rate * 15) === 0) {
				log(
					`${mode}: ${k} written, ${watcher.firstSeen.size} in the Open Line (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
				);
			}
		}
		const loadMs = Date.now() - t0;
		log(`${mode}: ${total} messages written in ${(loadMs / 1000).toFixed(1)} s; draining …`);
		const deadline = Date.now() + args.drain * 1000;
		while (Date.now() < deadline) {
			if (written.every((w) => watcher.firstSeen.has(String(w.message_id)))) break;
			await sleep(200);
		}
		await c2d.webhooksIdle({ timeout_ms: Math.max(1000, deadline - Date.now()) }).catch(() => {});
		await sleep(2000);
		watcher.stop();

		const result = compare(sandbox, written);
		const starts = deliveryStarts(c2d);
		const latencies = [];
		// Also from the client's write: deliveries wait in Chat2Desk's queue while n8n is busy, and that
		// wait is not in the delivery → Open Line figure.
		const sinceWrite = [];
		for (const w of written) {
			const seen = watcher.firstSeen.get(String(w.message_id));
			const started = starts.get(String(w.message_id));
			if (seen !== undefined && started !== undefined) latencies.push(Math.max(0, seen - started));
			if (seen !== undefined) sinceWrite.push(Math.max(0, seen - w.writtenAt));
		}
		latencies.sort((a, b) => a - b);
		sinceWrite.sort((a, b) => a - b);
		const b24Rest = sandbox.bitrix24
			.getRequestsLog()
			.filter((call) => !/^oauth/i.test(String(call.method)) && call.method !== 'token');
		const byMethod = {};
		for (const call of b24Rest) byMethod[call.method] = (byMethod[call.method] || 0) + 1;
		const sends = b24Rest.filter(
			(call) => call.method === 'imconnector.send.messages' && call.http_status === 200,
		).length;
		let failed = null;
		try {
			const page = await n8n.api(
				'GET',
				`/executions?workflowId=${entry.id}&status=error&limit=250&includeData=false`,
				undefined,
				{ timeoutMs: 120000 },
			);
			failed = (page.data || []).length;
		} catch (error) {
			log(`${mode}: could not count failed executions (${error.message.split('\n')[0]})`);
		}
		log(
			`${mode}: Bitrix24 REST calls ${JSON.stringify(byMethod)}; ${sends} successful imconnector.send.messages ` +
				`for ${result.inLine} messages (${(result.inLine / Math.max(1, sends)).toFixed(1)} per call); ` +
				`Chat2Desk /v1 calls ${c2d.requestsLog().length}; latency measured for ${latencies.length} of ${total}`,
		);
		return {
			mode,
			...(args.combine ? {} : { combine: false }),
			messages: total,
			clients: args.clients,
			seconds: args.seconds,
			rate: Number((total / (loadMs / 1000)).toFixed(2)),
			p50_ms: percentile(latencies, 50),
			p95_ms: percentile(latencies, 95),
			max_ms: latencies.length ? latencies[latencies.length - 1] : null,
			from_write_p50_ms: percentile(sinceWrite, 50),
			from_write_p95_ms: percentile(sinceWrite, 95),
			lost: result.lost,
			duplicated: result.duplicated,
			reordered: result.reordered,
			bitrix24_calls: b24Rest.length,
			http_503: b24Rest.filter((call) => call.http_status === 503).length,
			executions_failed: failed,
		};
	} finally {
		await cleanup();
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`${signal}: stopping`);
			process.exit(130);
		});
	}
	const installed = await ensureN8n();
	log(`n8n ${installed.version} on Node ${installed.node.version}`);
	let tarball = args.tarball && path.resolve(args.tarball);
	if (!tarball) {
		tarball = await packPackage({ build: args.build });
		process.on('exit', () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
	}
	const modes = args.mode === 'both' ? ['single', 'queue'] : [args.mode];
	let failed = false;
	for (const mode of modes) {
		try {
			const summary = await runMode(mode, args, tarball);
			console.log(JSON.stringify(summary));
			if (summary.lost || summary.duplicated || summary.reordered) failed = true;
		} catch (error) {
			log(`${mode}: ${error.stack || error.message}`);
			failed = true;
		}
	}
	process.exitCode = failed ? 1 : 0;
}

main();
