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
const { createStoredThenFail } = require('./storedthenfail');
const { profileOptions } = require('../profiles');
const { createRandom } = require('../random');

const DEFAULT_SCOPE = 'crm,im,imconnector,imopenlines,placement,user';
const FAILURES = ['504', '500', 'timeout'];

/**
 * Checks the "known unknowns" mode options of a patch and returns them normalised (throws a
 * TypeError with a readable message on a bad value). `profile` is expanded by the caller.
 */
function validateModes(patch) {
	const out = {};
	const number = (key, min, max) => {
		const n = Number(patch[key]);
		if (!Number.isFinite(n) || n < min || n > max)
			throw new TypeError(`${key} must be a number between ${min} and ${max}`);
		return n;
	};
	const integer = (key, min) => {
		const n = Number(patch[key]);
		if (!Number.isInteger(n) || n < min) throw new TypeError(`${key} must be an integer ≥ ${min}`);
		return n;
	};
	for (const key of Object.keys(patch)) {
		if (patch[key] === undefined) continue;
		switch (key) {
			case 'seed': {
				const n = Number(patch[key]);
				if (!Number.isInteger(n)) throw new TypeError('seed must be an integer');
				out[key] = n;
				break;
			}
			case 'storedThenFailRate':
			case 'eventDuplicateRate':
				out[key] = number(key, 0, 1);
				break;
			case 'storedThenFailCount':
			case 'storedThenFailHoldMs':
			case 'eventDuplicateDelayMs':
			case 'eventShuffleWindowMs':
				out[key] = integer(key, 0);
				break;
			case 'eventConcurrency':
				out[key] = integer(key, 1);
				break;
			case 'storedThenFailure':
				if (!FAILURES.includes(String(patch[key])))
					throw new TypeError(`storedThenFailure must be one of ${FAILURES.join(', ')}`);
				out[key] = String(patch[key]);
				break;
			case 'storedThenFailMethods': {
				const list =
					typeof patch[key] === 'string'
						? patch[key].split(',')
						: Array.isArray(patch[key])
							? patch[key]
							: null;
				if (!list) throw new TypeError('storedThenFailMethods must be a list of method names');
				out[key] = list.map((method) => String(method).trim().toLowerCase()).filter(Boolean);
				break;
			}
			default:
				break;
		}
	}
	return out;
}

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
 * @param {'friendly'|'hostile'} [options.profile='friendly'] preset of the mode options below (explicit options win)
 * @param {number} [options.seed=1] seed of the PRNG behind stored-then-failed calls and event shuffles/duplicates
 * @param {number} [options.storedThenFailRate=0] 0..1: share of matching calls applied and then answered with an error
 * @param {number} [options.storedThenFailCount=0] the next N matching calls are applied and then answered with an error
 * @param {string[]} [options.storedThenFailMethods] methods concerned (default: imconnector.send/update.messages, crm.lead/deal.update)
 * @param {'504'|'500'|'timeout'} [options.storedThenFailure='504'] the error reply
 * @param {number} [options.storedThenFailHoldMs=30000] `timeout`: how long the socket is held before it is destroyed
 * @param {number} [options.eventDuplicateRate=0] 0..1: share of event POSTs sent twice
 * @param {number} [options.eventDuplicateDelayMs=1000] the copy goes out at a random moment within this
 * @param {number} [options.eventShuffleWindowMs=0] events of one handler within this window are posted in random order
 * @param {number} [options.eventConcurrency=1] event POSTs in flight at once per handler
 */
function createBitrix24Simulator(options = {}) {
	const profile = options.profile ?? 'friendly';
	const modeDefaults = profileOptions(profile, 'bitrix24');
	const config = {
		profile,
		seed: 1,
		...modeDefaults,
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
	const modeKeys = ['seed', ...Object.keys(modeDefaults)];
	for (const key of modeKeys) {
		if (options[key] !== undefined) Object.assign(config, validateModes({ [key]: options[key] }));
	}

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
		random: createRandom(config.seed),
		reseed() {
			core.random = createRandom(config.seed);
		},
	};
	core.auth = createAuth(core);
	core.events = createEvents(core);
	core.crm = createCrmStore(core);
	core.openlines = createOpenLines(core);
	core.rateLimiter = createRateLimiter(() => config.rateLimit);
	core.storedThenFail = createStoredThenFail(core);
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
		core.storedThenFail.reset();
		core.reseed();
		const fresh = createState(config);
		for (const key of Object.keys(core.state)) delete core.state[key];
		Object.assign(core.state, fresh);
	}

	const control = createControl(core, { reset, validateModes });
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
			core.storedThenFail.reset();
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

module.exports = { createBitrix24Simulator, validateModes };
