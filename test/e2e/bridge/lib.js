// Helpers shared by the bridge scenarios: connector setup in the Bitrix24 simulator, template loading
// with parameter overrides, and waiting for what the simulators record.
const assert = require('assert');
const path = require('path');
const { loadWorkflow } = require('../lib/workflows');

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

/** What the Setup template does, for scenarios that test other templates. */
async function activateConnector(sandbox, lines = [1, 2, 3]) {
	await bitrixCall(sandbox, 'imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/webhook/chat2desk-connector',
	});
	for (const line of lines) {
		await bitrixCall(sandbox, 'imconnector.activate', { CONNECTOR: CONNECTOR, LINE: line, ACTIVE: 1 });
	}
}

/** A template with some node parameters changed: `{ 'Node name': { 'a.b': value } }`. */
function template(key, overrides = {}) {
	const workflow = loadWorkflow(TEMPLATES[key]);
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

/** Sets a boolean of the template's Settings node. */
function setting(name, value) {
	return (workflow) => {
		const node = workflow.nodes.find((candidate) => candidate.name === 'Settings');
		const assignment = node.parameters.assignments.assignments.find((a) => a.name === `settings.${name}`);
		assert.ok(assignment, `Settings has no ${name}`);
		assignment.value = value;
		return workflow;
	};
}

async function waitFor(predicate, { timeoutMs = 20000, intervalMs = 100, what = 'condition' } = {}) {
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

module.exports = {
	CONNECTOR,
	TEMPLATES,
	activateConnector,
	bitrixCall,
	lineMessages,
	setting,
	settle,
	template,
	waitFor,
	root: path.join(__dirname, '..', '..', '..'),
};
