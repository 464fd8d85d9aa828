// Helpers shared by the bridge scenarios: connector setup in the Bitrix24 simulator, template loading
// with parameter overrides, and waiting for what the simulators record.
const assert = require('assert');
const path = require('path');
const { fillForSandbox, loadWorkflow, setAssignments } = require('../../../scripts/n8n/workflows');

const CONNECTOR = 'chat2desk';
const TEMPLATES = {
	inbound: 'workflows/chat2desk-to-open-lines.json',
	outbound: 'workflows/open-lines-to-chat2desk.json',
	crm: 'workflows/open-lines-crm-fields.json',
	setup: 'workflows/setup-open-lines-connector.json',
};

/** Calls the Bitrix24 simulator's REST API as the sandbox app (fresh token each time). */
async function bitrixCall(sandbox, method, params) {
	const { access_token: token } = sandbox.bitrix24.issueTokens();
	const response = await fetch(`${sandbox.bitrix24Url}/rest/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify(params),
	});
	const body = await response.json();
	assert.ok(response.ok, `${method}: ${JSON.stringify(body)}`);
	return body.result;
}

/** Calls the Chat2Desk simulator's `/v1` API with the sandbox token; resolves with `data`. */
async function chat2deskCall(sandbox, method, apiPath, body) {
	const token = (sandbox.chat2desk.config && sandbox.chat2desk.config.token) || 'sandbox-token';
	const response = await fetch(`${sandbox.chat2deskUrl}${apiPath}`, {
		method,
		headers: { 'content-type': 'application/json', authorization: token },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = await response.json();
	assert.ok(response.ok, `${method} ${apiPath}: ${response.status} ${JSON.stringify(json)}`);
	return Array.isArray(json) ? json : json.data;
}

/** What the Setup template does, for scenarios that test other templates. */
async function activateConnector(sandbox, lines = [1, 2, 3]) {
	await bitrixCall(sandbox, 'imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/webhook/chat2desk-connector',
	});
	for (const line of lines) {
		await bitrixCall(sandbox, 'imconnector.activate', {
			CONNECTOR: CONNECTOR,
			LINE: line,
			ACTIVE: 1,
		});
	}
}

/** A template with some node parameters changed: `{ 'Node name': { 'a.b': value } }`. */
function template(key, overrides = {}) {
	const workflow = fillForSandbox(loadWorkflow(TEMPLATES[key]));
	for (const [nodeName, changes] of Object.entries(overrides)) {
		const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
		assert.ok(node, `template ${key} has no node "${nodeName}"`);
		for (const [dotted, value] of Object.entries(changes)) {
			const keys = dotted.split('.');
			let target = node.parameters;
			for (const part of keys.slice(0, -1)) target = target[part] = target[part] ?? {};
			target[keys[keys.length - 1]] = value;
		}
	}
	return workflow;
}

/** Sets a field of the template's Settings node (`settings.<name>`; arrays as the editor stores them). */
function setting(name, value) {
	return (workflow) => setAssignments(workflow, 'Settings', { [`settings.${name}`]: value });
}

async function waitFor(
	predicate,
	{ timeoutMs = 20000, intervalMs = 100, what = 'condition' } = {},
) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await predicate();
		if (last) return last;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** Client messages that reached an Open Line (in arrival order). */
function lineMessages(sandbox, filter = {}) {
	return sandbox.bitrix24
		.getMessages({ connector: CONNECTOR, direction: 'in', ...filter })
		.filter((message) => !message.system);
}

/** Waits until nothing more happens: simulators idle and no execution running. */
async function settle(ctx, ms = 1500) {
	await ctx.sandbox.chat2desk.webhooksIdle();
	await ctx.sandbox.bitrix24.waitForIdle();
	await new Promise((resolve) => setTimeout(resolve, ms));
}

let uniqueCounter = 0;

/**
 * Gives a workflow a name of its own. Node-scoped memories (Remove Duplicates, "Skip Messages Already
 * Sent") belong to the workflow and survive a re-import under the same name, while the simulators
 * restart their ids on every reset: a scenario that re-used the previous one's workflow would see its
 * first message as "already sent".
 */
function uniquelyNamed(workflow, label = '') {
	uniqueCounter += 1;
	workflow.name = `${workflow.name} · ${label || 'e2e'} #${uniqueCounter}-${Date.now().toString(36)}`;
	return workflow;
}

/**
 * The inbound template, ready for a scenario: connector active on lines 1–3, node overrides as in
 * `template()`, Settings booleans from `settings`, a unique name, published. Resolves with the
 * imported workflow entry ({id, name, …}).
 */
async function publishInbound(
	ctx,
	{ overrides = {}, settings = {}, label, connector = true } = {},
) {
	if (connector) await activateConnector(ctx.sandbox);
	let workflow = template('inbound', overrides);
	for (const [name, value] of Object.entries(settings)) workflow = setting(name, value)(workflow);
	return await ctx.importWorkflow(uniquelyNamed(workflow, label));
}

/** Texts of the client messages in the Open Lines (all lines, or filtered), in arrival order. */
function lineTexts(sandbox, filter = {}) {
	return lineMessages(sandbox, filter).map((message) => message.text);
}

/** Waits until at least `count` client messages reached the Open Lines; returns them. */
async function waitForLineMessages(sandbox, count, { filter = {}, timeoutMs = 20000 } = {}) {
	return await waitFor(
		() => {
			const found = lineMessages(sandbox, filter);
			return found.length >= count && found;
		},
		{
			timeoutMs,
			what: `${count} message(s) in the Open Line (have ${lineMessages(sandbox, filter).length})`,
		},
	);
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Waits until the workflow has nothing left to do: every queued Chat2Desk webhook delivered, no
 * execution of `workflowId` unfinished, the execution count unchanged for `quietMs`, and (unless
 * `bitrixIdle: false`) the Bitrix24 simulator idle — which includes its CRM timer (`crmDelayMs`,
 * 1.5 s after a session's first message). Much shorter than a fixed sleep, and it fails instead of
 * passing when runs pile up. Resolves with the workflow's executions (newest first, without data).
 */
async function quiesce(
	ctx,
	workflowId,
	{ quietMs = 300, timeoutMs = 30000, bitrixIdle = true } = {},
) {
	const deadline = Date.now() + timeoutMs;
	await ctx.sandbox.chat2desk.webhooksIdle();
	let lastCount = -1;
	let stableSince = Date.now();
	for (;;) {
		const executions = await ctx.n8n.executions({ workflowId, includeData: false });
		const busy = executions.some((execution) => !FINISHED.has(execution.status));
		if (busy || executions.length !== lastCount) {
			lastCount = executions.length;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) {
			if (bitrixIdle) await ctx.sandbox.bitrix24.waitForIdle();
			return executions;
		}
		if (Date.now() > deadline) {
			const statuses = executions.map((execution) => execution.status).join(', ');
			throw new Error(`workflow ${workflowId} did not settle within ${timeoutMs} ms (${statuses})`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * `quiesce` for scenarios where nothing that Bitrix24 sends back matters (inbound template alone): it
 * does not wait for the simulator's CRM timers.
 */
async function quiesceInbound(ctx, workflowId, options = {}) {
	return await quiesce(ctx, workflowId, { bitrixIdle: false, ...options });
}

/** Executions of `workflowId` that failed (status error/crashed), with their error messages. */
async function failedExecutions(ctx, workflowId) {
	const executions = await ctx.n8n.executions({ workflowId, includeData: true });
	return executions
		.filter((execution) => execution.status === 'error' || execution.status === 'crashed')
		.map((execution) => ({
			id: execution.id,
			error: execution.data?.resultData?.error?.message ?? execution.status,
			node: execution.data?.resultData?.lastNodeExecuted,
		}));
}

/** Fails with the executions' errors when any run of the workflow failed. */
async function assertNoFailedRuns(ctx, workflowId) {
	const failed = await failedExecutions(ctx, workflowId);
	assert.deepStrictEqual(failed, [], `failed executions: ${JSON.stringify(failed, null, 2)}`);
}

/** Open Line of each Chat2Desk channel in the templates' "by channel" routing. */
const LINE_OF_CHANNEL = { 1: 1, 2: 2, 3: 1 };

/**
 * A client conversation that is already in an Open Line, without the inbound template: the client
 * writes in Chat2Desk, and the message is posted to the line the way the inbound template posts it
 * (external chat and user ID = the Chat2Desk client ID). Returns the Chat2Desk write result plus
 * `line` and the Bitrix24 `chatId`.
 */
async function openClientChat(
	sandbox,
	{ channel_id = 1, name = 'Peter', text = 'Hello', ...rest } = {},
) {
	const written = sandbox.chat2desk.clientWrites({ channel_id, name, text, ...rest });
	const line = LINE_OF_CHANNEL[written.channel_id];
	const clientId = String(written.client_id);
	await bitrixCall(sandbox, 'imconnector.send.messages', {
		CONNECTOR,
		LINE: line,
		MESSAGES: [
			{
				user: { id: clientId, name },
				chat: { id: clientId },
				message: { id: String(written.message_id), text },
			},
		],
	});
	const chat = sandbox.bitrix24
		.getChats()
		.find((candidate) => candidate.line === line && candidate.external_chat_id === clientId);
	assert.ok(chat, `no Open Line chat for client ${clientId} on line ${line}`);
	return { ...written, line, chatId: chat.id };
}

/** What the bridge sent through the Chat2Desk API (operator replies, comments), oldest first. */
function chat2deskSent(sandbox, clientId) {
	return sandbox.chat2desk
		.messages(clientId === undefined ? {} : { client_id: clientId })
		.filter((message) => message.source === 'api');
}

/** Executions of a workflow that have finished (any status). */
async function finishedExecutions(ctx, workflowId) {
	const list = await ctx.n8n.executions({ workflowId, includeData: false });
	return list.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
}

/** Waits until at least `count` executions of the workflow have finished; returns them. */
async function waitForExecutions(ctx, workflowId, count, { timeoutMs = 20000 } = {}) {
	return await waitFor(
		async () => {
			const done = await finishedExecutions(ctx, workflowId);
			return done.length >= count && done;
		},
		{
			timeoutMs,
			intervalMs: 200,
			what: `${count} finished execution(s) of workflow ${workflowId}`,
		},
	);
}

/** Runs `fn` with the Bitrix24 simulator's config patched, then restores it (reset keeps config). */
async function withBitrixConfig(sandbox, patch, fn) {
	const before = sandbox.bitrix24.getConfig();
	const restore = {};
	for (const key of Object.keys(patch)) restore[key] = before[key];
	sandbox.bitrix24.configure(patch);
	try {
		return await fn();
	} finally {
		sandbox.bitrix24.configure(restore);
	}
}

module.exports = {
	CONNECTOR,
	LINE_OF_CHANNEL,
	chat2deskSent,
	finishedExecutions,
	openClientChat,
	waitForExecutions,
	withBitrixConfig,
	TEMPLATES,
	activateConnector,
	assertNoFailedRuns,
	bitrixCall,
	chat2deskCall,
	failedExecutions,
	lineTexts,
	publishInbound,
	quiesce,
	quiesceInbound,
	uniquelyNamed,
	waitForLineMessages,
	lineMessages,
	setting,
	settle,
	template,
	waitFor,
	root: path.join(__dirname, '..', '..', '..'),
};
