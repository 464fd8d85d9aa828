'use strict';
// Stands in for n8n's webhook endpoint in the Bitrix24 trigger tests: records each POST the simulator
// sends with its exact raw body and the form parsed the way n8n's body parser does (Node querystring,
// flat bracket keys, at most 1000 keys). Plain JS because it needs `http`, `querystring` and timers.
const http = require('http');
const querystring = require('querystring');

async function startFormReceiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			received.push({
				path: req.url,
				headers: req.headers,
				raw,
				form: { ...querystring.parse(raw, '&', '=', { maxKeys: 1000 }) },
			});
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		async waitFor(count, timeoutMs = 3000) {
			const started = Date.now();
			while (received.length < count) {
				if (Date.now() - started > timeoutMs) {
					throw new Error(`Receiver got ${received.length} of ${count} request(s)`);
				}
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			return received.slice();
		},
		clear() {
			received.length = 0;
		},
		close() {
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { startFormReceiver };
