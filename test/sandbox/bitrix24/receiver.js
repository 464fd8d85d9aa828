'use strict';
// A local event handler for the Bitrix24 simulator tests: records every POST (headers, the exact raw
// body and its form fields parsed the way n8n's body parser does, i.e. flat bracket keys). Plain JS
// because it needs `http` and timers.
const crypto = require('crypto');
const http = require('http');
const { receiverControls } = require('../receiverControls');
const querystring = require('querystring');

async function startReceiver(options = {}) {
	const received = [];
	const status = options.status || 200;

	// A path of its own: when parallel test files reuse a port, a late retry meant for another
	// receiver is answered 404 and not recorded here.
	const ownPath = `/b24/events/${crypto.randomBytes(6).toString('hex')}`;
	const server = http.createServer((req, res) => {
		if (req.url.split('?')[0] !== ownPath) {
			req.resume();
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('not this receiver');
			return;
		}
		controls.requestStarted();
		let open = true;
		res.on('close', () => {
			if (open) controls.requestEnded();
			open = false;
		});
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const index = received.length;
			received.push({
				index,
				method: req.method,
				path: req.url,
				headers: req.headers,
				raw,
				form: { ...querystring.parse(raw, '&', '=', { maxKeys: 1000 }) },
				at: Date.now(),
			});
			controls.notify();
			const answer = () => {
				const code = options.statusFor ? options.statusFor(index) : status;
				res.writeHead(code, { 'Content-Type': 'text/plain' });
				res.end(code < 300 ? 'ok' : 'failure');
			};
			const delay = options.delayMs ? options.delayMs(index) : 0;
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
		waitFor: controls.waitFor,
		maxInFlight: controls.maxInFlight,
		clear: controls.clear,
		close: controls.close,
	};
}

/** Unix seconds now (test files may not read the clock through timers). */
function nowSeconds() {
	return Math.floor(Date.now() / 1000);
}

module.exports = { startReceiver, nowSeconds };
