#!/usr/bin/env node
// `npm run bench:inbound`: the inbound relay's own overhead. The shipped inbound template against a bare
// Webhook → No-Op workflow in the same n8n, with the same load generator, Bitrix24's rate limit off.
//
//   1. builds and packs this package, starts both simulators (Bitrix24 rate limit off) and n8n
//   2. creates the delivery log data table (same name and columns as the Setup template), activates the
//      `chat2desk` connector, publishes the bare workflow (Webhook, "Respond: When Last Node Finishes" →
//      No-Op) and the inbound template as users import it (routes filled for the sandbox)
//   3. load: a client writes in the Chat2Desk simulator (so the message exists there, as the template's
//      doorbell reads the client's recent messages), and the `inbox` event the simulator built for it is
//      posted with the simulator's own signature headers. The simulator's own delivery of that webhook
//      is switched off, so the benchmark decides how many requests are in flight. Clients are taken in
//      turn (default 50 template clients, 50 other bare clients), so the 8 requests in flight are 8 chats.
//   4. throughput with 8 connections, then p50 latency with 1 connection, bare and template alternately
//   5. history: messages up to N per step (--history 20000, or a list like 1000,5000,20000), left the
//      way runs leave them: the message in Chat2Desk and its row in the delivery log (key `in:<id>`,
//      chat, direction `in`, remoteId), spread over the same template clients, one every 10 minutes
//      back from the start of the benchmark. Inserted directly rather than relayed (simulator call +
//      n8n's data-table insert API), then dated back (the simulator's message times in its memory,
//      the rows' createdAt in n8n's SQLite database); then 3.-4. again
//   6. compares the Open Line with every message posted to the template: lost, duplicated
//
// Prints progress to stderr, then one JSON line per measurement: the first without history
// (`history: 0`), then one per history step; `lost`/`duplicated` count all template messages so far.
// Last, one summary line: the first line's figures plus the last step's with the suffix `_<n>k`.
//
// Options: --messages <n>     messages per throughput phase (default 240)
//          --latency <n>      messages per latency phase (default 60)
//          --connections <n>  connections of the throughput phase (default 8)
//          --clients <n>      template clients (default 50)
//          --history <list>   history steps, cumulative totals (default 20000; 0 for none)
//          --no-build         pack the current dist/ without rebuilding
//          --tarball <file>   use this package tarball
//          --logs             stream n8n's log to stderr
//          --cpu-profile <dir> write n8n's V8 CPU profile into <dir> (open it in Chrome DevTools)
//          --node-times       print the template's mean time per node (from saved execution data)
const fs = require('fs');
const path = require('path');
const { startN8n } = require('./n8n');
const { activateConnector, cleanupStack, preparePackage, CONNECTOR, startBenchSandbox } = require('./n8n/bench');
const { sandboxCredentials } = require('./n8n/sandbox');
const { fillForSandbox, loadWorkflow } = require('./n8n/workflows');
const { resetDeliveryLog } = require('./n8n/deliveryLog');

const CHANNEL_ID = 1; // WhatsApp → line 1 in the sandbox routes
const WARM_UP = 16;
const HISTORY_SPACING_MS = 10 * 60 * 1000; // one past message every 10 minutes

