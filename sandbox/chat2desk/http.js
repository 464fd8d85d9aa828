'use strict';
// Small HTTP toolkit for the simulator: body reading and parsing, parameter merging, a path router,
// response helpers and value coercion. Node built-ins only.

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** An error that carries a complete HTTP response (status, JSON body, extra headers). */
class HttpError extends Error {
	constructor(status, body, headers) {
		super(
			typeof body === 'object' && body && body.message ? String(body.message) : `HTTP ${status}`,
		);
		this.status = status;
		this.body = body;
		this.headers = headers || {};
	}
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new HttpError(413, { status: 'error', message: 'Request entity too large' }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Parses `a=1&b[]=2&b[]=3&c[d]=4&e=5&e=6` into `{a:'1', b:['2','3'], c:{d:'4'}, e:['5','6']}`.
 * PHP-style bracket keys are what form-encoding clients send for arrays and objects.
 */
function parseFormLike(input) {
	const params = input instanceof URLSearchParams ? input : new URLSearchParams(input);
	const out = {};
	for (const [rawKey, value] of params) {
		const path = splitBracketKey(rawKey);
		assignPath(out, path, value);
	}
	return out;
}

function splitBracketKey(key) {
	const first = key.indexOf('[');
	if (first <= 0 || !key.endsWith(']')) return [key];
	const parts = [key.slice(0, first)];
	const rest = key.slice(first);
	const re = /\[([^\]]*)\]/g;
	let m;
	while ((m = re.exec(rest)) !== null) parts.push(m[1]);
	return parts;
}

function assignPath(target, path, value) {
	let node = target;
	for (let i = 0; i < path.length; i++) {
		const part = path[i];
		const last = i === path.length - 1;
		if (Array.isArray(node)) {
			if (part === '') {
				if (last) node.push(value);
				else {
					const child = {};
					node.push(child);
					node = child;
				}
				continue;
			}
		}
		if (last) {
			if (part === '') return;
			if (Object.prototype.hasOwnProperty.call(node, part)) {
				const existing = node[part];
				node[part] = Array.isArray(existing) ? existing.concat(value) : [existing, value];
			} else {
				node[part] = value;
			}
			return;
		}
		const nextIsArray = path[i + 1] === '';
		if (!Object.prototype.hasOwnProperty.call(node, part) || typeof node[part] !== 'object') {
			node[part] = nextIsArray ? [] : {};
		}
		node = node[part];
	}
}

/**
 * Merges parameters from the query string, a form body and a JSON body (in that order, so JSON wins),
 * as the real API does. `raw` is the already-read body buffer.
 */
function parseParams(req, url, raw) {
	const query = parseFormLike(url.searchParams);
	let form = {};
	let json = {};
	const text = raw ? raw.toString('utf8') : '';
	const type = String(req.headers['content-type'] || '').toLowerCase();
	if (text.trim() !== '') {
		if (type.includes('application/x-www-form-urlencoded')) {
			form = parseFormLike(text);
		} else if (type.includes('json') || /^\s*[[{]/.test(text)) {
			let parsed;
			try {
				parsed = JSON.parse(text);
			} catch {
				throw new HttpError(400, {
					status: 'error',
					message: 'Invalid JSON in request body',
					errors: { body: ['Invalid JSON in request body'] },
				});
			}
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed;
		} else if (text.includes('=')) {
			form = parseFormLike(text);
		}
	}
	return { params: Object.assign({}, query, form, json), query, form, json, raw: text };
}

function sendJson(res, status, body, headers) {
	const payload = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(payload),
		...(headers || {}),
	});
	res.end(payload);
}

function sendText(res, status, text, contentType, headers) {
	res.writeHead(status, {
		'Content-Type': contentType || 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...(headers || {}),
	});
	res.end(text);
}

/** A tiny router: `:name` segments match numeric ids, `*name` segments match any single segment. */
function createRouter() {
	const routes = [];
	return {
		add(method, pattern, handler) {
			const names = [];
			const numeric = [];
			const source = pattern
				.split('/')
				.map((segment) => {
					if (segment.startsWith(':')) {
						names.push(segment.slice(1));
						numeric.push(true);
						return '(\\d+)';
					}
					if (segment.startsWith('*')) {
						names.push(segment.slice(1));
						numeric.push(false);
						return '([^/]+)';
					}
					return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				})
				.join('/');
			routes.push({ method, regex: new RegExp(`^${source}/?$`), names, numeric, handler });
		},
		match(method, pathname) {
			let pathMatched = false;
			for (const route of routes) {
				const m = route.regex.exec(pathname);
				if (!m) continue;
				pathMatched = true;
				if (route.method !== method && route.method !== '*') continue;
				const params = {};
				route.names.forEach((name, i) => {
					const value = decodeURIComponent(m[i + 1]);
					params[name] = route.numeric[i] ? Number(value) : value;
				});
				return { handler: route.handler, params };
			}
			return pathMatched ? { methodNotAllowed: true } : null;
		},
	};
}

/** A handler result with an explicit status and headers (plain return values are sent with 200). */
class Reply {
	constructor(status, body, headers) {
		this.status = status;
		this.body = body;
		this.headers = headers || {};
	}
}

function reply(status, body, headers) {
	return new Reply(status, body, headers);
}

// ---- value coercion -------------------------------------------------------------------------

function isBlank(value) {
	return value === undefined || value === null || value === '';
}

/** Integer from a number or numeric string; `undefined` when blank; NaN when not numeric. */
function toInt(value) {
	if (isBlank(value)) return undefined;
	if (Array.isArray(value)) return toInt(value[0]);
	if (typeof value === 'number') return Number.isInteger(value) ? value : NaN;
	const s = String(value).trim();
	return /^-?\d+$/.test(s) ? Number(s) : NaN;
}

function toBool(value, fallback) {
	if (isBlank(value)) return fallback;
	if (typeof value === 'boolean') return value;
	const s = String(value).trim().toLowerCase();
	if (['1', 'true', 'yes', 'on'].includes(s)) return true;
	if (['0', 'false', 'no', 'off'].includes(s)) return false;
	return fallback;
}

/** Array from an array, a JSON array string, a comma-separated string or a single value. */
function toList(value) {
	if (isBlank(value)) return [];
	if (Array.isArray(value)) return value.flatMap((v) => toList(v));
	if (typeof value === 'string') {
		const s = value.trim();
		if (s.startsWith('[')) {
			try {
				const parsed = JSON.parse(s);
				if (Array.isArray(parsed)) return parsed;
			} catch {
				// fall through to comma splitting
			}
		}
		return s
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part !== '');
	}
	return [value];
}

function toIntList(value) {
	return toList(value).map((v) => toInt(v));
}

module.exports = {
	HttpError,
	Reply,
	reply,
	readBody,
	parseParams,
	parseFormLike,
	sendJson,
	sendText,
	createRouter,
	isBlank,
	toInt,
	toBool,
	toList,
	toIntList,
};
