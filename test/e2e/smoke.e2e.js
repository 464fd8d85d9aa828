// Smoke checks of the real-n8n runtime: the packed package loads the way a community-package install
// loads it, its credential types are known to n8n, and published workflows answer webhooks — with
// n8n's own nodes and with ours.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { ROOT, tarballFiles } = require('../../scripts/n8n');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** `description.name` of the node or credential class exported by a built file of this repository. */
function exportedNames(relativeFile, kind) {
	const file = path.join(ROOT, relativeFile);
	const exported = require(file);
	const names = [];
	for (const value of Object.values(exported)) {
		if (typeof value !== 'function') continue;
		let instance;
		try {
			instance = new value();
		} catch {
			continue;
		}
		if (kind === 'credential' && instance.name) names.push(instance.name);
		if (kind === 'node' && instance.description && instance.description.name) {
			names.push(instance.description.name);
		}
	}
	return names;
}

/** Entries of package.json n8n.<key> that are in the tarball; skips the scenario when none are. */
async function packagedFiles(ctx, key) {
	const listed = (pkg.n8n && pkg.n8n[key]) || [];
	const inTarball = new Set(await tarballFiles(ctx.tarball));
	const present = listed.filter((file) => inTarball.has(file));
	if (listed.length === 0 || present.length === 0) {
		ctx.skip(`the build contains none of the ${key} named in package.json n8n.${key} yet`);
	}
	const missing = listed.filter((file) => !inTarball.has(file));
	assert.deepStrictEqual(missing, [], `package.json names ${key} the tarball lacks`);
	return present;
}