function log(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function parseArgs(argv) {
	const args = {
		messages: 240,
		latency: 60,
		connections: 8,
		clients: 50,
		history: [20000],
		build: true,
		tarball: '',
		nodeTimes: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => argv[++i];
		if (arg === '--messages') args.messages = Number(value());
		else if (arg === '--latency') args.latency = Number(value());
		else if (arg === '--connections') args.connections = Number(value());
		else if (arg === '--clients') args.clients = Number(value());
		else if (arg === '--history')
			args.history = value()
				.split(',')
				.map(Number)
				.filter((n) => n > 0);
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--tarball') args.tarball = value();
		else if (arg === '--logs') process.env.E2E_N8N_LOGS = '1';
		else if (arg === '--cpu-profile') args.cpuProfile = path.resolve(value());
		else if (arg === '--node-times') args.nodeTimes = true;
		else if (arg === '--help' || arg === '-h') {
			const header = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
			console.log(
				header
					.slice(0, header.findIndex((line) => !line.startsWith('//')))
					.join('\n')
					.replace(/^\/\/ ?/gm, ''),
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${arg} (try --help)`);
	}
	for (const key of ['messages', 'latency', 'connections', 'clients']) {
		if (!Number.isInteger(args[key]) || args[key] < 1)
			throw new Error(`--${key} must be a positive integer`);
	}
	const sorted = [...args.history].sort((a, b) => a - b);
	if (sorted.some((n) => !Number.isInteger(n))) throw new Error('--history takes whole numbers');
	args.history = sorted;
	return args;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const round = (n, digits = 1) => Number(n.toFixed(digits));

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index];
}

/** Webhook → No-Op, answering when its last node finished: what n8n itself costs per request. */
function bareWorkflow() {
	return {
		name: 'Bench: bare webhook',
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b0000000-0000-4000-8000-00000000beef',
				parameters: { httpMethod: 'POST', path: 'bench-bare', responseMode: 'lastNode', options: {} },
			},
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Webhook: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Clients that write in turn. `next()` has the next client write one message in the Chat2Desk
 * simulator and resolves with the `inbox` body the simulator built for it (its webhook delivery is off).
 */
function clientPool(c2d, { prefix, count, label }) {
	const ids = new Array(count).fill(null);
	let turn = 0;
	let written = 0;
	const pool = {
		written: [],
		next() {
			const index = turn++ % count;
			const events = c2d.state.events;
			const before = events.length;
			const result = c2d.clientWrites({
				...(ids[index]
					? { client_id: ids[index] }
					: { phone: `${prefix}${String(index).padStart(4, '0')}`, name: `${label} ${index}` }),
				channel_id: CHANNEL_ID,
				text: `${label} ${index} message ${++written}`,
			});
			ids[index] = result.client_id;
			const event = events
				.slice(before)
				.find((entry) => entry.event === 'inbox' && entry.body.message_id === result.message_id);
			if (!event) throw new Error(`the simulator built no inbox event for message ${result.message_id}`);
			pool.written.push({ client_id: result.client_id, message_id: result.message_id });
			return JSON.stringify(event.body);
		},
		clientIds: () => ids.filter((id) => id !== null),
	};
	return pool;
}

/** Posts `total` events from `pool` over `connections` parallel connections; times each answer. */
async function drive({ url, pool, c2d, total, connections }) {
	const latencies = [];
	const failures = [];
	let issued = 0;
	const started = Date.now();
	const worker = async () => {
		while (issued < total) {
			issued++;
			const body = pool.next();
			const timestamp = Math.floor(Date.now() / 1000);
			const t0 = performance.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...c2d.signatureHeaders(body, timestamp) },
				body,
			});
			const text = await response.text();
			latencies.push(performance.now() - t0);
			if (!response.ok) failures.push(`${response.status} ${text.slice(0, 200)}`);
		}
	};
	await Promise.all(Array.from({ length: connections }, worker));
	const wallMs = Date.now() - started;
	return {
		rps: (total / wallMs) * 1000,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		failures,
	};
}

/** Lost and duplicated template messages in the Open Line. */
function deliveryCounts(sandbox, written) {
	const counts = new Map();
	for (const message of sandbox.bitrix24.getMessages({ connector: CONNECTOR, direction: 'in' })) {
		if (message.system) continue;
		for (const id of [].concat(message.external_message_id ?? []))
			counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
	}
	const lost = written.filter((w) => !counts.has(String(w.message_id))).length;
	const duplicated = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
	return { lost, duplicated };
}

/**
 * Inserts the history rows through n8n's data-table API, 500 a request. A busy n8n sometimes closes a
 * kept-alive connection under a request ("other side closed"); then the rows that did not arrive are
 * found in n8n's database by key and sent again, so none is inserted twice.
 */
async function insertHistoryRows(n8n, deliveryLog, rows) {
	const url = `/projects/${deliveryLog.projectId}/data-tables/${deliveryLog.id}/insert`;
	let pending = rows;
	for (let attempt = 1; pending.length > 0; attempt++) {
		let failed = false;
		for (let i = 0; i < pending.length; i += 500) {
			try {
				await n8n.rest('POST', url, { data: pending.slice(i, i + 500), returnType: 'count' });
			} catch (error) {
				if (attempt >= 5) throw error;
				log(`history insert: ${error.message.split('\n')[0]}; checking which rows arrived`);
				failed = true;
				await sleep(2000);
			}
		}
		if (!failed) return;
		const present = new Set(historyRowIds(n8n, deliveryLog.id).keys());
		pending = pending.filter((row) => !present.has(row.key));
	}
}

/** key → row id of the history rows in the delivery log, read from n8n's SQLite database. */
function historyRowIds(n8n, tableId) {
	const { DatabaseSync } = require('node:sqlite');
	const db = new DatabaseSync(path.join(n8n.userFolder, '.n8n', 'database.sqlite'));
	try {
		db.exec('PRAGMA busy_timeout = 60000');
		return new Map(
			db
				.prepare(`SELECT "id", "key" FROM "data_table_user_${tableId}" WHERE "remoteId" LIKE 'past-%'`)
				.all()
				.map((row) => [row.key, row.id]),
		);
	} finally {
		db.close();
	}
}

/**
 * History as runs leave it: the past messages were written and sent over time, one every
 * HISTORY_SPACING_MS (the newest just before the benchmark), so their Chat2Desk messages and their
 * delivery-log rows carry those times. The rows are inserted through n8n's data-table API (which stamps
 * them "now") and then dated back in n8n's SQLite database; the simulator's messages are dated back
 * in its memory. `offset` is how many history messages earlier steps wrote, `total` the last step.
 */
function backdateHistory(n8n, tableId, c2d, rows, offset, total, before) {
	const { DatabaseSync } = require('node:sqlite');
	const db = new DatabaseSync(path.join(n8n.userFolder, '.n8n', 'database.sqlite'));
	try {
		db.exec('PRAGMA busy_timeout = 60000');
		const table = `"data_table_user_${tableId}"`;
		const ids = historyRowIds(n8n, tableId);
		const update = db.prepare(`UPDATE ${table} SET "createdAt" = ?, "updatedAt" = ? WHERE "id" = ?`);
		db.exec('BEGIN IMMEDIATE');
		rows.forEach((row, index) => {
			const at = new Date(before - (total - (offset + index)) * HISTORY_SPACING_MS);
			const stamp = at.toISOString().replace('T', ' ').replace('Z', '');
			const id = ids.get(row.key);
			if (id === undefined) throw new Error(`history row ${row.key} not found in the delivery log`);
			update.run(stamp, stamp, id);
			c2d.state.messages.get(Number(row.key.slice(3))).createdAt = at.getTime();
		});
		db.exec('COMMIT');
	} finally {
		db.close();
	}
}

/** Mean executionTime per node over the template's last `limit` successful runs. */
async function nodeTimes(n8n, workflowId, limit = 20) {
	const list = await n8n.api(
		'GET',
		`/executions?workflowId=${workflowId}&status=success&limit=${limit}&includeData=true`,
		undefined,
		{ timeoutMs: 120000 },
	);
	const totals = {};
	let runs = 0;
	for (const execution of list.data || []) {
		const runData = execution.data?.resultData?.runData;
		if (!runData) continue;
		runs++;
		for (const [name, entries] of Object.entries(runData))
			totals[name] = (totals[name] || 0) + entries.reduce((s, r) => s + (r.executionTime || 0), 0);
	}
	return Object.entries(totals)
		.map(([name, ms]) => [name, round(ms / Math.max(1, runs))])
		.sort((a, b) => b[1] - a[1]);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const cleanup = cleanupStack(log);

	try {
		const tarball = await preparePackage(args, cleanup, log);
		const { sandbox, env } = await startBenchSandbox((step) => cleanup.add(step));
		sandbox.bitrix24.configure({ rateLimit: { enabled: false } });
		if (sandbox.bitrix24.config.rateLimit.enabled) throw new Error('could not switch off the Bitrix24 rate limit');
		const c2d = sandbox.chat2desk;
		log(`Bitrix24 rate limit off; Chat2Desk ${c2d.config.requestsPerSecond} req/s (unchanged)`);

		const n8n = await startN8n({
			tarball,
			credentials: sandboxCredentials(sandbox, env),
			env: args.cpuProfile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args.cpuProfile}` } : {},
		});
		cleanup.add(() => n8n.stop());
		log(`n8n ready at ${n8n.baseUrl}`);

		const deliveryLog = await resetDeliveryLog(n8n);
		await activateConnector(sandbox);
		await n8n.importWorkflow(bareWorkflow(), { publish: true });
		const bareUrl = `${n8n.webhookBaseUrl}/webhook/bench-bare`;
		const template = await n8n.importWorkflow(
			fillForSandbox(loadWorkflow('workflows/chat2desk-to-open-lines.json')),
			{ publish: true },
		);
		const hooks = c2d.webhooks().filter((hook) => hook.events.includes('inbox'));
		if (hooks.length !== 1) throw new Error(`expected one inbox webhook in Chat2Desk, found ${hooks.length}`);
		const templateUrl = hooks[0].url;
		// The benchmark posts the simulator's events itself; the simulator's own delivery stays off.
		c2d.state.webhooks.get(hooks[0].id).status = 'disable';
		log(`template webhook ${templateUrl}; bare webhook ${bareUrl}`);

		const templateClients = clientPool(c2d, { prefix: '7955', count: args.clients, label: 'Client' });
		const bareClients = clientPool(c2d, { prefix: '7966', count: args.clients, label: 'Bare client' });
		const posted = [];
		const run = async (which, total, connections) => {
			const pool = which === 'template' ? templateClients : bareClients;
			const result = await drive({ url: which === 'template' ? templateUrl : bareUrl, pool, c2d, total, connections });
			if (result.failures.length)
				throw new Error(`${which}: ${result.failures.length} failed answers, e.g. ${result.failures[0]}`);
			return result;
		};
		const measure = async (history) => {
			const t0 = Date.now();
			await run('bare', WARM_UP, args.connections);
			await run('template', WARM_UP, args.connections);
			const bare = await run('bare', args.messages, args.connections);
			log(`history ${history}: bare ${round(bare.rps)} req/s at ${args.connections} connections`);
			const tmpl = await run('template', args.messages, args.connections);
			log(`history ${history}: template ${round(tmpl.rps)} msg/s at ${args.connections} connections (p95 ${Math.round(tmpl.p95)} ms)`);
			const bare1 = await run('bare', args.latency, 1);
			const tmpl1 = await run('template', args.latency, 1);
			log(`history ${history}: p50 at 1 connection bare ${Math.round(bare1.p50)} ms, template ${Math.round(tmpl1.p50)} ms (${seconds(Date.now() - t0)})`);
			posted.push(...templateClients.written.splice(0));
			bareClients.written.splice(0);
			// Every template answer came after its run finished; the Open Line must hold them all by now.
			const counts = deliveryCounts(sandbox, posted);
			return {
				bare_rps: round(bare.rps),
				template_rps: round(tmpl.rps),
				ratio: round(tmpl.rps / bare.rps, 2),
				bare_p50_ms: round(bare1.p50),
				template_p50_ms: round(tmpl1.p50),
				overhead_p50_ms: round(tmpl1.p50 - bare1.p50),
				history,
				lost: counts.lost,
				duplicated: counts.duplicated,
			};
		};

		const benchStart = Date.now();
		const lines = [await measure(0)];
		console.log(JSON.stringify(lines[0]));
		let history = 0;
		for (const step of args.history) {
			const t0 = Date.now();
			const clients = templateClients.clientIds();
			const rows = [];
			for (let i = history; i < step; i++) {
				const clientId = clients[i % clients.length];
				const result = c2d.clientWrites({ client_id: clientId, channel_id: CHANNEL_ID, text: `past message ${i + 1}` });
				rows.push({ key: `in:${result.message_id}`, chat: String(clientId), direction: 'in', remoteId: `past-${result.message_id}` });
			}
			await insertHistoryRows(n8n, deliveryLog, rows);
			backdateHistory(n8n, deliveryLog.id, c2d, rows, history, args.history[args.history.length - 1], benchStart);
			history = step;
			log(`history: ${step} messages in Chat2Desk and the delivery log (${seconds(Date.now() - t0)})`);
			const line = await measure(step);
			lines.push(line);
			console.log(JSON.stringify(line));
		}
		if (args.nodeTimes) {
			const times = await nodeTimes(n8n, template.id);
			log(`template mean ms per node (last 20 runs): ${times.map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
		}
		const first = lines[0];
		const last = lines[lines.length - 1];
		const summary = { ...first };
		if (lines.length > 1) {
			const suffix = `_${last.history / 1000}k`;
			for (const key of ['bare_rps', 'template_rps', 'ratio', 'bare_p50_ms', 'template_p50_ms', 'overhead_p50_ms'])
				summary[`${key}${suffix}`] = last[key];
			summary.history = last.history;
		}
		summary.lost = last.lost;
		summary.duplicated = last.duplicated;
		console.log(JSON.stringify(summary));
		process.exitCode = last.lost || last.duplicated ? 1 : 0;
	} catch (error) {
		log(error.stack || error.message);
		process.exitCode = 1;
	} finally {
		await cleanup.run();
	}
}

main();
