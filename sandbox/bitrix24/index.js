'use strict';
// Bitrix24 simulator: one HTTP server that plays the portal (`/rest/...`, `/oauth/authorize/`) and the
// OAuth server (`/oauth/token/`), with a control API under `/_sim/`. All state is in memory.
// See README.md in this folder for the behaviour and the control routes.

const { createState } = require('./seed');
const { createAuth } = require('./auth');
const { createRateLimiter } = require('./ratelimit');
const { createEvents } = require('./events');
const { createCrmStore } = require('./crmstore');
const { createOpenLines } = require('./openlines');
const { createDispatcher } = require('./dispatcher');
const { createBatchMethod } = require('./batch');
const { createImconnectorMethods } = require('./methods/imconnector');
const { createImopenlinesMethods } = require('./methods/imopenlines');
const { createCrmMethods } = require('./methods/crm');
const { createEventMethods } = require('./methods/event');
const { createControl } = require('./control');
const { createHttpServer } = require('./server');

const DEFAULT_SCOPE = 'crm,im,imconnector,imopenlines,placement,user';

/**
 * @param {object} [options]
 * @param {string} [options.clientId='sandbox-client']
 * @param {string} [options.clientSecret='sandbox-secret']
 * @param {string} [options.webhookCode='sandbox-webhook'] incoming webhook code (user `webhookUserId`)
 * @param {number} [options.webhookUserId=1]
 * @param {string} [options.applicationToken='sandbox-application-token']
 * @param {number} [options.accessTokenTtlSeconds=3600]
 * @param {{drainPerSecond?: number, burst?: number, enabled?: boolean}} [options.rateLimit]
 * @param {number} [options.crmDelayMs=1500] lead/deal appear this long after a session's first message
 * @param {number} [options.eventDelayMs=20] delay before each event POST
 * @param {'invalid_token'|'NO_AUTH_FOUND'} [options.unknownTokenError='invalid_token']
 * @param {number} [options.insufficientScopeStatus=401]
 * @param {string} [options.scope] scopes granted to issued tokens (comma list)
 * @param {string} [options.redirectUri] the app's handler path, used when /oauth/authorize/ gets none
 * @param {string} [options.publicUrl] base URL to advertise (endpoints, file links) instead of the bound address
 */
function createBitrix24Simulator(options = {}) {
	const config = {
		clientId: options.clientId ?? 'sandbox-client',
		clientSecret: options.clientSecret ?? 'sandbox-secret',
		webhookCode: options.webhookCode ?? 'sandbox-webhook',
		webhookUserId: Number(options.webhookUserId ?? 1),
		applicationToken: options.applicationToken ?? 'sandbox-application-token',
		accessTokenTtlSeconds: Number(options.accessTokenTtlSeconds ?? 3600),
		rateLimit: { drainPerSecond: 2, burst: 50, enabled: true, ...(options.rateLimit || {}) },
		crmDelayMs: Number(options.crmDelayMs ?? 1500),
		eventDelayMs: Number(options.eventDelayMs ?? 20),
		unknownTokenError: options.unknownTokenError ?? 'invalid_token',
		insufficientScopeStatus: Number(options.insufficientScopeStatus ?? 401),
		scope: options.scope ?? DEFAULT_SCOPE,
		redirectUri: options.redirectUri ?? '',
		publicUrl: options.publicUrl ?? '',
	};

	let boundUrl = 'http://127.0.0.1';
	const timers = new Set();

	const core = {
		config,
		state: createState(config),
		timers,
		closed: false,
		baseUrl: () => (config.publicUrl || boundUrl).replace(/\/+$/, ''),
		domain: () => new URL(core.baseUrl()).host,
		setTimer(fn, ms) {
			const timer = setTimeout(
				() => {
					timers.delete(timer);
					try {
						fn();
					} catch (error) {
						console.error('[bitrix24 sim] timer failed', error);
					}
				},
				Math.max(0, Number(ms) || 0),
			);
			timers.add(timer);
			return timer;
		},
		delay(ms) {
			return new Promise((resolve) => core.setTimer(resolve, ms));
		},
		clearTimers() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		},
	};
	core.auth = createAuth(core);
	core.events = createEvents(core);
	core.crm = createCrmStore(core);
	core.openlines = createOpenLines(core);
	core.rateLimiter = createRateLimiter(() => config.rateLimit);
	core.dispatcher = createDispatcher(core, (invoke) => ({
		...createBatchMethod(invoke),
		...createImconnectorMethods(core),
		...createImopenlinesMethods(core),
		...createCrmMethods(core),
		...createEventMethods(core),
	}));

	function reset() {
		core.clearTimers();
		core.events.reset();
		core.rateLimiter.reset();
		const fresh = createState(config);
		for (const key of Object.keys(core.state)) delete core.state[key];
		Object.assign(core.state, fresh);
	}

	const control = createControl(core, { reset });
	const server = createHttpServer(core, control);
	let listening = false;

	return {
		/** Starts listening; resolves with the base URL (e.g. `http://127.0.0.1:4020`). */
		listen(port = 0, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					listening = true;
					const address = server.address();
					const shownHost = address.address.includes(':')
						? `[${address.address}]`
						: address.address;
					boundUrl = `http://${shownHost}:${address.port}`;
					resolve(core.baseUrl());
				});
			});
		},
		/** Stops the server, cancels timers and in-flight event POSTs. */
		close() {
			core.closed = true;
			core.clearTimers();
			core.events.close();
			return new Promise((resolve) => {
				if (!listening) {
					resolve();
					return;
				}
				listening = false;
				server.close(() => resolve());
				if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
			});
		},
		reset,
		get state() {
			return core.state;
		},
		get config() {
			return core.config;
		},
		get baseUrl() {
			return core.baseUrl();
		},
		/** Names of the REST methods the simulator implements. */
		methods: () => core.dispatcher.methods(),
		...control.api,
	};
}

module.exports = { createBitrix24Simulator };
