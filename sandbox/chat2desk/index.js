'use strict';
// Chat2Desk simulator: an in-memory HTTP server that behaves like the Chat2Desk REST API (`/v1/*`)
// and delivers its webhooks, plus a control API (`/_sim/*`) to drive and inspect it.
// Usage: const sim = createChat2DeskSimulator({ token }); const baseUrl = await sim.listen(0);

const http = require('http');
const {
	HttpError,
	Reply,
	readBody,
	parseParams,
	sendJson,
	sendText,
	isBlank,
	toInt,
	toBool,
	toIntList,
} = require('./http');
const { validationError } = require('./errors');
const { createStore } = require('./store');
const {
	createWebhookEngine,
	signBody,
	ALTERNATE_SIGNATURE_HEADER,
	ALTERNATE_TIMESTAMP_HEADER,
} = require('./webhooks');
const { createApiRouter } = require('./api');
const { createControlRouter } = require('./control');
const { profileOptions } = require('../profiles');

const DEFAULTS = Object.freeze({
	token: 'sandbox-token',
	authFailureStatus: 403,
	signatureHeader: 'X-Signature',
	timestampHeader: 'X-Timestamp',
	signWebhooks: true,
	retrySchedule: [10000, 300000, 7200000],
	disableAfterMs: 5 * 60 * 60 * 1000,
	sendRatePerSecond: 15,
	requestsPerSecond: 50,
	monthlyQuota: 0,
	groupPrefixFormat: '+{phone}: {text}',
	webhookTimeoutMs: 10000,
	// "Known unknowns" modes; these defaults are the `friendly` profile (see ../profiles.js).
	profile: 'friendly',
	seed: 1,
	deliveryConcurrency: 1,
	deliveryShuffleWindowMs: 0,
	deliveryDuplicateRate: 0,
	deliveryDuplicateDelayMs: 1000,
	retryWhileRunning: false,
	signatureMode: 'standard',
	sparseEvents: {},
	echoExternalId: true,
});

const SIGNATURE_MODES = ['standard', 'alternate', 'off'];

/**
 * Which fields each sparse hook type leaves out. `add_tag_to_request` / `delete_tag_from_request` keep
 * `request_id`: it is the only handle on the tagged request, so a payload without it could not be
 * acted on at all (the object form of `sparseEvents` can still drop it).
 */
const SPARSE_DEFAULT_TYPES = ['add_tag_to_request', 'dialog_transferred'];
function sparseFieldsFor(hookType) {
	if (hookType === 'add_tag_to_request' || hookType === 'delete_tag_from_request')
		return ['client_id'];
	return ['client_id', 'request_id'];
}

/** `false` | `true` | `[hook types]` | `{hook type: [fields]}` → `{hook type: [fields]}`. */
function normalizeSparseEvents(value) {
	if (value === false || value === null || value === 'false' || value === '') return {};
	if (value === true || value === 'true') {
		return Object.fromEntries(SPARSE_DEFAULT_TYPES.map((type) => [type, sparseFieldsFor(type)]));
	}
	if (typeof value === 'string') value = value.split(',').map((item) => item.trim());
	if (Array.isArray(value)) {
		return Object.fromEntries(
			value.filter(Boolean).map((type) => [String(type), sparseFieldsFor(String(type))]),
		);
	}
	if (value && typeof value === 'object') {
		const out = {};
		for (const [type, fields] of Object.entries(value)) {
			const list = Array.isArray(fields) ? fields : fields === true ? sparseFieldsFor(type) : null;
			if (!list || list.some((field) => typeof field !== 'string'))
				throw validationError(
					'sparseEvents',
					'sparseEvents.{hook_type} must be a list of field names',
				);
			out[type] = list.slice();
		}
		return out;
	}
	throw validationError(
		'sparseEvents',
		'sparseEvents must be true/false, a list of hook types or {hook_type: [fields]}',
	);
}

function copyConfig(config) {
	return JSON.parse(JSON.stringify(config));
}

const NGINX_PAGES = {
	502: 'Bad Gateway',
	503: 'Service Temporarily Unavailable',
	504: 'Gateway Time-out',
};

