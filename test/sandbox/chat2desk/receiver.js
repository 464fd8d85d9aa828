'use strict';
// A local webhook receiver for the Chat2Desk simulator tests: records every request (headers and
// exact raw body) and answers with scripted status codes. Plain JS because it needs `http` and timers.
const crypto = require('crypto');
const http = require('http');
const { receiverControls } = require('../receiverControls');

/**
 * @param {{ statuses?: number[], defaultStatus?: number, delayMs?: (index: number) => number }} [options]
 */
async function startReceiver(options = {}) {
	const received = [];
	let statuses = (options.statuses || []).slice();
	let defaultStatus = options.defaultStatus || 200;

	// A path of its own: when parallel test files reuse a port, a late retry meant for another
	// receiver is answered 404 and not recorded here.
	const ownPath = `/hook/${crypto.randomBytes(6).toString('hex')}`;
	const server = http.createServer((req, res) => {
		if (req.url.split('?')[0] !== ownPath) {
			req.resume();
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('not this receiver');
			return;
		}
		controls.requestStarted();
		let open = true;
		const ended = () => {
			if (open) controls.requestEnded();
			open = false;
		};
		// An aborted request (the sender gave up) also leaves the in-flight count.
		res.on('close', ended);
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let json = null;
			try {
				json = JSON.parse(raw);
			} catch {
				json = null;
			}
			const index = received.length;
			const status = statuses.length > 0 ? statuses.shift() : defaultStatus;
			const entry = {
				index,
				method: req.method,
				path: req.url,
				headers: req.headers,
				raw,
				json,
				at: Date.now(),
				status,
				/** When the answer was written (null while held, or if the sender hung up first). */
				answeredAt: null,
				/** True when the sender closed the connection before the answer. */
				aborted: false,
			};
			received.push(entry);
			controls.notify();
			const delay = options.delayMs ? options.delayMs(index) : 0;
			res.on('close', () => {
				if (entry.answeredAt === null) entry.aborted = true;
			});
			const answer = () => {
				if (res.destroyed) return;
				entry.answeredAt = Date.now();
				res.writeHead(status, { 'Content-Type': 'text/plain' });
				res.end(status < 300 ? 'ok' : 'failure');
			};
			if (delay > 0) setTimeout(answer, delay);
			else answer();
		});
	});
	const controls = receiverControls(server, received);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		url: `http://127.0.0.1:${port}${ownPath}`,
		received,
		/** Status codes for the next requests (then `defaultStatus`). */
		respondWith(list, fallback) {
			statuses = list.slice();
			if (fallback) defaultStatus = fallback;
		},
		waitFor: controls.waitFor,
		maxInFlight: controls.maxInFlight,
		clear: controls.clear,
		close: controls.close,
	};
}

/** Milliseconds since the epoch (tests may not touch timers or Date-based waits directly). */
function now() {
	return Date.now();
}

module.exports = { startReceiver, now };