/** Webhook → node(s) → response of the last node, as a workflow the public API accepts. */
function webhookWorkflow(name, webhookPath, nextNodes) {
	const nodes = [
		{
			id: `${webhookPath}-webhook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `${webhookPath}-hook`,
			parameters: { path: webhookPath, httpMethod: 'POST', responseMode: 'lastNode', options: {} },
		},
		...nextNodes.map((node, index) => ({ position: [220 * (index + 1), 0], ...node })),
	];
	const connections = {};
	nodes.slice(0, -1).forEach((node, index) => {
		connections[node.name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** The execution of `workflowId` that started after `since` (ISO dates compare as strings). */
async function executionAfter(n8n, workflowId, since) {
	return n8n.waitForExecutions(
		(list) =>
			list.find(
				(execution) =>
					execution.startedAt >= since &&
					execution.status !== 'running' &&
					execution.status !== 'new',
			),
		20000,
		{ workflowId },
	);
}

module.exports = [
	{
		name: 'smoke: n8n loads every node of the package as <package>.<node>',
		async run(ctx) {
			const files = await packagedFiles(ctx, 'nodes');
			const names = files.flatMap((file) => exportedNames(file, 'node'));
			assert.strictEqual(names.length, files.length, 'every node file exports one node type');
			// n8n adds a `<name>Tool` variant of every node marked usableAsTool (for AI agents).
			const expected = names.flatMap((name, index) => {
				const exported = Object.values(require(path.join(ROOT, files[index])));
				const usableAsTool = exported.some((value) => {
					try {
						return new value().description.usableAsTool === true;
					} catch {
						return false;
					}
				});
				return usableAsTool ? [name, `${name}Tool`] : [name];
			});
			const prefixed = expected.map((name) => `${pkg.name}.${name}`);
			const loaded = await ctx.n8n.loadedNodeTypes();
			const ours = loaded.filter((name) => name.startsWith(`${pkg.name}.`)).sort();
			assert.deepStrictEqual(ours, [...prefixed].sort());
			assert.ok(
				ours.includes(`${pkg.name}.chat2Desk`) ||
					!files.some((file) => /Chat2Desk\.node\.js$/.test(file)),
				`${pkg.name}.chat2Desk is loaded`,
			);
		},
	},
	{
		name: 'smoke: the package credential types are served by the public API',
		async run(ctx) {
			const files = await packagedFiles(ctx, 'credentials');
			const names = files.flatMap((file) => exportedNames(file, 'credential'));
			assert.strictEqual(
				names.length,
				files.length,
				'every credential file exports one credential type',
			);
			const loaded = await ctx.n8n.loadedCredentialTypes();
			for (const name of names) {
				assert.ok(loaded.includes(name), `${name} is in /types/credentials.json`);
				const schema = await ctx.n8n.api('GET', `/credentials/schema/${name}`);
				assert.strictEqual(schema.type, 'object', `schema of ${name}`);
				assert.ok(
					schema.properties && Object.keys(schema.properties).length > 0,
					`${name} has properties`,
				);
			}
		},
	},
	{
		name: 'smoke: the sandbox credentials pass n8n credential tests against the simulators',
		async run(ctx) {
			if (!ctx.sandbox) ctx.skip(`no simulators: ${ctx.sandboxReason}`);
			if (ctx.n8n.credentials.length === 0) ctx.skip('no credentials were imported');
			const loaded = await ctx.n8n.loadedCredentialTypes();
			const results = {};
			for (const credential of ctx.n8n.credentials) {
				if (!loaded.includes(credential.type)) continue;
				results[credential.name] = await ctx.n8n.api('POST', `/credentials/${credential.id}/test`);
			}
			if (Object.keys(results).length === 0)
				ctx.skip('the build has none of the sandbox credential types yet');
			for (const [name, result] of Object.entries(results)) {
				assert.strictEqual(result.status, 'OK', `${name}: ${result.message}`);
			}
			// The tests reached the simulators with the imported secrets (not just n8n saying OK).
			const bitrixCalls = ctx.sandbox.bitrix24.getRequestsLog();
			const call = (method, auth) =>
				bitrixCalls.find(
					(entry) => entry.method === method && entry.auth === auth && entry.http_status === 200,
				);
			if (results['Bitrix24 OAuth2 (sandbox)'])
				assert.ok(call('app.info', 'oauth'), JSON.stringify(bitrixCalls));
			if (results['Bitrix24 webhook (sandbox)'])
				assert.ok(call('profile', 'webhook'), JSON.stringify(bitrixCalls));
			if (results['Chat2Desk (sandbox)']) {
				const c2d = ctx.sandbox.chat2desk.requestsLog({ path: '/v1/companies/api_info' });
				assert.ok(
					c2d.some((entry) => entry.status === 200),
					JSON.stringify(c2d),
				);
			}
		},
	},
	{
		name: 'smoke: a published workflow answers its webhook and its execution is stored',
		async run(ctx) {
			const workflow = await ctx.importWorkflow(
				webhookWorkflow('Smoke: webhook echo', 'smoke-echo', [
					{
						id: 'smoke-echo-set',
						name: 'Set',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						parameters: {
							assignments: {
								assignments: [
									{
										id: 'greeting',
										name: 'greeting',
										value: '={{ "hello " + $json.body.who }}',
										type: 'string',
									},
								],
							},
							options: {},
						},
					},
				]),
			);
			assert.strictEqual(workflow.active, true);
			const since = new Date(Date.now() - 1000).toISOString();
			const response = await ctx.n8n.request('POST', ctx.n8n.webhookUrl('smoke-echo'), {
				body: { who: 'e2e' },
			});
			assert.strictEqual(response.status, 200);
			assert.deepStrictEqual(response.body, { greeting: 'hello e2e' });
			const execution = await executionAfter(ctx.n8n, workflow.id, since);
			assert.strictEqual(execution.status, 'success');
			assert.strictEqual(execution.mode, 'webhook');
			assert.deepStrictEqual(ctx.n8n.nodeOutput(execution, 'Set'), [{ greeting: 'hello e2e' }]);
			if (ctx.mode === 'queue') {
				assert.notStrictEqual(ctx.n8n.executionWorker(execution.id), null, 'a worker ran it');
			}
		},
	},
	{
		name: 'smoke: our Chat2Desk node runs in a published workflow against the simulator',
		async run(ctx) {
			const type = `${pkg.name}.chat2Desk`;
			const loaded = await ctx.n8n.loadedNodeTypes();
			if (!loaded.includes(type)) ctx.skip(`${type} is not in the build yet`);
			const response = await ctx.n8n.request('GET', '/types/nodes.json', {
				headers: { cookie: ctx.n8n.cookie, 'browser-id': 'e2e-browser' },
			});
			const description = response.body.find((node) => node.name === type);
			const version = Array.isArray(description.version)
				? Math.max(...description.version)
				: description.version;
			const credentialType = (description.credentials || [])[0]?.name;
			const credential = credentialType && ctx.n8n.credentialFor(credentialType);
			if (credentialType && !credential) {
				ctx.skip(`no ${credentialType} credential (simulators: ${ctx.sandboxReason || 'running'})`);
			}
			const parameters = {};
			const resource = description.properties.find((p) => p.name === 'resource');
			const channelOperation = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('channel'),
			);
			const canListChannels =
				resource?.options?.some((o) => o.value === 'channel') &&
				channelOperation?.options?.some((o) => o.value === 'getAll');
			if (canListChannels)
				Object.assign(parameters, { resource: 'channel', operation: 'getAll', returnAll: true });
			const node = {
				id: 'smoke-c2d-node',
				name: 'Chat2Desk',
				type,
				typeVersion: version,
				parameters,
				onError: 'continueRegularOutput',
			};
			if (credential)
				node.credentials = { [credentialType]: { id: credential.id, name: credential.name } };
			const workflow = await ctx.importWorkflow(
				webhookWorkflow('Smoke: Chat2Desk node', 'smoke-c2d', [node]),
			);
			const since = new Date(Date.now() - 1000).toISOString();
			const answer = await ctx.n8n.request('POST', ctx.n8n.webhookUrl('smoke-c2d'), {
				body: {},
				okStatuses: 'any',
			});
			assert.strictEqual(answer.status, 200, `webhook answered: ${JSON.stringify(answer.body)}`);
			const execution = await executionAfter(ctx.n8n, workflow.id, since);
			const runData = execution.data.resultData.runData;
			assert.ok(runData.Chat2Desk, 'our node ran inside n8n');
			const output = ctx.n8n.nodeOutput(execution, 'Chat2Desk');
			assert.ok(output.length > 0, 'our node produced items');
			if (canListChannels && credential && ctx.sandbox) {
				// Real round trip: credential (encrypted by n8n) → our node → Chat2Desk simulator.
				assert.strictEqual(
					execution.status,
					'success',
					JSON.stringify(runData.Chat2Desk[0].error || output[0]),
				);
				assert.ok(!output[0].error, `no error item: ${JSON.stringify(output[0])}`);
				assert.ok(
					output.every((item) => item.id !== undefined),
					`channels have ids: ${JSON.stringify(output)}`,
				);
				const calls = ctx.sandbox.chat2desk.requestsLog({ method: 'GET', path: '/v1/channels' });
				assert.ok(
					calls.length > 0 && calls.every((call) => call.status === 200),
					JSON.stringify(calls),
				);
			}
		},
	},
	{
		name: 'smoke: our Chat2Desk Trigger registers on publish, fires on a client message, unregisters',
		async run(ctx) {
			const type = `${pkg.name}.chat2DeskTrigger`;
			if (!(await ctx.n8n.loadedNodeTypes()).includes(type))
				ctx.skip(`${type} is not in the build yet`);
			if (!ctx.sandbox) ctx.skip(`no simulators: ${ctx.sandboxReason}`);
			const credential = ctx.n8n.credentialFor('chat2DeskApi');
			const workflow = await ctx.importWorkflow({
				name: 'Smoke: Chat2Desk Trigger',
				nodes: [
					{
						id: 'smoke-c2d-trigger',
						name: 'Chat2Desk Trigger',
						type,
						typeVersion: 1,
						position: [0, 0],
						webhookId: 'smoke-c2d-trigger',
						parameters: { events: ['inbox'] },
						credentials: { chat2DeskApi: { id: credential.id, name: credential.name } },
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			});
			// Publishing ran the trigger's webhookMethods.create against the simulator.
			const hookUrl = (hook) => String(hook.url || '');
			const mine = () =>
				ctx.sandbox.chat2desk
					.webhooks()
					.filter((hook) => hookUrl(hook).startsWith(`${ctx.n8n.baseUrl}/webhook/`));
			assert.strictEqual(
				mine().length,
				1,
				`one webhook to n8n: ${JSON.stringify(ctx.sandbox.chat2desk.webhooks())}`,
			);

			const since = new Date(Date.now() - 1000).toISOString();
			const text = `smoke ${Date.now()}`;
			ctx.sandbox.chat2desk.clientWrites({ phone: '79990001122', name: 'Smoke Client', text });
			const execution = await executionAfter(ctx.n8n, workflow.id, since);
			assert.strictEqual(execution.status, 'success');
			const items = ctx.n8n.nodeOutput(execution, 'Chat2Desk Trigger');
			assert.strictEqual(items.length, 1);
			assert.ok(
				JSON.stringify(items[0]).includes(text),
				`the event carries the message: ${JSON.stringify(items[0])}`,
			);

			await ctx.n8n.unpublishWorkflow(workflow.id);
			assert.deepStrictEqual(mine(), [], 'unpublishing removed the webhook');
		},
	},
];