/** Validates and applies a config patch; unknown keys are rejected when `strict`. */
function applyConfig(base, patchInput, strict) {
	let next = copyConfig(base);
	const patch = { ...(patchInput || {}) };
	if (patch.profile !== undefined) {
		// A profile sets every mode option first; the other keys of the same patch override it.
		let preset;
		try {
			preset = profileOptions(patch.profile, 'chat2desk');
		} catch (error) {
			throw validationError('profile', error.message);
		}
		next = applyConfig(next, preset, true);
		next.profile = String(patch.profile);
		delete patch.profile;
	}
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		switch (key) {
			case 'token':
			case 'signatureHeader':
			case 'timestampHeader':
			case 'groupPrefixFormat':
				if (typeof value !== 'string' || value === '')
					throw validationError(key, `${key} must be a non-empty string`);
				next[key] = value;
				break;
			case 'authFailureStatus': {
				const n = toInt(value);
				if (!Number.isInteger(n) || n < 400 || n > 599)
					throw validationError(key, `${key} must be an HTTP error status`);
				next[key] = n;
				break;
			}
			case 'signWebhooks':
			case 'retryWhileRunning':
			case 'echoExternalId':
				next[key] = toBool(value, next[key]);
				break;
			case 'signatureMode':
				if (!SIGNATURE_MODES.includes(value))
					throw validationError(key, `signatureMode must be one of ${SIGNATURE_MODES.join(', ')}`);
				next[key] = value;
				break;
			case 'sparseEvents':
				next[key] = normalizeSparseEvents(value);
				break;
			case 'seed': {
				const n = Number(value);
				if (!Number.isInteger(n)) throw validationError(key, 'seed must be an integer');
				next[key] = n;
				break;
			}
			case 'deliveryConcurrency': {
				const n = Number(value);
				if (!Number.isInteger(n) || n < 1)
					throw validationError(key, 'deliveryConcurrency must be an integer ≥ 1');
				next[key] = n;
				break;
			}
			case 'deliveryDuplicateRate': {
				const n = Number(value);
				if (!(n >= 0 && n <= 1))
					throw validationError(key, 'deliveryDuplicateRate must be between 0 and 1');
				next[key] = n;
				break;
			}
			case 'retrySchedule': {
				const list = toIntList(value);
				if (list.some((n) => !Number.isInteger(n) || n < 0)) {
					throw validationError(key, 'retrySchedule must be a list of delays in ms');
				}
				next[key] = list;
				break;
			}
			case 'disableAfterMs':
			case 'sendRatePerSecond':
			case 'requestsPerSecond':
			case 'monthlyQuota':
			case 'webhookTimeoutMs':
			case 'deliveryShuffleWindowMs':
			case 'deliveryDuplicateDelayMs': {
				const n = typeof value === 'number' ? value : Number(value);
				if (!(n >= 0)) throw validationError(key, `${key} must be a number ≥ 0`);
				next[key] = n;
				break;
			}
			default:
				if (strict) throw validationError(key, `Unknown option ${key}`);
		}
	}
	// The older switch `signWebhooks` and `signatureMode` describe the same thing; keep them in step.
	if (patch.signatureMode !== undefined) {
		next.signWebhooks = next.signatureMode !== 'off';
	} else if (patch.signWebhooks !== undefined) {
		if (!next.signWebhooks) next.signatureMode = 'off';
		else if (next.signatureMode === 'off') next.signatureMode = 'standard';
	}
	return next;
}

function createWindow() {
	return { hits: [] };
}

/** Sliding one-second window; a limit of 0 (or Infinity) disables it. */
function tryHit(window, limit, now) {
	if (!(limit > 0) || !Number.isFinite(limit)) return { ok: true };
	while (window.hits.length > 0 && window.hits[0] <= now - 1000) window.hits.shift();
	if (window.hits.length >= limit) {
		return { ok: false, retryAfter: Math.max(1, Math.ceil((window.hits[0] + 1000 - now) / 1000)) };
	}
	window.hits.push(now);
	return { ok: true };
}

