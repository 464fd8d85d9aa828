#!/usr/bin/env node
// `npm run bench:replay`: replays 5,000 past messages through a real n8n into the Bitrix24 simulator,
// with the simulators' real rate limits on, and reports calls, time, 503s, loss, duplicates and order.
//
//   1. builds and packs this package, starts both simulators and n8n (free ports, throwaway folder)
//   2. activates the `chat2desk` connector, publishes the inbound template with its tag mode set
//      to "acceptTagged" (tag 1 "Sales") in Settings
//   3. one WhatsApp client writes N messages (default 5,000); the request is not tagged, so none of
//      them reaches the Open Line (--inbound live: every message runs the published workflow and is
//      filtered out; --inbound off, the default: the messages are written before the workflow is
//      published, i.e. while the integration was off — same end state, much faster, see docs/benchmark.md)
//   4. both simulators' request logs are cleared, the tag is put on the request, and the clock runs
//      until the replay execution has finished: it pages through the client's messages (start_id,
//      200 a page) and sends them with imconnector.send.messages (up to 50 of them per `batch`)
//   5. compares the Open Line with the N messages in Chat2Desk and prints one JSON line last
//
// Options: --messages <n>      how many past messages (default 5000, or BENCH_MESSAGES)
//          --batch-size <n>    "Messages per Call" of the Send node (template default 50; 1-100)
//          --inbound live|off  how the past messages are created (see 3.)
//          --retag             afterwards remove and put the tag again: a second replay must send nothing
//          --no-build          pack the current dist/ without rebuilding
//          --tarball <file>    use this package tarball
//          --logs              stream n8n's log to stderr
//          --cpu-profile <dir> write n8n's V8 CPU profile into <dir> (open it in Chrome DevTools)
const fs = require('fs');
const path = require('path');
const { startN8n, ROOT } = require('./n8n');
const { activateConnector, cleanupStack, preparePackage, CONNECTOR, startBenchSandbox } = require('./n8n/bench');
const { sandboxCredentials } = require('./n8n/sandbox');
const { resetDeliveryLog } = require('./n8n/deliveryLog');
const { fillForSandbox, loadWorkflow, setAssignments } = require('./n8n/workflows');

const TAG_ID = 1;
const CHANNEL_ID = 1; // WhatsApp → line 1 in the template's channel routes
const PAGE_SIZE = 200; // Chat2Desk GET /v1/messages maximum
const BATCH_COMMANDS = 50; // Bitrix24 `batch`: at most 50 commands per HTTP request
const MAX_MESSAGES_PER_CALL = 100; // the Send node's "Messages per Call" maximum

