'use strict';
// A local event handler for the Bitrix24 simulator tests: records every POST (headers, the exact raw
// body and its form fields parsed the way n8n's body parser does, i.e. flat bracket keys). Plain JS
// because it needs `http` and timers.
const http = require('http');
const querystring = require('querystring');

async function startReceiver(options = {}) {
	const received = [];
	const waiters = [];
	const status = options.status || 200;

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			received.push({
				index: received.length,
				method: req.method,
				path: req.url,
				headers: req.headers,
				raw,
				form: { ...querystring.parse(raw, '&', '=', { maxKeys: 1000 }) },
				at: Date.now(),
			});
			for (const waiter of waiters.slice()) waiter.check();
			res.writeHead(status, { 'Content-Type': 'text/plain' });
			res.end(status < 300 ? 'ok' : 'failure');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		url: `http://127.0.0.1:${port}/b24/events`,
		received,
		/** Resolves with the requests once `predicate(received)` holds (default: at least `count`). */
		waitFor(countOrPredicate, timeoutMs = 3000) {
			const predicate =
				typeof countOrPredicate === 'function'
					? countOrPredicate
					: (list) => list.length >= countOrPredicate;
			return new Promise((resolve, reject) => {
				const waiter = {
					check() {
						if (predicate(received)) {
							clearTimeout(timer);
							waiters.splice(waiters.indexOf(waiter), 1);
							resolve(received.slice());
						}
					},
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(
						new Error(
							`Receiver timed out after ${timeoutMs} ms with ${received.length} request(s)`,
						),
					);
				}, timeoutMs);
				waiters.push(waiter);
				waiter.check();
			});
		},
		clear() {
			received.length = 0;
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
			});
		},
	};
}

/** Unix seconds now (test files may not read the clock through timers). */
function nowSeconds() {
	return Math.floor(Date.now() / 1000);
}

module.exports = { startReceiver, nowSeconds };
