// Setup template: the real "Setup" workflow, run by hand the way the editor's "Execute workflow" button
// runs it (n8n's internal POST /rest/workflows/{id}/run, as the signed-in owner), registers the
// `chat2desk` connector and activates it, with its connection data, on Open Lines 1–3; creates the
// lead and deal user fields the CRM template writes to (once) and the delivery log data table; and,
// published, serves the connector settings page it gave Bitrix24 as the placement handler.
const assert = require('assert');
const { setAssignments } = require('../../../scripts/n8n/workflows');
const {
	lineMessages,
	publishInbound,
	quiesceInbound,
	template,
	uniquelyNamed,
	waitForLineMessages,
} = require('./lib');

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Runs a manual-trigger workflow like the editor does; resolves with the finished execution. */
async function runManually(ctx, workflow, triggerName) {
	const started = await ctx.n8n.rest('POST', `/workflows/${workflow.id}/run`, {
		triggerToStartFrom: { name: triggerName },
	});
	assert.ok(started && started.executionId, `no execution started: ${JSON.stringify(started)}`);
	return await ctx.n8n.waitForExecutions(
		(list) =>
			list.find(
				(execution) =>
					String(execution.id) === String(started.executionId) && FINISHED.has(execution.status),
			),
		30000,
		{ workflowId: workflow.id },
	);
}

/** The connector as the Bitrix24 simulator holds it: its flags and, per line, status and data. */
function connectorState(sandbox) {
	const connector = sandbox.bitrix24.getConnectors().find((entry) => entry.id === 'chat2desk');
	if (!connector) return null;
	const lines = {};
	for (const status of connector.lines) lines[String(status.line)] = status;
	return { connector, lines };
}

const SETTINGS_PAGE = 'chat2desk-connector-settings';

function assertConnectorReady(sandbox, placementHandler) {
	const state = connectorState(sandbox);
	assert.ok(state, `no chat2desk connector: ${JSON.stringify(sandbox.bitrix24.getConnectors())}`);
	assert.strictEqual(state.connector.name, 'Chat2Desk', JSON.stringify(state.connector));
	if (placementHandler) assert.strictEqual(state.connector.placementHandler, placementHandler);
	assert.ok(state.connector.icon, 'registered with an icon');
	// Registered with the application's OAuth token, so connector events reach this application.
	assert.strictEqual(state.connector.appClientId, sandbox.bitrix24.config.clientId);
	assert.deepStrictEqual(Object.keys(state.lines).sort(), ['1', '2', '3']);
	for (const [line, status] of Object.entries(state.lines)) {
		assert.deepStrictEqual(
			{
				ACTIVE: status.ACTIVE,
				CONNECTION: status.CONNECTION,
				REGISTER: status.REGISTER,
				ERROR: status.ERROR,
				DATA: status.DATA,
			},
			{
				ACTIVE: 'Y',
				CONNECTION: 'Y',
				REGISTER: 'Y',
				ERROR: 'N',
				DATA: { ID: 'chat2desk', URL: 'https://web.chat2desk.com', NAME: 'Chat2Desk' },
			},
			`line ${line}`,
		);
	}
	return state;
}

