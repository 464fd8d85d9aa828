'use strict';
// Outgoing events: POSTed form-encoded (PHP http_build_query, bracket keys) to every handler bound with
// event.bind, asynchronously (eventDelayMs), with NO retries. Every attempt is recorded in the delivery
// log. By default one POST at a time per handler, in order; the unfriendly readings are modes:
// `eventConcurrency` POSTs in flight, an `eventShuffleWindowMs` reordering window and
// `eventDuplicateRate` copies sent at a random moment.

const http = require('http');
const https = require('https');
const { buildPhpQuery } = require('./phpform');
const { unixNow, isoDate } = require('./util');

const POST_TIMEOUT_MS = 10000;

/** Events `event.bind` accepts. Connector events reach only handlers of the app that owns the connector. */
const SUPPORTED_EVENTS = new Set([
	'ONIMCONNECTORMESSAGEADD',
	'ONIMCONNECTORMESSAGEUPDATE',
	'ONIMCONNECTORMESSAGEDELETE',
	'ONIMCONNECTORSTATUSDELETE',
	'ONIMCONNECTORLINEDELETE',
	'ONIMCONNECTORDIALOGSTART',
	'ONIMCONNECTORDIALOGFINISH',
	'ONSESSIONSTART',
	'ONSESSIONFINISH',
	'ONAPPINSTALL',
	'ONAPPUPDATE',
	'ONAPPUNINSTALL',
	'ONCRMLEADADD',
	'ONCRMLEADUPDATE',
	'ONCRMLEADDELETE',
	'ONCRMDEALADD',
	'ONCRMDEALUPDATE',
	'ONCRMDEALDELETE',
	'ONCRMCONTACTADD',
	'ONCRMCONTACTUPDATE',
	'ONCRMCONTACTDELETE',
]);

function postForm(url, body, activeRequests) {
	return new Promise((resolve) => {
		let target;
		try {
			target = new URL(url);
		} catch (error) {
			resolve({ status: null, error: `invalid URL: ${error.message}` });
			return;
		}
		const transport = target.protocol === 'https:' ? https : http;
		const started = Date.now();
		const request = transport.request(
			target,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'Content-Length': Buffer.byteLength(body),
					'User-Agent': 'Bitrix24 Webhook Engine',
				},
				timeout: POST_TIMEOUT_MS,
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					activeRequests.delete(request);
					resolve({
						status: response.statusCode,
						response: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
						durationMs: Date.now() - started,
					});
				});
				response.on('error', (error) => {
					activeRequests.delete(request);
					resolve({ status: response.statusCode, error: error.message });
				});
			},
		);
		activeRequests.add(request);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (error) => {
			activeRequests.delete(request);
			resolve({ status: null, error: error.message, durationMs: Date.now() - started });
		});
		request.end(body);
	});
}

