'use strict';
// HTTP layer: routes /oauth/authorize/, /oauth/token/, /rest/... (OAuth or webhook path) and /_sim/...,
// parses JSON and PHP-bracket urlencoded bodies, writes the Bitrix24 reply envelope, logs REST calls.

const http = require('http');
const { parsePhpQuery } = require('./phpform');
const { RestError, ListResult, isPlainObject, timeBlock, isoDate } = require('./util');

const MAX_BODY = 20 * 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				reject(new RestError(413, 'INVALID_REQUEST', 'Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function parseBody(text, contentType) {
	if (!text) return {};
	const type = String(contentType || '').toLowerCase();
	if (type.includes('application/json') || /^\s*[{[]/.test(text)) {
		try {
			const parsed = JSON.parse(text);
			return isPlainObject(parsed) ? parsed : {};
		} catch {
			if (type.includes('application/json')) return {};
		}
	}
	if (type.includes('multipart/form-data')) return {};
	return parsePhpQuery(text);
}

function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

function createHttpServer(core, control) {
	function logRequest(entry) {
		core.state.requestsLog.push({ id: core.state.requestsLog.length + 1, at: isoDate(), ...entry });
	}

	async function handleRest(req, res, url, params) {
		const started = Date.now();
		const parts = url.pathname.slice('/rest/'.length).split('/').filter(Boolean);
		let webhook = null;
		let methodPath;
		if (parts.length === 3 && /^\d+$/.test(parts[0])) {
			webhook = { userId: parts[0], code: parts[1] };
			methodPath = parts[2];
		} else if (parts.length === 1) {
			methodPath = parts[0];
		}
		const method = methodPath ? methodPath.replace(/\.(json|xml)$/i, '') : '';
		const entry = { method, http_status: 0, batch: method.toLowerCase() === 'batch', commands: 0 };
		try {
			if (!method) throw new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
			const auth = core.auth.authenticate(req.headers, params, webhook);
			entry.auth = auth.type;
			entry.token_placement = auth.placement;
			if (!core.rateLimiter.take(auth.key)) {
				throw new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
			}
			delete params.auth;
			delete params.access_token;
			const value = core.dispatcher.invoke(auth, method, params, {
				onCall: (call) => {
					if (call.batchCommands !== undefined) entry.commands = call.batchCommands;
				},
			});
			const body =
				value instanceof ListResult
					? { result: value.items, total: value.total }
					: { result: value === undefined ? null : value };
			if (value instanceof ListResult && value.next !== undefined) body.next = value.next;
			body.time = timeBlock(started);
			if (core.storedThenFail.pick(method)) {
				// Applied in full above; only the answer is lost (storedThenFail* options).
				entry.stored_then_failed = core.config.storedThenFailure;
				entry.http_status = core.storedThenFail.reply(req, res);
				entry.error = entry.http_status === 0 ? 'TIMEOUT' : 'STORED_THEN_FAILED';
				return;
			}
			entry.http_status = 200;
			sendJson(res, 200, body);
		} catch (error) {
			const restError =
				error instanceof RestError
					? error
					: new RestError(500, 'INTERNAL_SERVER_ERROR', `Internal server error: ${error.message}`);
			if (!(error instanceof RestError)) console.error('[bitrix24 sim]', error);
			entry.http_status = restError.status;
			entry.error = restError.code;
			sendJson(res, restError.status, restError.toBody());
		} finally {
			entry.duration_ms = Date.now() - started;
			logRequest(entry);
		}
	}

	async function handle(req, res) {
		const url = new URL(req.url, 'http://sandbox.local');
		const path = url.pathname;
		const query = parsePhpQuery(url.search.slice(1));

		if (/^\/oauth\/authorize\/?$/.test(path) && req.method === 'GET') {
			const result = core.auth.authorize(query);
			if (result.status === 302) {
				res.writeHead(302, { Location: result.location });
				res.end();
			} else {
				sendJson(res, result.status, result.body);
			}
			return;
		}

		const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);

		if (/^\/oauth\/token\/?$/.test(path) && (req.method === 'GET' || req.method === 'POST')) {
			const params = { ...query, ...parseBody(text, req.headers['content-type']) };
			const result = core.auth.token(params, req.headers);
			logRequest({
				method: 'oauth/token',
				http_status: result.status,
				batch: false,
				commands: 0,
				grant_type: params.grant_type,
			});
			sendJson(res, result.status, result.body, { 'Cache-Control': 'no-store' });
			return;
		}

		if (path.startsWith('/rest/') && (req.method === 'GET' || req.method === 'POST')) {
			const params = { ...query, ...parseBody(text, req.headers['content-type']) };
			await handleRest(req, res, url, params);
			return;
		}

		if (path === '/_sim' || path.startsWith('/_sim/')) {
			const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
			let body = {};
			if (text) {
				try {
					body = JSON.parse(text);
				} catch {
					sendJson(res, 400, { error: 'control API expects a JSON body' });
					return;
				}
			}
			const plainQuery = Object.fromEntries(url.searchParams.entries());
			const result = await control.route(req.method, parts, plainQuery, body, res);
			if (result) sendJson(res, result.status, result.body);
			return;
		}

		sendJson(res, 404, { error: 'NOT_FOUND', error_description: `No route ${req.method} ${path}` });
	}

	return http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) {
				const status = error instanceof RestError ? error.status : 500;
				sendJson(res, status, { error: 'INTERNAL_SERVER_ERROR', error_description: error.message });
			}
		});
	});
}

module.exports = { createHttpServer, parseBody };
