'use strict';
// Webhook delivery: one queue per webhook, HMAC signature, retries per the configured schedule,
// auto-disable after a period without success, and a delivery log (every attempt with its status code).
// By default (`friendly`) a webhook gets one attempt at a time, in the order the events happened. The
// vendor promises none of that, so the unfriendly readings are modes: `deliveryConcurrency` attempts
// in flight, a `deliveryShuffleWindowMs` reordering window, `deliveryDuplicateRate` copies fired at a
// random moment, and `retryWhileRunning` (a timed-out attempt is left open while its retry goes out).

const crypto = require('crypto');
const http = require('http');
const https = require('https');
const { formatEventTime } = require('./store');
const { notFound } = require('./errors');
const { toInt, isBlank } = require('./http');
const { createRandom } = require('../random');

/** `signatureMode: 'alternate'`: other plausible header names, value `sha256=<hex>`. */
const ALTERNATE_SIGNATURE_HEADER = 'X-Chat2Desk-Signature';
const ALTERNATE_TIMESTAMP_HEADER = 'X-Chat2Desk-Timestamp';

const MAX_ERRORS_KEPT = 20;
const MAX_RESPONSE_SNIPPET = 500;

/** `hex(HMAC_SHA256(key = md5hex(token), rawBody + unixSeconds))`. */
function signBody(token, rawBody, timestamp) {
	const key = crypto.createHash('md5').update(String(token)).digest('hex');
	return crypto.createHmac('sha256', key).update(`${rawBody}${timestamp}`).digest('hex');
}

/** Serialises an event body: `hook_type` keeps its slot if the payload reserved one, `event_time` goes last. */
function buildBody(event, payload, eventTimeMs) {
	const body = {};
	let placed = false;
	for (const [key, value] of Object.entries(payload)) {
		if (key === 'hook_type') {
			body.hook_type = event;
			placed = true;
		} else if (key !== 'event_time') {
			body[key] = value;
		}
	}
	if (!placed) body.hook_type = event;
	body.event_time = formatEventTime(eventTimeMs);
	return JSON.stringify(body);
}