function createEvents(core) {
	const queues = new Map(); // binding id → { items, active }
	const windows = new Map(); // binding id → { items } while a shuffle window is open
	const activeRequests = new Set();
	let generation = 0;

	function record(entry) {
		core.state.seq.delivery += 1;
		const delivery = { id: core.state.seq.delivery, ...entry };
		core.state.eventDeliveries.push(delivery);
		return delivery;
	}

	function buildPayload(eventName, handlerId, data, auth) {
		const payload = {
			event: eventName,
			event_handler_id: String(handlerId),
			data,
			ts: String(unixNow()),
		};
		if (auth) payload.auth = auth;
		return payload;
	}

	async function send(delivery) {
		delivery.status = 'sending';
		delivery.sent_at = isoDate();
		const result = await postForm(delivery.handler, delivery.body, activeRequests);
		delivery.finished_at = isoDate();
		delivery.http_status = result.status;
		delivery.duration_ms = result.durationMs;
		if (result.error) delivery.error = result.error;
		if (result.response !== undefined) delivery.response = result.response;
		// No retry, whatever happened: Bitrix24 does not re-send events (the failure stays in the log).
		delivery.status =
			result.status && result.status >= 200 && result.status < 300 ? 'delivered' : 'failed';
		return delivery;
	}

	/** Starts POSTs while the handler has fewer than `eventConcurrency` in flight (each after `eventDelayMs`). */
	function pump(bindingId, queue, myGeneration) {
		const limit = Math.max(1, Number(core.config.eventConcurrency) || 1);
		while (
			queue.items.length > 0 &&
			queue.active < limit &&
			!core.closed &&
			myGeneration === generation
		) {
			const delivery = queue.items.shift();
			queue.active += 1;
			void (async () => {
				await core.delay(core.config.eventDelayMs);
				if (!core.closed && myGeneration === generation) await send(delivery);
				queue.active -= 1;
				if (myGeneration !== generation) return;
				pump(bindingId, queue, myGeneration);
				if (queue.items.length === 0 && queue.active === 0) queues.delete(bindingId);
			})();
		}
	}

	function enqueue(binding, delivery) {
		let queue = queues.get(binding.id);
		if (!queue) {
			queue = { items: [], active: 0 };
			queues.set(binding.id, queue);
		}
		queue.items.push(delivery);
		pump(binding.id, queue, generation);
	}

	/** `eventShuffleWindowMs`: events of one handler fired within the window go out in random order. */
	function enqueueNew(binding, delivery) {
		const windowMs = Number(core.config.eventShuffleWindowMs) || 0;
		if (windowMs <= 0) {
			enqueue(binding, delivery);
			return;
		}
		let win = windows.get(binding.id);
		if (!win) {
			win = { items: [] };
			windows.set(binding.id, win);
			const myGeneration = generation;
			core.setTimer(() => {
				windows.delete(binding.id);
				if (myGeneration !== generation) return;
				for (const item of core.random.shuffle(win.items)) enqueue(binding, item);
			}, windowMs);
		}
		win.items.push(delivery);
	}

	/** `eventDuplicateRate`: the same POST once more, at a random moment, outside the handler's queue. */
	function scheduleCopy(original) {
		const maxDelay = Math.max(0, Number(core.config.eventDuplicateDelayMs) || 0);
		const delay = Math.floor(core.random.next() * (maxDelay + 1));
		const copy = record({
			event: original.event,
			handler: original.handler,
			event_handler_id: original.event_handler_id,
			status: 'queued',
			queued_at: isoDate(),
			duplicate_of: original.id,
			payload: original.payload,
			body: original.body,
		});
		const myGeneration = generation;
		core.setTimer(() => {
			if (core.closed || myGeneration !== generation) return;
			void send(copy);
		}, delay);
		return copy;
	}

	/**
	 * Fires `eventName` to the matching online handlers.
	 * @param {string} eventName upper-case event code
	 * @param {unknown} data the `data` part of the payload
	 * @param {{userId?: string, connector?: string}} [options] triggering user; connector owning the event
	 */
	function emit(eventName, data, options = {}) {
		const name = eventName.toUpperCase();
		let ownerClientId;
		if (options.connector !== undefined) {
			const connector = core.state.connectors.get(options.connector);
			if (!connector) return [];
			ownerClientId = connector.appClientId;
		}
		const fired = [];
		for (const binding of core.state.bindings) {
			if (binding.event !== name || binding.offline) continue;
			if (ownerClientId !== undefined && binding.clientId !== ownerClientId) continue;
			const userId =
				binding.authType && binding.authType !== '0' ? binding.authType : options.userId || '1';
			const payload = buildPayload(name, binding.id, data, core.auth.eventAuth(userId));
			const delivery = record({
				event: name,
				handler: binding.handler,
				event_handler_id: binding.id,
				status: 'queued',
				queued_at: isoDate(),
				payload,
				body: buildPhpQuery(payload),
			});
			fired.push(delivery);
			enqueueNew(binding, delivery);
			if (core.random.chance(core.config.eventDuplicateRate)) scheduleCopy(delivery);
		}
		return fired;
	}

	/** ONAPPINSTALL straight to `handler` (the local app's install path); resolves after the POST. */
	async function installApp(handler, userId = '1') {
		const data = { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' };
		const auth = core.auth.eventAuth(userId, { withRefresh: true });
		const payload = buildPayload('ONAPPINSTALL', 0, data, auth);
		const delivery = record({
			event: 'ONAPPINSTALL',
			handler,
			event_handler_id: 0,
			status: 'queued',
			queued_at: isoDate(),
			payload,
			body: buildPhpQuery(payload),
		});
		await send(delivery);
		return delivery;
	}

	function pendingCount() {
		let count = 0;
		for (const queue of queues.values()) count += queue.items.length + queue.active;
		for (const win of windows.values()) count += win.items.length;
		return count;
	}

	function reset() {
		generation += 1;
		queues.clear();
		windows.clear();
	}

	function close() {
		reset();
		for (const request of activeRequests) request.destroy();
		activeRequests.clear();
	}

	return { emit, installApp, pendingCount, reset, close };
}

module.exports = { createEvents, SUPPORTED_EVENTS };