module.exports = [
	{
		name: 'setup: running the Setup template registers the connector and activates it on lines 1–3',
		async run(ctx) {
			assert.deepStrictEqual(ctx.sandbox.bitrix24.getConnectors(), [], 'a fresh portal');
			// One client-card field the portal does not have yet; city and order number it has.
			const setup = template('setup');
			const clientFields = [
				{ customFieldId: '1', name: 'C2D_CITY', label: 'City' },
				{ customFieldId: '3', name: 'C2D_PROMO', label: 'Promo code' },
			];
			setAssignments(setup, 'Open Lines to connect', { clientFields });
			// Published: it serves the connector settings page.
			const workflow = await ctx.importWorkflow(uniquelyNamed(setup, 'setup'));
			const execution = await runManually(ctx, workflow, 'Run setup');
			assert.strictEqual(
				execution.status,
				'success',
				JSON.stringify(execution.data?.resultData?.error ?? execution.status),
			);
			const pageUrl = ctx.n8n.webhookUrl(SETTINGS_PAGE);
			assertConnectorReady(ctx.sandbox, pageUrl);

			const added = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => /^crm\.(lead|deal)\.userfield\.add$/.test(entry.method))
				.map((entry) => `${entry.method} ${entry.http_status}`);
			assert.deepStrictEqual(added, [
				'crm.lead.userfield.add 200',
				'crm.deal.userfield.add 200',
			]);
			const named = ctx.n8n.nodeOutput(execution, 'User fields for the CRM template');
			assert.deepStrictEqual(
				named.map((row) => [row.field, row.lead, row.deal, row.chat2deskCustomFieldId]),
				[
					['UF_CRM_C2D_CLIENT_ID', 'already there', 'already there', ''],
					['UF_CRM_C2D_UTM', 'already there', 'already there', ''],
					['UF_CRM_C2D_CLICKED', 'already there', 'already there', ''],
					['UF_CRM_C2D_MSG_ID', 'already there', 'already there', ''],
					['UF_CRM_C2D_CITY', 'already there', 'already there', '1'],
					['UF_CRM_C2D_PROMO', 'created', 'created', '3'],
				],
			);
			const table = ctx.n8n.nodeOutput(execution, 'Delivery log table');
			assert.strictEqual(table.length, 1, JSON.stringify(table));
			assert.strictEqual(table[0].name, 'Chat2Desk Bitrix24 delivery log');
			assert.deepStrictEqual(
				table[0].columns.map((column) => `${column.name}:${column.type}`).sort(),
				['chat:string', 'direction:string', 'key:string', 'remoteId:string'],
			);

			// What Bitrix24 does when an administrator opens the tile of line 2: a form POST.
			const page = await ctx.n8n.request('POST', pageUrl, {
				body: new URLSearchParams({
					DOMAIN: 'example.bitrix24.com',
					PLACEMENT: 'SETTING_CONNECTOR',
					PLACEMENT_OPTIONS: JSON.stringify({ LINE: 2, ACTIVE_STATUS: 1 }),
				}).toString(),
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			});
			assert.strictEqual(page.status, 200);
			assert.match(page.headers.get('content-type'), /text\/html/);
			assert.match(page.body, /managed by n8n/);
			assert.match(page.body, /Open Line 2: connected/);
			const calls = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.method.startsWith('imconnector.'))
				.map((entry) => `${entry.method} ${entry.http_status} ${entry.auth}`);
			assert.deepStrictEqual(calls, [
				'imconnector.register 200 oauth',
				'imconnector.activate 200 oauth',
				'imconnector.activate 200 oauth',
				'imconnector.activate 200 oauth',
				'imconnector.connector.data.set 200 oauth',
				'imconnector.connector.data.set 200 oauth',
				'imconnector.connector.data.set 200 oauth',
				// the settings page reading the line's status
				'imconnector.status 200 oauth',
			]);

			// The lines are ready for the inbound template, with no other preparation.
			const inbound = await publishInbound(ctx, { label: 'after-setup', connector: false });
			ctx.sandbox.chat2desk.clientWrites({ channel_id: 2, text: 'first message after setup' });
			await waitForLineMessages(ctx.sandbox, 1);
			await quiesceInbound(ctx, inbound.id);
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox).map((message) => [String(message.line), message.text]),
				[['2', 'first message after setup']],
			);
		},
	},
	{
		name: 'setup: running the Setup template a second time succeeds and changes nothing',
		async run(ctx) {
			const workflow = await ctx.importWorkflow(uniquelyNamed(template('setup'), 'setup-twice'), {
				publish: false,
			});
			const first = await runManually(ctx, workflow, 'Run setup');
			assert.strictEqual(first.status, 'success');
			const before = JSON.stringify(connectorState(ctx.sandbox).lines);
			const userFieldsBefore = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.method.endsWith('.userfield.add')).length;
			const second = await runManually(ctx, workflow, 'Run setup');
			assert.strictEqual(
				second.status,
				'success',
				JSON.stringify(second.data?.resultData?.error ?? second.status),
			);
			assertConnectorReady(ctx.sandbox);
			assert.strictEqual(JSON.stringify(connectorState(ctx.sandbox).lines), before);
			const userFieldsAfter = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.method.endsWith('.userfield.add')).length;
			assert.strictEqual(userFieldsAfter, userFieldsBefore, 'no user field created twice');
		},
	},
];