function faultMatches(fault, method, pathname) {
	if (fault.remaining <= 0) return false;
	if (fault.method && fault.method !== method) return false;
	if (fault.path) {
		if (fault.regex) return fault.regex.test(pathname);
		return pathname.startsWith(fault.path);
	}
	return true;
}

function createChat2DeskSimulator(options) {
	const initialConfig = applyConfig(DEFAULTS, options || {}, false);
	let config = applyConfig(initialConfig, {}, false);
	let windows = { general: createWindow(), send: createWindow() };
	let engine = null;

	const store = createStore({
		getConfig: () => config,
		emit: (event, payload, channelId) => engine.dispatch(event, payload, channelId),
	});
	engine = createWebhookEngine({ store, getConfig: () => config });

	const sockets = new Set();
	let server = null;
	let baseUrl = null;
	const S = () => store.state;

	const sim = {
		get state() {
			return store.state;
		},
		get config() {
			return copyConfig(config);
		},
		get baseUrl() {
			return baseUrl;
		},
		store,

		listen(port, host) {
			if (server) return Promise.reject(new Error('Simulator is already listening'));
			const bindHost = host || '127.0.0.1';
			server = http.createServer((req, res) => {
				handle(req, res).catch((error) => {
					if (!res.headersSent)
						sendJson(res, 500, { status: 'error', message: String(error && error.message) });
					else res.destroy();
				});
			});
			server.on('connection', (socket) => {
				sockets.add(socket);
				socket.on('close', () => sockets.delete(socket));
			});
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(Number(port) || 0, bindHost, () => {
					server.off('error', reject);
					const address = server.address();
					const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
					baseUrl = `http://${shownHost}:${address.port}`;
					resolve(baseUrl);
				});
			});
		},

		close() {
			engine.cancelAll();
			if (!server) return Promise.resolve();
			const closing = server;
			server = null;
			return new Promise((resolve) => {
				closing.close(() => resolve());
				if (typeof closing.closeAllConnections === 'function') closing.closeAllConnections();
				for (const socket of sockets) socket.destroy();
				sockets.clear();
			});
		},

		/** Back to the seed: state, logs, faults, armed failures, pending deliveries and the config. */
		reset() {
			engine.cancelAll();
			store.reset();
			config = applyConfig(initialConfig, {}, false);
			windows = { general: createWindow(), send: createWindow() };
			engine.reseed();
		},

		configure(patch) {
			config = applyConfig(config, patch || {}, true);
			// A (re)stated seed restarts the random sequence, so a test can fix it at any point.
			if (patch && patch.seed !== undefined) engine.reseed();
			return sim.config;
		},

		// ---- actions (same as the control API) ----
		clientWrites(input) {
			const result = store.clientWrites(input || {});
			return {
				client_id: result.client_id,
				message_id: result.message_id,
				request_id: result.request_id,
				dialog_id: result.dialog_id,
				channel_id: result.channel_id,
				is_new_client: result.is_new_client,
				is_new_request: result.is_new_request,
			};
		},
		/** An operator replies from the Chat2Desk UI (not through the API): fires `outbox` without external_id. */
		operatorWrites(input) {
			const params = { ...(input || {}) };
			if (isBlank(params.operator_id)) {
				const client = store.getClient(toInt(params.client_id));
				const dialog = client && client.dialogId ? store.getDialog(client.dialogId) : null;
				params.operator_id = (dialog && dialog.operator_id) || 1;
			}
			return store.sendMessage(params, 'operator_ui').response;
		},
		assignDialog(dialogId, operatorId) {
			const changed = store.assignOperator(toInt(dialogId), operatorId);
			const dialog = store.getDialog(toInt(dialogId));
			return { dialog_id: dialog.id, operator_id: dialog.operator_id, transferred: changed };
		},
		closeDialog(dialogId) {
			const dialog = store.closeDialog(toInt(dialogId));
			return { dialog_id: dialog.id, state: dialog.state, request_id: dialog.lastRequestId };
		},
		assignTag(input) {
			const params = input || {};
			const tagIds = isBlank(params.tag_ids) ? params.tag_id : params.tag_ids;
			const isRequest = !isBlank(params.request_id);
			const result = store.assignTags({
				tag_ids: tagIds,
				assignee_type: isRequest ? 'request' : 'client',
				assignee_id: isRequest ? params.request_id : params.client_id,
			});
			return result;
		},
		removeTag(input) {
			const params = input || {};
			return store.removeTag(params.tag_id, {
				client_id: params.client_id,
				request_id: params.request_id,
			});
		},
		failDeliveries(input) {
			return store.armDeliveryFailure(input || {});
		},

		// ---- faults ----
		addFault(input) {
			const params = input || {};
			const status = isBlank(params.status) ? undefined : toInt(params.status);
			if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) {
				throw validationError('status', 'status must be an HTTP status code');
			}
			const latencyMs = isBlank(params.latencyMs) ? 0 : Number(params.latencyMs);
			if (status === undefined && !(latencyMs > 0)) {
				throw validationError('status', 'A fault needs a status and/or latencyMs');
			}
			const count = isBlank(params.count) ? 1 : toInt(params.count);
			if (!Number.isInteger(count) || count < 1)
				throw validationError('count', 'count must be a positive integer');
			const path = isBlank(params.path) ? null : String(params.path);
			let regex = null;
			if (path && path.startsWith('^')) {
				try {
					regex = new RegExp(path);
				} catch {
					throw validationError('path', 'path is not a valid regular expression');
				}
			}
			const fault = {
				id: S().nextIds.fault++,
				method: isBlank(params.method) ? null : String(params.method).toUpperCase(),
				path,
				regex,
				status: status === undefined ? null : status,
				count,
				remaining: count,
				latencyMs,
				body: params.body === undefined ? null : params.body,
				hits: 0,
			};
			S().faults.push(fault);
			return faultView(fault);
		},
		clearFaults() {
			S().faults = [];
		},
		faults() {
			return S().faults.map(faultView);
		},

		// ---- inspection ----
		clients(filter) {
			const f = filter || {};
			return Array.from(S().clients.values())
				.filter((c) => isBlank(f.phone) || c.phone === String(f.phone))
				.map((c) => ({
					...store.clientView(c),
					is_group: c.isGroup,
					dialog_id: c.dialogId,
					last_channel_id: c.lastChannelId,
					last_transport: c.lastTransport,
					pending_delivery_failures: (S().failArms.get(c.id) || []).length,
				}));
		},
		dialogs(filter) {
			const f = filter || {};
			return Array.from(S().dialogs.values())
				.filter((d) => isBlank(f.client_id) || d.client_id === toInt(f.client_id))
				.map((d) => ({
					...store.dialogView(d),
					client_id: d.client_id,
					channel_id: d.channel_id,
					current_request_id: d.currentRequestId,
				}));
		},
		requests(filter) {
			const f = filter || {};
			return Array.from(S().requests.values())
				.filter((r) => isBlank(f.client_id) || r.client_id === toInt(f.client_id))
				.map(store.requestView);
		},
		/** Every message (both directions, incl. what our nodes sent), with `source` and always `external_id`. */
		messages(filter) {
			const f = filter || {};
			return Array.from(S().messages.values())
				.filter((m) => {
					for (const key of ['client_id', 'dialog_id', 'request_id', 'channel_id', 'operator_id']) {
						if (!isBlank(f[key]) && m[key] !== toInt(f[key])) return false;
					}
					if (!isBlank(f.type) && m.type !== String(f.type)) return false;
					if (!isBlank(f.external_id) && m.external_id !== String(f.external_id)) return false;
					return true;
				})
				.map((m) => ({ ...store.messageView(m), external_id: m.external_id, source: m.source }));
		},
		webAnalytics(filter) {
			const f = filter || {};
			return S()
				.webAnalytics.filter((r) => isBlank(f.client_id) || r.client_id === toInt(f.client_id))
				.map((r) => {
					const { createdAt, ...row } = r;
					void createdAt;
					return row;
				});
		},
		/** Every event fired (whether or not a webhook was subscribed), with its body. */
		events(filter) {
			const f = filter || {};
			return S().events.filter((e) => isBlank(f.event) || e.event === String(f.event));
		},
		requestsLog(filter) {
			const f = filter || {};
			return S().requestsLog.filter((entry) => {
				if (!isBlank(f.method) && entry.method !== String(f.method).toUpperCase()) return false;
				if (!isBlank(f.path) && !entry.path.startsWith(String(f.path))) return false;
				if (!isBlank(f.status) && entry.status !== toInt(f.status)) return false;
				if (!isBlank(f.since_id) && entry.id < toInt(f.since_id)) return false;
				return true;
			});
		},
		clearRequestsLog() {
			S().requestsLog = [];
		},
		webhooks() {
			return Array.from(S().webhooks.values()).map((w) => ({
				...store.webhookView(w),
				order: w.order,
				failing_since: w.failingSince === null ? null : new Date(w.failingSince).toISOString(),
			}));
		},
		webhookDeliveries(filter) {
			const f = filter || {};
			return S()
				.deliveries.filter((d) => {
					if (!isBlank(f.webhook_id) && d.webhook_id !== toInt(f.webhook_id)) return false;
					if (!isBlank(f.event) && d.event !== String(f.event)) return false;
					if (!isBlank(f.status) && d.status !== String(f.status)) return false;
					return true;
				})
				.map(engine.deliveryView);
		},
		/** Every delivery attempt, one row each, in the order they started. */
		webhookAttempts(filter) {
			return engine.attempts(filter || {});
		},
		redeliver(deliveryId) {
			return engine.deliveryView(engine.redeliver(deliveryId));
		},
		/** Resolves when queued webhook deliveries are done (`includeRetries`: and no retry is pending). */
		webhooksIdle(opts) {
			return engine.idle(opts);
		},
		/** The signature the simulator puts in the signature header for this body and timestamp. */
		sign(rawBody, timestamp) {
			return signBody(config.token, rawBody, timestamp);
		},
		/** The webhook headers the current `signatureMode` puts on this body and timestamp (none when off). */
		signatureHeaders(rawBody, timestamp) {
			return engine.signatureHeaders(config, rawBody, timestamp);
		},
	};

	function faultView(fault) {
		return {
			id: fault.id,
			method: fault.method,
			path: fault.path,
			status: fault.status,
			count: fault.count,
			remaining: fault.remaining,
			latencyMs: fault.latencyMs,
			body: fault.body,
			hits: fault.hits,
		};
	}

	const apiRouter = createApiRouter(sim);
	const controlRouter = createControlRouter(sim);

	function sendResult(res, result) {
		if (result instanceof Reply) return sendJson(res, result.status, result.body, result.headers);
		return sendJson(res, 200, result === undefined ? { ok: true } : result);
	}

	function sendError(res, error) {
		if (error instanceof HttpError) {
			sendJson(res, error.status, error.body, error.headers);
			return error.status;
		}
		sendJson(res, 500, { status: 'error', message: String((error && error.message) || error) });
		return 500;
	}

	async function handle(req, res) {
		const url = new URL(req.url, 'http://localhost');
		const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
		if (pathname === '/_sim' || pathname.startsWith('/_sim/'))
			return handleControl(req, res, url, pathname);
		if (pathname === '/v1' || pathname.startsWith('/v1/'))
			return handleApi(req, res, url, pathname);
		await readBody(req);
		if (pathname === '/') {
			return sendJson(res, 200, {
				name: 'Chat2Desk simulator',
				company: S().company.name,
				api: `${baseUrl || ''}/v1`,
				control: `${baseUrl || ''}/_sim`,
			});
		}
		return sendJson(res, 404, { status: 'error', message: 'not_found' });
	}

	async function handleControl(req, res, url, pathname) {
		try {
			const raw = await readBody(req);
			const { params } = parseParams(req, url, raw);
			const match = controlRouter.match(req.method, pathname);
			if (!match)
				return sendJson(res, 404, { error: `No control route ${req.method} ${pathname}` });
			if (match.methodNotAllowed)
				return sendJson(res, 405, { error: `Method ${req.method} not allowed` });
			const result = await match.handler({ params, path: match.params, req, url });
			return sendResult(res, result);
		} catch (error) {
			return sendError(res, error);
		}
	}

	async function handleApi(req, res, url, pathname) {
		const started = Date.now();
		const state = S();
		const entry = {
			id: state.nextIds.requestLog++,
			method: req.method,
			path: pathname,
			query: url.search.replace(/^\?/, ''),
			status: null,
			time: new Date(started).toISOString(),
			duration_ms: null,
			params: null,
			fault: false,
		};
		state.requestsLog.push(entry);
		const finish = (status) => {
			entry.status = status;
			entry.duration_ms = Date.now() - started;
		};

		let raw;
		try {
			raw = await readBody(req);
		} catch (error) {
			finish(sendError(res, error));
			return;
		}

		// 1. injected faults
		const fault = state.faults.find((f) => faultMatches(f, req.method, pathname));
		if (fault) {
			fault.remaining--;
			fault.hits++;
			if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
			if (fault.status) {
				entry.fault = true;
				finish(sendFault(res, fault));
				return;
			}
		}

		// 2. token
		const header = String(req.headers.authorization || '').trim();
		const token = header.replace(/^Bearer\s+/i, '');
		if (!token || token !== config.token) {
			sendJson(res, config.authFailureStatus, { status: 'error', message: 'Token is not correct' });
			finish(config.authFailureStatus);
			return;
		}

		// 3. monthly quota and per-second limits
		if (config.monthlyQuota > 0 && state.stats.requestsThisMonth >= config.monthlyQuota) {
			sendJson(res, 429, { status: 'error', message: 'API calls exceeded API limit per month' });
			finish(429);
			return;
		}
		const now = Date.now();
		let limited = tryHit(windows.general, config.requestsPerSecond, now);
		if (limited.ok && req.method === 'POST' && pathname === '/v1/messages') {
			limited = tryHit(windows.send, config.sendRatePerSecond, now);
		}
		if (!limited.ok) {
			sendJson(
				res,
				429,
				{ status: 'error', message: 'Number of API requests exceeded' },
				{ 'Retry-After': String(limited.retryAfter) },
			);
			finish(429);
			return;
		}

		// 4. route
		try {
			const { params } = parseParams(req, url, raw);
			entry.params = params;
			const match = apiRouter.match(req.method, pathname);
			if (!match || match.methodNotAllowed) {
				sendJson(res, 404, {
					status: 'error',
					message: 'not_found',
					errors: `${req.method} ${pathname} not found`,
				});
				finish(404);
				return;
			}
			state.stats.requestsThisMonth++;
			const result = await match.handler({ params, path: match.params, req, url });
			sendResult(res, result);
			finish(result instanceof Reply ? result.status : 200);
		} catch (error) {
			finish(sendError(res, error));
		}
	}

	function sendFault(res, fault) {
		const status = fault.status;
		const headers = status === 429 ? { 'Retry-After': '1' } : {};
		if (fault.body !== null && fault.body !== undefined) {
			if (typeof fault.body === 'string') {
				const looksJson = /^\s*[[{]/.test(fault.body);
				sendText(
					res,
					status,
					fault.body,
					looksJson ? 'application/json; charset=utf-8' : 'text/html',
					headers,
				);
			} else {
				sendJson(res, status, fault.body, headers);
			}
			return status;
		}
		if (status === 429) {
			sendJson(res, 429, { status: 'error', message: 'Number of API requests exceeded' }, headers);
		} else if (NGINX_PAGES[status]) {
			const title = `${status} ${NGINX_PAGES[status]}`;
			sendText(
				res,
				status,
				`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
				'text/html',
			);
		} else if (status >= 500) {
			sendJson(res, status, { status: 'error', message: 'Server Error' });
		} else {
			sendJson(res, status, { status: 'error', message: `HTTP ${status}` });
		}
		return status;
	}

	return sim;
}

module.exports = {
	createChat2DeskSimulator,
	signBody,
	DEFAULTS,
	ALTERNATE_SIGNATURE_HEADER,
	ALTERNATE_TIMESTAMP_HEADER,
};
