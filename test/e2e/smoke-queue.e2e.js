// Queue-mode smoke checks: executions really run on the `n8n worker` processes (not on main), webhook
// answers of `responseMode: lastNode` come back through main, and the crash controls the scenarios use
// (kill/restart a worker or main) leave a working instance behind.
const assert = require('assert');

/** Webhook → Set (answers with the set fields and the process that computed them). */
function echoWorkflow(name, webhookPath) {
	return {
		name,
		nodes: [
			{
				id: `${webhookPath}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${webhookPath}-hook`,
				parameters: { path: webhookPath, httpMethod: 'POST', responseMode: 'lastNode', options: {} },
			},
			{
				id: `${webhookPath}-set`,
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'n', name: 'n', value: '={{ $json.body.n }}', type: 'number' },
							{ id: 'twice', name: 'twice', value: '={{ $json.body.n * 2 }}', type: 'number' },
						],
					},
					options: {},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Posts {n} for every n and checks each answer; resolves once all came back. */
async function callEcho(ctx, webhookPath, numbers) {
	const answers = await Promise.all(
		numbers.map((n) =>
			ctx.n8n.request('POST', ctx.n8n.webhookUrl(webhookPath), { body: { n }, okStatuses: 'any' }),
		),
	);
	answers.forEach((answer, index) => {
		assert.strictEqual(answer.status, 200, `call ${numbers[index]}: ${JSON.stringify(answer.body)}`);
		assert.deepStrictEqual(answer.body, { n: numbers[index], twice: numbers[index] * 2 });
	});
}

/** The finished executions of `workflowId` started at or after `since`, once there are `count`. */
function finishedSince(ctx, workflowId, since, count) {
	return ctx.n8n.waitForExecutions(
		(list) => {
			const mine = list.filter(
				(execution) =>
					execution.startedAt >= since && !['running', 'new', 'waiting'].includes(execution.status),
			);
			return mine.length >= count && mine;
		},
		30000,
		{ workflowId, includeData: false },
	);
}

module.exports = [
	{
		name: 'smoke (queue): webhook executions run on the workers and lastNode answers arrive through main (or the webhook processor)',
		async run(ctx) {
			assert.strictEqual(ctx.n8n.mode, 'queue');
			assert.ok(ctx.n8n.workerCount >= 2, `${ctx.n8n.workerCount} workers`);
			const workflow = await ctx.importWorkflow(echoWorkflow('Smoke: queue echo', 'queue-echo'));
			const since = new Date(Date.now() - 1000).toISOString();
			const numbers = Array.from({ length: 12 }, (_, i) => i + 1);
			await callEcho(ctx, 'queue-echo', numbers);
			const executions = await finishedSince(ctx, workflow.id, since, numbers.length);
			assert.strictEqual(executions.length, numbers.length, 'one execution per call');
			const ranOn = executions.map((execution) => ({
				id: execution.id,
				status: execution.status,
				worker: ctx.n8n.executionWorker(execution.id),
				enqueuedBy: ctx.n8n.enqueuedBy(execution.id),
			}));
			// Production webhooks reach main, or the webhook processor when there is one.
			const receiver = ctx.n8n.webhookBaseUrl === ctx.n8n.baseUrl ? 'main' : 'webhook';
			for (const entry of ranOn) {
				assert.strictEqual(entry.status, 'success', JSON.stringify(entry));
				assert.strictEqual(entry.enqueuedBy, receiver, `who queued execution ${entry.id}`);
				assert.notStrictEqual(entry.worker, null, `a worker ran execution ${entry.id}`);
			}
		},
	},
	{
		name: 'smoke (queue): a killed worker leaves the work to the other one, and comes back',
		timeoutMs: 180000,
		async run(ctx) {
			const workflow = await ctx.importWorkflow(echoWorkflow('Smoke: queue worker crash', 'queue-crash'));
			await ctx.killWorker(0);
			assert.strictEqual(ctx.n8n.isWorkerRunning(0), false);
			let since = new Date(Date.now() - 1000).toISOString();
			await callEcho(ctx, 'queue-crash', [1, 2, 3, 4]);
			let executions = await finishedSince(ctx, workflow.id, since, 4);
			assert.deepStrictEqual(
				executions.map((execution) => ctx.n8n.executionWorker(execution.id)),
				[1, 1, 1, 1],
				'only worker 1 was alive',
			);

			await ctx.restartWorker(0);
			await ctx.killWorker(1);
			since = new Date().toISOString();
			await callEcho(ctx, 'queue-crash', [5, 6]);
			executions = await finishedSince(ctx, workflow.id, since, 2);
			assert.deepStrictEqual(
				executions.map((execution) => ctx.n8n.executionWorker(execution.id)),
				[0, 0],
				'the restarted worker 0 took the work',
			);
			await ctx.restartWorker(1);
		},
	},
	{
		name: 'smoke (queue): main killed and restarted — published webhooks answer again',
		timeoutMs: 180000,
		async run(ctx) {
			await ctx.importWorkflow(echoWorkflow('Smoke: queue main crash', 'queue-main-crash'));
			await ctx.killMain();
			assert.strictEqual(ctx.n8n.isRunning(), false);
			const refused = await ctx.n8n
				.request('POST', ctx.n8n.webhookUrl('queue-main-crash'), { body: { n: 1 }, timeoutMs: 2000 })
				.then(
					() => false,
					() => true,
				);
			// With a separate webhook processor, webhooks do not go through main.
			if (ctx.n8n.webhookBaseUrl === ctx.n8n.baseUrl)
				assert.ok(refused, 'nothing answers while main is down');
			await ctx.restartMain();
			await callEcho(ctx, 'queue-main-crash', [7, 8, 9]);
		},
	},
];
module.exports.modes = ['queue'];