function log(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function parseArgs(argv) {
	const args = {
		messages: Number(process.env.BENCH_MESSAGES || 5000),
		batchSize: undefined,
		inbound: 'off',
		retag: false,
		build: true,
		tarball: '',
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => argv[++i];
		if (arg === '--messages') args.messages = Number(value());
		else if (arg === '--batch-size') args.batchSize = Number(value());
		else if (arg === '--inbound') args.inbound = value();
		else if (arg === '--retag') args.retag = true;
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--tarball') args.tarball = value();
		else if (arg === '--logs') process.env.E2E_N8N_LOGS = '1';
		else if (arg === '--cpu-profile') args.cpuProfile = path.resolve(value());
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
	if (!Number.isInteger(args.messages) || args.messages < 1)
		throw new Error('--messages must be a positive integer');
	if (
		args.batchSize !== undefined &&
		!(args.batchSize >= 1 && args.batchSize <= MAX_MESSAGES_PER_CALL)
	) {
		throw new Error(`--batch-size must be 1-${MAX_MESSAGES_PER_CALL}`);
	}
	if (!['live', 'off'].includes(args.inbound)) throw new Error('--inbound must be live or off');
	return args;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The inbound template as the benchmark runs it. */
function inboundWorkflow(batchSize) {
	const workflow = fillForSandbox(loadWorkflow('workflows/chat2desk-to-open-lines.json'));
	const node = (name) => {
		const found = workflow.nodes.find((candidate) => candidate.name === name);
		if (!found) throw new Error(`the inbound template has no node "${name}"`);
		return found;
	};
	setAssignments(workflow, 'Settings', {
		'settings.tagMode': 'acceptTagged',
		'settings.tags': [String(TAG_ID)],
		'settings.tagSource': 'clientOrRequest',
	});
	const send = node('Send to the Open Line');
	const sending = send.parameters.sending || {};
	if (batchSize !== undefined) sending.batchSize = batchSize;
	send.parameters.sending = sending;
	const settings = node('Settings').parameters.assignments.assignments;
	const replay = settings.find(
		(assignment) => assignment.name === 'settings.sendPastMessagesAfterTag',
	);
	if (!replay || replay.value !== true)
		throw new Error('the inbound template does not replay after a tag');
	return { workflow, sending };
}

/** Waits until no execution of the workflow is running (twice in a row), up to `timeoutMs`. */
async function waitForQuiet(n8n, workflowId, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let quiet = 0;
	for (;;) {
		const running = await n8n.api(
			'GET',
			`/executions?workflowId=${workflowId}&status=running&limit=1`,
		);
		quiet = (running.data || []).length === 0 ? quiet + 1 : 0;
		if (quiet >= 2) return;
		if (Date.now() > deadline)
			throw new Error(`executions of ${workflowId} still running after ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

/** Counts the executions of a workflow by status (pages through the public API). */
async function executionCounts(n8n, workflowId) {
	const counts = {};
	let cursor;
	do {
		const query = new URLSearchParams({ workflowId, limit: '250', includeData: 'false' });
		if (cursor) query.set('cursor', cursor);
		const page = await n8n.api('GET', `/executions?${query}`);
		for (const execution of page.data || [])
			counts[execution.status] = (counts[execution.status] || 0) + 1;
		cursor = page.nextCursor;
	} while (cursor);
	return counts;
}

/** The execution started by the tag (the newest one that started after `since`), once finished. */
/**
 * Waits for the runs the tag started: done once at least one run that started after `since` has
 * finished and none is running (twice in a row). The public API lists running executions only when
 * asked for `status=running`. Resolves with the finished runs, oldest first.
 */
async function waitForReplayExecution(
	n8n,
	workflowId,
	since,
	timeoutMs,
	stats = { slowestApiMs: 0 },
) {
	const deadline = Date.now() + timeoutMs;
	let lastReport = Date.now();
	let quiet = 0;
	// n8n's main process is busy with the 5,000-item execution; its API can take long to answer.
	const ask = async (query) => {
		const asked = Date.now();
		try {
			return await n8n.api('GET', `/executions?workflowId=${workflowId}&${query}`, undefined, {
				timeoutMs: 10 * 60 * 1000,
			});
		} finally {
			stats.slowestApiMs = Math.max(stats.slowestApiMs, Date.now() - asked);
		}
	};
	for (;;) {
		let running;
		let finished;
		try {
			running = (await ask('status=running&limit=20&includeData=false')).data || [];
			finished = ((await ask('limit=50&includeData=false')).data || []).filter(
				(execution) =>
					execution.startedAt >= since && !['running', 'new', 'waiting'].includes(execution.status),
			);
		} catch (error) {
			if (Date.now() > deadline) throw error;
			log(`n8n API: ${error.message.split('\n')[0]}; asking again`);
			continue;
		}
		quiet = running.length === 0 && finished.length > 0 ? quiet + 1 : 0;
		if (quiet >= 2) return finished.reverse();
		if (Date.now() > deadline)
			throw new Error(`the replay did not finish within ${timeoutMs / 1000} s`);
		if (Date.now() - lastReport > 15000) {
			lastReport = Date.now();
			log(`… replay running for ${seconds(Date.now() - Date.parse(since))}`);
		}
		await sleep(250);
	}
}

/** Loss, duplicates and order of the Open Line's messages against the messages in Chat2Desk. */
function compare(expected, delivered) {
	const expectedIds = expected.map((message) => String(message.id));
	const expectedText = new Map(expected.map((message) => [String(message.id), message.text]));
	const seen = new Map();
	for (const message of delivered) {
		const id = String(message.external_message_id);
		seen.set(id, (seen.get(id) || 0) + 1);
	}
	const lost = expectedIds.filter((id) => !seen.has(id));
	const duplicated = [...seen.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
	const unexpected = [...seen.keys()].filter((id) => !expectedText.has(id));
	// Order: the first arrival of each message, compared with the Chat2Desk order (adjacent inversions).
	const firstArrivals = [];
	const counted = new Set();
	for (const message of delivered) {
		const id = String(message.external_message_id);
		if (!counted.has(id)) {
			counted.add(id);
			firstArrivals.push(Number(id));
		}
	}
	let outOfOrder = 0;
	for (let i = 1; i < firstArrivals.length; i++)
		if (firstArrivals[i] < firstArrivals[i - 1]) outOfOrder++;
	const wrongText = delivered.filter(
		(message) =>
			expectedText.has(String(message.external_message_id)) &&
			message.text !== expectedText.get(String(message.external_message_id)),
	).length;
	return {
		lost: lost.length,
		lostIds: lost.slice(0, 10),
		duplicated,
		unexpected: unexpected.length,
		outOfOrder,
		wrongText,
	};
}

function countBy(entries, key) {
	const counts = {};
	for (const entry of entries) {
		const value = key(entry);
		counts[value] = (counts[value] || 0) + 1;
	}
	return counts;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const cleanup = cleanupStack(log);

	try {
		const tarball = await preparePackage(args, cleanup, log);

		const { sandbox, env } = await startBenchSandbox((step) => cleanup.add(step));
		const c2dConfig = sandbox.chat2desk.config;
		const b24Config = sandbox.bitrix24.config;
		const b24Limit = b24Config.rateLimit;
		if (!b24Limit.enabled || !(c2dConfig.requestsPerSecond > 0))
			throw new Error("the simulators' rate limits are off");
		log(
			`rate limits: Bitrix24 leaky bucket ${b24Limit.drainPerSecond} req/s, burst ${b24Limit.burst}; ` +
				`Chat2Desk ${c2dConfig.requestsPerSecond} req/s (all /v1), ${c2dConfig.sendRatePerSecond} sends/s`,
		);

		const n8n = await startN8n({
			tarball,
			credentials: sandboxCredentials(sandbox, env),
			// --cpu-profile <dir>: n8n writes a V8 CPU profile (.cpuprofile) there when it stops.
			env: args.cpuProfile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args.cpuProfile}` } : {},
		});
		cleanup.add(() => n8n.stop());
		log(`n8n ready at ${n8n.baseUrl}`);

		await activateConnector(sandbox);
		// The template keeps its delivery log in an n8n data table, which the Setup template creates.
		await resetDeliveryLog(n8n);
		const { workflow, sending } = inboundWorkflow(args.batchSize);
		const batchSize = sending.allInOneCall === true ? Number(sending.batchSize ?? 20) : 1;
		log(
			`Send to the Open Line: Send All Items in One Call ${sending.allInOneCall === true}, Messages per Call ${batchSize}, Skip Messages Already Sent ${sending.skipAlreadySent === true}, Combine Concurrent Sends ${sending.combineConcurrentSends !== false}`,
		);

		// Phase 1: N past messages that never reached the Open Line.
		const c2d = sandbox.chat2desk;
		const phone = '79990005000';
		const writeAll = () => {
			let first;
			for (let i = 1; i <= args.messages; i++) {
				const result = c2d.clientWrites({
					phone,
					name: 'Benchmark Client',
					channel_id: CHANNEL_ID,
					text: `past message ${i} of ${args.messages}`,
					...(i === 1 ? {} : { client_id: first.client_id }),
				});
				if (i === 1) first = result;
			}
			return first;
		};
		const t1 = Date.now();
		let first;
		let entry;
		if (args.inbound === 'off') {
			first = writeAll();
			log(
				`wrote ${args.messages} client messages while the inbound workflow was not published (${seconds(Date.now() - t1)})`,
			);
			entry = await n8n.importWorkflow(workflow, { publish: true });
		} else {
			entry = await n8n.importWorkflow(workflow, { publish: true });
			first = writeAll();
			log(
				`wrote ${args.messages} client messages; n8n is filtering them out (one execution each) …`,
			);
			await c2d.webhooksIdle({ timeout_ms: 30 * 60 * 1000 });
			await waitForQuiet(n8n, entry.id, 30 * 60 * 1000);
			const counts = await executionCounts(n8n, entry.id);
			log(
				`inbound phase: ${JSON.stringify(counts)} executions in ${seconds(Date.now() - t1)}; ${c2d.requestsLog({ status: 429 }).length} Chat2Desk 429s`,
			);
		}
		const clientId = first.client_id;
		const requestId = first.request_id;
		const inLine = () =>
			sandbox.bitrix24
				.getMessages({ connector: CONNECTOR, direction: 'in', external_chat_id: String(clientId) })
				.filter((message) => !message.system);
		const before = inLine().length;
		if (before !== 0)
			throw new Error(
				`${before} messages reached the Open Line before the tag; the tag mode did not hold them`,
			);
		const expected = c2d
			.messages({ client_id: clientId })
			.filter((message) => message.source === 'client')
			.sort((a, b) => a.id - b.id);
		if (expected.length !== args.messages)
			throw new Error(
				`Chat2Desk holds ${expected.length} client messages, expected ${args.messages}`,
			);

		// Phase 2: the tag, and the replay.
		c2d.clearRequestsLog();
		sandbox.bitrix24.clearRequestsLog();
		const since = new Date().toISOString();
		const t2 = Date.now();
		c2d.assignTag({ tag_id: TAG_ID, request_id: requestId });
		log(`tag ${TAG_ID} put on request ${requestId}; replaying …`);
		const apiStats = { slowestApiMs: 0 };
		const executions = await waitForReplayExecution(n8n, entry.id, since, 30 * 60 * 1000, apiStats);
		const wallMs = Date.now() - t2;

		// Where the time went: executionTime of every node in the first run.
		let nodeTimes = '';
		try {
			const replay = await n8n.api(
				'GET',
				`/executions/${executions[0].id}?includeData=true`,
				undefined,
				{
					timeoutMs: 5 * 60 * 1000,
				},
			);
			const runData =
				(replay.data && replay.data.resultData && replay.data.resultData.runData) || {};
			nodeTimes = Object.entries(runData)
				.map(([name, runs]) => [name, runs.reduce((sum, run) => sum + (run.executionTime || 0), 0)])
				.filter(([, ms]) => ms >= 100)
				.map(([name, ms]) => `${name} ${seconds(ms)}`)
				.join(', ');
		} catch (error) {
			nodeTimes = `not available (${error.message.split('\n')[0]})`;
		}
		// Every run since the tag, and what Chat2Desk saw of the tag event's delivery.
		const runs = executions
			.map(
				(execution) =>
					`${execution.id}:${execution.status} ${seconds(Date.parse(execution.startedAt) - t2)}→${seconds(Date.parse(execution.stoppedAt) - t2)}`,
			)
			.join(', ');
		const tagDeliveries = c2d.webhookDeliveries({ event: 'add_tag_to_request' });
		const attempts = tagDeliveries
			.flatMap((delivery) => delivery.attempts)
			.map(
				(attempt) =>
					`${attempt.status_code ?? attempt.error} after ${seconds(attempt.duration_ms)}`,
			)
			.join('; ');
		const pendingRetries = tagDeliveries.filter((delivery) => delivery.status === 'retrying');
		const c2dLog = c2d.requestsLog();
		const b24Log = sandbox.bitrix24.getRequestsLog();
		const b24Rest = b24Log.filter(
			(call) => !/^oauth/i.test(String(call.method)) && call.method !== 'token',
		);
		const delivered = inLine();
		const result = compare(expected, delivered);

		const chat2deskCalls = c2dLog.length;
		const bitrix24Calls = b24Rest.length;
		const http503 = b24Rest.filter((call) => call.http_status === 503).length;
		const c2d429 = c2dLog.filter((call) => call.status === 429).length;
		// Sends go as plain imconnector.send.messages or, several commands at once, as `batch`.
		const sendCalls = b24Rest.filter(
			(call) => call.method === 'imconnector.send.messages' || call.method === 'batch',
		);
		const sendCommands = sendCalls
			.filter((call) => call.http_status === 200)
			.reduce((sum, call) => sum + (call.method === 'batch' ? call.commands : 1), 0);
		const pages = c2dLog.filter((call) => call.method === 'GET' && call.path === '/v1/messages');
		const offset = (iso) => seconds(Date.parse(iso) - t2);
		const timeline = [
			pages.length
				? `pages read ${offset(pages[0].time)} → ${offset(pages[pages.length - 1].time)}`
				: 'no pages read',
			sendCalls.length
				? `sends ${offset(sendCalls[0].at)} → ${offset(sendCalls[sendCalls.length - 1].at)}`
				: 'no sends',
		].join('; ');
		const boundPages = Math.ceil(args.messages / PAGE_SIZE);
		const boundBitrix = Math.ceil(args.messages / (BATCH_COMMANDS * MAX_MESSAGES_PER_CALL));
		const boundCalls = boundPages + boundBitrix;

		let retag = null;
		if (args.retag) {
			c2d.clearRequestsLog();
			sandbox.bitrix24.clearRequestsLog();
			c2d.removeTag({ tag_id: TAG_ID, request_id: requestId });
			await c2d.webhooksIdle({});
			const since2 = new Date().toISOString();
			const t3 = Date.now();
			c2d.assignTag({ tag_id: TAG_ID, request_id: requestId });
			log('tag removed and put on the request again; a second replay must send nothing …');
			await waitForReplayExecution(n8n, entry.id, since2, 30 * 60 * 1000);
			const after = inLine();
			retag = {
				wall_s: Number(((Date.now() - t3) / 1000).toFixed(1)),
				open_line_messages: after.length,
				sent_again: after.length - delivered.length,
				chat2desk_calls: c2d.requestsLog().length,
				bitrix24_calls: sandbox.bitrix24
					.getRequestsLog()
					.filter((call) => call.method === 'imconnector.send.messages').length,
			};
		}

		const lines = [
			'',
			`Replay of ${args.messages} past messages (one client, one request) through n8n ${n8n.n8nVersion}`,
			`  runs started by the tag:    ${runs} (id:status start→end, seconds after the tag)`,
			`  tag webhook attempts:       ${attempts || 'none'}${pendingRetries.length ? `; Chat2Desk will deliver it again at ${pendingRetries.map((delivery) => delivery.next_attempt_at).join(', ')}` : ''}`,
			`  wall time:                  ${seconds(wallMs)} (tag put on the request → replay execution finished)`,
			`  timeline after the tag:     ${timeline}`,
			`  node times (≥ 0.1 s):       ${nodeTimes || 'none'}`,
			`  Chat2Desk /v1 calls:        ${chat2deskCalls} = ${pages.length} × GET /v1/messages (pages of ${PAGE_SIZE}, start_id) + ${chat2deskCalls - pages.length} other ${JSON.stringify(
				countBy(
					c2dLog.filter((call) => !(call.method === 'GET' && call.path === '/v1/messages')),
					(call) => `${call.method} ${call.path}`,
				),
			)}; ${c2d429} answered 429`,
			`  Bitrix24 REST calls:        ${bitrix24Calls} = ${JSON.stringify(countBy(b24Rest, (call) => call.method))}; HTTP statuses ${JSON.stringify(countBy(b24Rest, (call) => call.http_status))}`,
			`  messages per send call:     ${batchSize} configured → ${sendCommands} imconnector.send.messages (ceil(${args.messages}/${batchSize}) = ${Math.ceil(args.messages / batchSize)}) in ${sendCalls.filter((call) => call.http_status === 200).length} successful HTTP requests (plain or \`batch\` of up to ${BATCH_COMMANDS})`,
			`  503 QUERY_LIMIT_EXCEEDED:   ${http503} (retried by the node with backoff)`,
			`  ratio to the bound:         ${((chat2deskCalls + bitrix24Calls) / boundCalls).toFixed(2)} (${chat2deskCalls + bitrix24Calls} calls / ${boundCalls})`,
			`  lower bound:                ${boundCalls} calls = ceil(${args.messages}/${PAGE_SIZE}) Chat2Desk pages + ceil(${args.messages}/(${BATCH_COMMANDS} batch commands × ${MAX_MESSAGES_PER_CALL} messages)) Bitrix24 requests = ${boundPages} + ${boundBitrix}`,
			`  n8n API while replaying:    slowest answer ${seconds(apiStats.slowestApiMs)} (the main process runs the execution)`,
			`  Open Line:                  ${delivered.length} messages; lost ${result.lost}${result.lost ? ` (e.g. ${result.lostIds.join(', ')})` : ''}, duplicated ${result.duplicated}, out of order ${result.outOfOrder}, unexpected ${result.unexpected}, text differs ${result.wrongText}`,
		];
		if (retag) {
			lines.push(
				`  second tag (exactly-once):  ${retag.sent_again} messages sent again in ${retag.wall_s} s; ${retag.chat2desk_calls} Chat2Desk calls, ${retag.bitrix24_calls} imconnector.send.messages calls`,
			);
		}
		console.log(lines.join('\n'));
		console.log('');
		const summary = {
			messages: args.messages,
			chat2desk_calls: chat2deskCalls,
			bitrix24_calls: bitrix24Calls,
			bound_calls: boundCalls,
			ratio: Number(((chat2deskCalls + bitrix24Calls) / boundCalls).toFixed(2)),
			wall_s: Number((wallMs / 1000).toFixed(1)),
			http_503: http503,
			lost: result.lost,
			duplicated: result.duplicated + (retag ? Math.max(0, retag.sent_again) : 0),
			out_of_order: result.outOfOrder,
		};
		console.log(JSON.stringify(summary));
		process.exitCode = result.lost || summary.duplicated || result.outOfOrder ? 1 : 0;
	} catch (error) {
		log(error.stack || error.message);
		process.exitCode = 1;
	} finally {
		await cleanup.run();
	}
}

main();
