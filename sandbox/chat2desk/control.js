'use strict';
// The control API under `/_sim/*` (no auth, plain JSON). Every route maps to a method of the
// simulator object, so tests can use either HTTP or in-process calls. See README.md.

const { createRouter, isBlank, toInt, toBool } = require('./http');

function createControlRouter(sim) {
	const router = createRouter();
	const get = (pattern, handler) => router.add('GET', pattern, handler);
	const post = (pattern, handler) => router.add('POST', pattern, handler);
	const del = (pattern, handler) => router.add('DELETE', pattern, handler);

	get('/_sim', () => ({ routes: ROUTES }));

	post('/_sim/reset', () => {
		sim.reset();
		return { ok: true };
	});
	get('/_sim/config', () => sim.config);
	post('/_sim/config', ({ params }) => sim.configure(params));

	post('/_sim/clients/write', ({ params }) => sim.clientWrites(params));
	post('/_sim/operators/write', ({ params }) => sim.operatorWrites(params));
	post('/_sim/dialogs/:id/assign', ({ path, params }) =>
		sim.assignDialog(path.id, params.operator_id),
	);
	post('/_sim/dialogs/:id/close', ({ path }) => sim.closeDialog(path.id));
	post('/_sim/tags/assign', ({ params }) => sim.assignTag(params));
	post('/_sim/tags/remove', ({ params }) => sim.removeTag(params));
	post('/_sim/deliveries/fail', ({ params }) => sim.failDeliveries(params));

	get('/_sim/faults', () => sim.faults());
	post('/_sim/faults', ({ params }) => sim.addFault(params));
	del('/_sim/faults', () => {
		sim.clearFaults();
		return { ok: true };
	});

	get('/_sim/clients', ({ params }) => sim.clients(params));
	get('/_sim/dialogs', ({ params }) => sim.dialogs(params));
	get('/_sim/requests', ({ params }) => sim.requests(params));
	get('/_sim/messages', ({ params }) => sim.messages(params));
	get('/_sim/web-analytics', ({ params }) => sim.webAnalytics(params));
	get('/_sim/events', ({ params }) => sim.events(params));
	get('/_sim/requests-log', ({ params }) => sim.requestsLog(params));
	del('/_sim/requests-log', () => {
		sim.clearRequestsLog();
		return { ok: true };
	});
	get('/_sim/webhooks', () => sim.webhooks());
	get('/_sim/webhook-deliveries', ({ params }) => sim.webhookDeliveries(params));
	get('/_sim/webhooks/deliveries', ({ params }) => sim.webhookAttempts(params));
	post('/_sim/webhooks/redeliver', ({ params }) => sim.redeliver(params.delivery_id));
	post('/_sim/webhooks/wait', async ({ params }) => {
		const timeoutMs = isBlank(params.timeout_ms) ? 10000 : toInt(params.timeout_ms);
		const idle = await Promise.race([
			sim.webhooksIdle({ includeRetries: toBool(params.include_retries, false) }).then(() => true),
			new Promise((resolve) => {
				const timer = setTimeout(() => resolve(false), timeoutMs > 0 ? timeoutMs : 10000);
				if (typeof timer.unref === 'function') timer.unref();
			}),
		]);
		return { idle };
	});

	return router;
}

const ROUTES = [
	'POST /_sim/reset',
	'GET|POST /_sim/config',
	'POST /_sim/clients/write',
	'POST /_sim/operators/write',
	'POST /_sim/dialogs/{id}/assign',
	'POST /_sim/dialogs/{id}/close',
	'POST /_sim/tags/assign',
	'POST /_sim/tags/remove',
	'POST /_sim/deliveries/fail',
	'GET|POST|DELETE /_sim/faults',
	'GET /_sim/clients',
	'GET /_sim/dialogs',
	'GET /_sim/requests',
	'GET /_sim/messages',
	'GET /_sim/web-analytics',
	'GET /_sim/events',
	'GET|DELETE /_sim/requests-log',
	'GET /_sim/webhooks',
	'GET /_sim/webhook-deliveries',
	'GET /_sim/webhooks/deliveries',
	'POST /_sim/webhooks/redeliver',
	'POST /_sim/webhooks/wait',
];

module.exports = { createControlRouter };
