'use strict';
// Webhook delivery: one FIFO queue per webhook (so events reach a receiver in the order they
// happened), HMAC signature, retries per the configured schedule, auto-disable after a period
// without success, and a delivery log (every attempt with its status code).

const crypto = require('crypto');
const http = require('http');
const https = require('https');
const { formatEventTime } = require('./store');
const { notFound } = require('./errors');
const { toInt } = require('./http');

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
	const queues = new Map(); // webhook id → { items: [], running: boolean }
	const timers = new Map(); // delivery id → retry timer
	const inflight = new Set();
	let waiters = [];
	let generation = 0;

	const S = () => store.state;

	function queueFor(key) {
		let queue = queues.get(key);
		if (!queue) {
			queue = { items: [], running: false };
			queues.set(key, queue);
		}
		return queue;
	}

	function enqueue(delivery) {
		const queue = queueFor(delivery.webhook_id);
		queue.items.push(delivery);
		if (!queue.running) {
			queue.running = true;
			const gen = generation;
			setImmediate(() => {
				if (gen === generation) run(queue, gen);
			});
		}
	}

	async function run(queue, gen) {
		try {
			while (queue.items.length > 0 && gen === generation) {
				const delivery = queue.items.shift();
				await attempt(delivery, gen);
			}
		} finally {
			if (gen === generation) queue.running = false;
			checkIdle();
		}
	}

	function isIdle(includeRetries) {
		for (const queue of queues.values()) {
			if (queue.running || queue.items.length > 0) return false;
		}
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

	/** Resolves once every queued delivery attempt has finished (optionally: and no retry is pending). */
	function idle(options) {
		const includeRetries = Boolean(options && options.includeRetries);
		if (isIdle(includeRetries)) return Promise.resolve();
		return new Promise((resolve) => waiters.push({ includeRetries, resolve }));
	}

	function dispatch(event, payload, channelId) {
		const eventTime = Date.now();
		const body = buildBody(event, payload, eventTime);
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
			const delivery = newDelivery({
				webhook_id: webhook.id,
				url: webhook.url,
				event,
				channel_id: channelId === undefined ? null : channelId,
				body,
			});
			enqueue(delivery);
		}
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
			forced: Boolean(fields.forced),
		};
		S().deliveries.push(delivery);
		return delivery;
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
		const headers = {};
		let signature = null;
		if (config.signWebhooks) {
			signature = signBody(config.token, delivery.body, timestamp);
			headers[config.signatureHeader] = signature;
			headers[config.timestampHeader] = String(timestamp);
		}
		const started = Date.now();
		const result = await post(delivery.url, delivery.body, headers, config.webhookTimeoutMs);
		if (gen !== generation) return;
		const ok =
			result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
		delivery.attempts.push({
			attempt: delivery.attempts.length + 1,
			at: new Date(started).toISOString(),
			status_code: result.statusCode === undefined ? null : result.statusCode,
			error: result.error || null,
			response_body: result.body === undefined ? null : result.body,
			duration_ms: Date.now() - started,
			timestamp,
			signature,
		});
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

	function post(url, body, extraHeaders, timeoutMs) {
		return new Promise((resolve) => {
			let settled = false;
			const done = (value) => {
				if (settled) return;
				settled = true;
				inflight.delete(req);
				resolve(value);
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
						done({
							statusCode: res.statusCode,
							body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_SNIPPET),
						}),
					);
					res.on('error', (error) => done({ error: error.message || String(error) }));
				},
			);
			inflight.add(req);
			if (timeoutMs > 0) {
				req.setTimeout(timeoutMs, () => req.destroy(new Error(`Timeout after ${timeoutMs} ms`)));
			}
			req.on('error', (error) => done({ error: error.message || error.code || String(error) }));
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
			cancel_reason: delivery.cancel_reason || null,
			attempts: delivery.attempts.map((a) => ({ ...a })),
			body: JSON.parse(delivery.body),
			raw_body: delivery.body,
		};
	}

	return { dispatch, redeliver, idle, cancelAll, deliveryView };
}

module.exports = { createWebhookEngine, signBody, buildBody };