function createWebhookEngine({ store, getConfig }) {
	const queues = new Map(); // webhook id → { items: [], active: number, scheduled: boolean }
	const windows = new Map(); // webhook id → { items: [], timer } (deliveryShuffleWindowMs)
	const timers = new Map(); // delivery id → retry timer
	const copyTimers = new Set(); // timers of duplicate copies not yet fired
	const inflight = new Set(); // open HTTP requests (incl. ones abandoned after a timeout)
	let waiters = [];
	let generation = 0;
	let attemptSeq = 0;
	let random = createRandom(getConfig().seed);

	const S = () => store.state;

	function queueFor(key) {
		let queue = queues.get(key);
		if (!queue) {
			queue = { items: [], active: 0, scheduled: false };
			queues.set(key, queue);
		}
		return queue;
	}

	/** Straight into the webhook's queue (retries, redeliveries, a closed shuffle window). */
	function enqueue(delivery) {
		const queue = queueFor(delivery.webhook_id);
		queue.items.push(delivery);
		schedulePump(queue);
	}

	/** New events: through the shuffle window when one is configured. */
	function enqueueNew(delivery) {
		const windowMs = getConfig().deliveryShuffleWindowMs;
		if (!(windowMs > 0)) {
			enqueue(delivery);
			return;
		}
		let win = windows.get(delivery.webhook_id);
		if (!win) {
			const gen = generation;
			win = { items: [], timer: null };
			windows.set(delivery.webhook_id, win);
			win.timer = setTimeout(() => {
				windows.delete(delivery.webhook_id);
				if (gen !== generation) return;
				// Every event created within the window goes out in a (seeded) random order.
				for (const item of random.shuffle(win.items)) enqueue(item);
				checkIdle();
			}, windowMs);
			if (typeof win.timer.unref === 'function') win.timer.unref();
		}
		win.items.push(delivery);
	}

	function schedulePump(queue) {
		if (queue.scheduled) return;
		queue.scheduled = true;
		const gen = generation;
		// Deferred, so that every event of one action is queued before the first one leaves.
		setImmediate(() => {
			queue.scheduled = false;
			if (gen === generation) pump(queue, gen);
		});
	}

	/** Starts attempts while the webhook has fewer than `deliveryConcurrency` in flight. */
	function pump(queue, gen) {
		const limit = Math.max(1, getConfig().deliveryConcurrency || 1);
		while (queue.items.length > 0 && queue.active < limit && gen === generation) {
			const delivery = queue.items.shift();
			queue.active++;
			attempt(delivery, gen)
				.catch(() => undefined)
				.then(() => {
					if (gen !== generation) return;
					queue.active--;
					pump(queue, gen);
					checkIdle();
				});
		}
		checkIdle();
	}

	function isIdle(includeRetries) {
		for (const queue of queues.values()) {
			if (queue.active > 0 || queue.items.length > 0 || queue.scheduled) return false;
		}
		if (windows.size > 0 || copyTimers.size > 0 || inflight.size > 0) return false;
		return includeRetries ? timers.size === 0 : true;
	}

	function checkIdle() {
		const still = [];
		for (const waiter of waiters) {
			if (isIdle(waiter.includeRetries)) waiter.resolve();
			else still.push(waiter);
		}
		waiters = still;
	}

	/**
	 * Resolves once every queued delivery attempt has finished, no shuffle window or duplicate copy is
	 * pending and no request is still open (optionally: and no retry is pending).
	 */
	function idle(options) {
		const includeRetries = Boolean(options && options.includeRetries);
		if (isIdle(includeRetries)) return Promise.resolve();
		return new Promise((resolve) => waiters.push({ includeRetries, resolve }));
	}

	function dispatch(event, payload, channelId) {
		const eventTime = Date.now();
		const config = getConfig();
		const omitted = (config.sparseEvents || {})[event];
		let sent = payload;
		if (omitted && omitted.length > 0) {
			sent = { ...payload };
			for (const field of omitted) delete sent[field];
		}
		const body = buildBody(event, sent, eventTime);
		S().events.push({
			event,
			channel_id: channelId === undefined ? null : channelId,
			time: new Date(eventTime).toISOString(),
			body: JSON.parse(body),
		});
		const webhooks = Array.from(S().webhooks.values()).sort(
			(a, b) => a.order - b.order || a.id - b.id,
		);
		for (const webhook of webhooks) {
			if (webhook.status !== 'enable') continue;
			if (!webhook.events.includes(event)) continue;
			if (webhook.channels.length > 0 && !webhook.channels.includes(channelId)) continue;
			const fields = {
				webhook_id: webhook.id,
				url: webhook.url,
				event,
				channel_id: channelId === undefined ? null : channelId,
				body,
			};
			const delivery = newDelivery(fields);
			enqueueNew(delivery);
			if (random.chance(config.deliveryDuplicateRate)) scheduleCopy(delivery, fields);
		}
	}

	/**
	 * `deliveryDuplicateRate`: the same body is delivered a second time as its own delivery, fired at a
	 * random moment within `deliveryDuplicateDelayMs`, outside the queue (so it may overlap the first).
	 */
	function scheduleCopy(original, fields) {
		const maxDelay = Math.max(0, getConfig().deliveryDuplicateDelayMs || 0);
		const delay = Math.floor(random.next() * (maxDelay + 1));
		const copy = newDelivery({ ...fields, duplicate_of: original.id });
		copy.next_attempt_at = new Date(Date.now() + delay).toISOString();
		const gen = generation;
		const timer = setTimeout(() => {
			copyTimers.delete(timer);
			if (gen !== generation) return;
			copy.next_attempt_at = null;
			attempt(copy, gen)
				.catch(() => undefined)
				.then(() => checkIdle());
		}, delay);
		if (typeof timer.unref === 'function') timer.unref();
		copyTimers.add(timer);
	}

	function newDelivery(fields) {
		const delivery = {
			id: S().nextIds.delivery++,
			webhook_id: fields.webhook_id,
			url: fields.url,
			event: fields.event,
			channel_id: fields.channel_id,
			body: fields.body,
			status: 'pending',
			attempts: [],
			created_at: new Date().toISOString(),
			next_attempt_at: null,
			redelivery_of: fields.redelivery_of || null,
			duplicate_of: fields.duplicate_of || null,
			forced: Boolean(fields.forced),
		};
		S().deliveries.push(delivery);
		return delivery;
	}

	/** The headers `signatureMode` puts on a body: ours, the alternate names with `sha256=`, or none. */
	function signatureHeaders(config, rawBody, timestamp) {
		if (config.signatureMode === 'off' || !config.signWebhooks) return {};
		const signature = signBody(config.token, rawBody, timestamp);
		if (config.signatureMode === 'alternate') {
			return {
				[ALTERNATE_SIGNATURE_HEADER]: `sha256=${signature}`,
				[ALTERNATE_TIMESTAMP_HEADER]: String(timestamp),
			};
		}
		return { [config.signatureHeader]: signature, [config.timestampHeader]: String(timestamp) };
	}

	async function attempt(delivery, gen) {
		const webhook = store.getWebhook(delivery.webhook_id);
		if (!delivery.forced && (!webhook || webhook.status !== 'enable')) {
			delivery.status = 'cancelled';
			delivery.cancel_reason = webhook ? 'webhook disabled' : 'webhook deleted';
			return;
		}
		const config = getConfig();
		const timestamp = Math.floor(Date.now() / 1000);
		const headers = signatureHeaders(config, delivery.body, timestamp);
		const signature =
			Object.keys(headers).length > 0 ? signBody(config.token, delivery.body, timestamp) : null;
		const started = Date.now();
		const record = {
			attempt: delivery.attempts.length + 1,
			at: new Date(started).toISOString(),
			started_at: new Date(started).toISOString(),
			ended_at: null,
			closed_at: null,
			outcome: 'in_flight',
			status_code: null,
			late_status_code: null,
			error: null,
			response_body: null,
			duration_ms: null,
			timestamp,
			signature,
			headers,
			seq: ++attemptSeq,
		};
		delivery.attempts.push(record);
		const result = await post(delivery.url, delivery.body, headers, {
			timeoutMs: config.webhookTimeoutMs,
			keepOpenOnTimeout: config.retryWhileRunning,
			onLateEnd: (late) => {
				// The abandoned first attempt finally ended: the receiver has seen both by now.
				record.closed_at = new Date().toISOString();
				record.late_status_code = late.statusCode === undefined ? null : late.statusCode;
				if (late.error && !record.error) record.error = late.error;
				checkIdle();
			},
		});
		if (gen !== generation) return;
		const ok =
			result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
		record.ended_at = new Date().toISOString();
		if (!result.stillOpen) record.closed_at = record.ended_at;
		record.status_code = result.statusCode === undefined ? null : result.statusCode;
		record.error = result.error || null;
		record.response_body = result.body === undefined ? null : result.body;
		record.duration_ms = Date.now() - started;
		record.outcome = ok ? 'delivered' : result.timedOut ? 'timeout' : 'failed';
		if (ok) {
			delivery.status = 'delivered';
			if (webhook) webhook.failingSince = null;
			return;
		}
		const text = result.error
			? `Delivery error: ${result.error}`
			: `Webhook responded with HTTP ${result.statusCode}`;
		if (webhook) {
			webhook.errors.push({ text, created_at: timestamp });
			if (webhook.errors.length > MAX_ERRORS_KEPT)
				webhook.errors.splice(0, webhook.errors.length - MAX_ERRORS_KEPT);
			if (webhook.failingSince === null) webhook.failingSince = started;
			if (
				webhook.status === 'enable' &&
				Date.now() - webhook.failingSince >= config.disableAfterMs
			) {
				disableWebhook(webhook);
				delivery.status = 'failed';
				return;
			}
		}
		const retryIndex = delivery.attempts.length - 1;
		const schedule = config.retrySchedule;
		if (retryIndex < schedule.length) {
			const delay = schedule[retryIndex];
			delivery.status = 'retrying';
			delivery.next_attempt_at = new Date(Date.now() + delay).toISOString();
			const timer = setTimeout(() => {
				timers.delete(delivery.id);
				if (gen !== generation) return;
				delivery.next_attempt_at = null;
				enqueue(delivery);
			}, delay);
			if (typeof timer.unref === 'function') timer.unref();
			timers.set(delivery.id, timer);
		} else {
			delivery.status = 'failed';
		}
	}

	function disableWebhook(webhook) {
		webhook.status = 'disable';
		webhook.errors.push({
			text: 'Webhook disabled: no successful delivery within the allowed period',
			created_at: Math.floor(Date.now() / 1000),
		});
		for (const delivery of S().deliveries) {
			if (delivery.webhook_id !== webhook.id || delivery.forced) continue;
			if (delivery.status === 'retrying' || delivery.status === 'pending') {
				const timer = timers.get(delivery.id);
				if (timer) {
					clearTimeout(timer);
					timers.delete(delivery.id);
				}
				delivery.status = 'cancelled';
				delivery.cancel_reason = 'webhook disabled';
				delivery.next_attempt_at = null;
			}
		}
		checkIdle();
	}

	/**
	 * One HTTP POST. Resolves with `{statusCode, body}` or `{error}`; after `timeoutMs` with
	 * `{error, timedOut: true}`. A timed-out request is destroyed, unless `keepOpenOnTimeout`
	 * (`retryWhileRunning`): then it stays open (`stillOpen: true`) and `onLateEnd` reports its end.
	 */
	function post(url, body, extraHeaders, options) {
		const { timeoutMs, keepOpenOnTimeout, onLateEnd } = options;
		return new Promise((resolve) => {
			let settled = false;
			let timer = null;
			const finish = (value) => {
				if (timer) clearTimeout(timer);
				inflight.delete(req);
				if (!settled) {
					settled = true;
					resolve(value);
				} else if (keepOpenOnTimeout && onLateEnd) {
					onLateEnd(value);
				}
			};
			let target;
			try {
				target = new URL(url);
			} catch {
				resolve({ error: 'Invalid URL' });
				return;
			}
			const lib = target.protocol === 'https:' ? https : http;
			const req = lib.request(
				target,
				{
					method: 'POST',
					agent: false,
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(body),
						'User-Agent': 'Chat2Desk-Sandbox-Webhooks/1.0',
						...extraHeaders,
					},
				},
				(res) => {
					const chunks = [];
					let size = 0;
					res.on('data', (chunk) => {
						if (size < MAX_RESPONSE_SNIPPET) chunks.push(chunk);
						size += chunk.length;
					});
					res.on('end', () =>
						finish({
							statusCode: res.statusCode,
							body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_SNIPPET),
						}),
					);
					res.on('error', (error) => finish({ error: error.message || String(error) }));
				},
			);
			inflight.add(req);
			if (timeoutMs > 0) {
				// Wall-clock limit of one attempt (the vendor's 10 s), not a socket idle timeout.
				timer = setTimeout(() => {
					timer = null;
					const message = `Timeout after ${timeoutMs} ms`;
					// Settle first: the abort below must not turn the timeout into a connection error.
					settled = true;
					if (keepOpenOnTimeout) {
						resolve({ error: message, timedOut: true, stillOpen: true });
					} else {
						inflight.delete(req);
						resolve({ error: message, timedOut: true });
						req.destroy(new Error(message));
					}
				}, timeoutMs);
			}
			req.on('error', (error) => finish({ error: error.message || error.code || String(error) }));
			req.end(body);
		});
	}

	/** Re-sends the exact body of a past delivery (new signature timestamp) through the same queue. */
	function redeliver(deliveryIdInput) {
		const deliveryId = toInt(deliveryIdInput);
		const original = S().deliveries.find((d) => d.id === deliveryId);
		if (!original) throw notFound('Delivery');
		const delivery = newDelivery({
			webhook_id: original.webhook_id,
			url: original.url,
			event: original.event,
			channel_id: original.channel_id,
			body: original.body,
			redelivery_of: original.id,
			forced: true,
		});
		enqueue(delivery);
		return delivery;
	}

	/** Stops everything: retry timers, queued attempts and requests in flight. */
	function cancelAll() {
		generation++;
		for (const timer of timers.values()) clearTimeout(timer);
		timers.clear();
		for (const win of windows.values()) clearTimeout(win.timer);
		windows.clear();
		for (const timer of copyTimers) clearTimeout(timer);
		copyTimers.clear();
		for (const req of inflight) req.destroy();
		inflight.clear();
		queues.clear();
		const pending = waiters;
		waiters = [];
		for (const waiter of pending) waiter.resolve();
	}

	function deliveryView(delivery) {
		return {
			id: delivery.id,
			webhook_id: delivery.webhook_id,
			url: delivery.url,
			event: delivery.event,
			channel_id: delivery.channel_id,
			status: delivery.status,
			created_at: delivery.created_at,
			next_attempt_at: delivery.next_attempt_at,
			redelivery_of: delivery.redelivery_of,
			duplicate_of: delivery.duplicate_of,
			cancel_reason: delivery.cancel_reason || null,
			attempts: delivery.attempts.map(attemptView),
			body: JSON.parse(delivery.body),
			raw_body: delivery.body,
		};
	}

	function attemptView(record) {
		const { seq, headers, ...rest } = record;
		void seq;
		return { ...rest, headers: { ...headers } };
	}

	/** One row per attempt (every delivery, copy and retry), in the order the attempts started. */
	function attempts(filter) {
		const rows = [];
		for (const delivery of S().deliveries) {
			if (!isBlank(filter.webhook_id) && delivery.webhook_id !== toInt(filter.webhook_id)) continue;
			const event = filter.hook_type || filter.event;
			if (!isBlank(event) && delivery.event !== String(event)) continue;
			const body = JSON.parse(delivery.body);
			const data = body.data && typeof body.data === 'object' ? body.data : {};
			const messageId = body.message_id !== undefined ? body.message_id : data.message_id;
			if (!isBlank(filter.message_id) && messageId !== toInt(filter.message_id)) continue;
			for (const record of delivery.attempts) {
				rows.push({
					seq: record.seq,
					delivery_id: delivery.id,
					webhook_id: delivery.webhook_id,
					hook_type: delivery.event,
					message_id: messageId === undefined ? null : messageId,
					request_id: body.request_id === undefined ? null : body.request_id,
					dialog_id: body.dialog_id === undefined ? null : body.dialog_id,
					duplicate_of: delivery.duplicate_of,
					redelivery_of: delivery.redelivery_of,
					attempt: record.attempt,
					started_at: record.started_at,
					ended_at: record.ended_at,
					closed_at: record.closed_at,
					outcome: record.outcome,
					status_code: record.status_code,
					late_status_code: record.late_status_code,
					error: record.error,
				});
			}
		}
		rows.sort((a, b) => a.seq - b.seq);
		return rows.map(({ seq, ...row }) => {
			void seq;
			return row;
		});
	}

	/** Restarts the random sequence from the configured seed (on reset and when `seed` is set). */
	function reseed() {
		random = createRandom(getConfig().seed);
	}

	return { dispatch, redeliver, idle, cancelAll, deliveryView, attempts, reseed, signatureHeaders };
}

module.exports = {
	createWebhookEngine,
	signBody,
	buildBody,
	ALTERNATE_SIGNATURE_HEADER,
	ALTERNATE_TIMESTAMP_HEADER,
};
