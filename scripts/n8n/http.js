// Minimal JSON-over-HTTP client for n8n's public API (/api/v1, API key) and internal REST API
// (/rest, auth cookie). Uses the fetch built into Node 20+.

class HttpError extends Error {
	constructor(method, url, status, body) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		super(`${method} ${url} -> ${status}: ${String(text).slice(0, 800)}`);
		this.name = 'HttpError';
		this.status = status;
		this.body = body;
	}
}

/**
 * Sends one request. `body` objects are sent as JSON. Resolves with `{status, headers, body}` where
 * `body` is parsed JSON when the response is JSON. Rejects with HttpError on a status >= 400 unless
 * `okStatuses` lists it (or is 'any').
 */
async function request(
	method,
	url,
	{ body, headers = {}, okStatuses = [], timeoutMs = 30000 } = {},
) {
	const init = { method, headers: { accept: 'application/json', ...headers } };
	if (body !== undefined) {
		if (typeof body === 'string' || Buffer.isBuffer(body)) {
			init.body = body;
		} else {
			init.body = JSON.stringify(body);
			init.headers['content-type'] = 'application/json';
		}
	}
	let response;
	for (let attempt = 1; ; attempt++) {
		init.signal = AbortSignal.timeout(timeoutMs);
		try {
			response = await fetch(url, init);
			break;
		} catch (error) {
			// A kept-alive connection the server closed just as it was reused (more frequent once an n8n
			// process was killed and restarted on the same port): a read is safe to send once more.
			const code = error.cause && error.cause.code;
			const retry =
				attempt === 1 &&
				(method === 'GET' || method === 'HEAD') &&
				(code === 'UND_ERR_SOCKET' || code === 'ECONNRESET');
			if (retry) continue;
			const reason = error.cause
				? `${error.message}: ${error.cause.message || error.cause.code}`
				: error.message;
			throw new Error(`${method} ${url} failed: ${reason}`);
		}
	}
	const text = await response.text();
	let parsed = text;
	if ((response.headers.get('content-type') || '').includes('json') && text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			// keep the text
		}
	}
	if (response.status >= 400 && okStatuses !== 'any' && !okStatuses.includes(response.status)) {
		throw new HttpError(method, url, response.status, parsed);
	}
	return { status: response.status, headers: response.headers, body: parsed };
}

/** `name=value` pairs of all Set-Cookie headers of a response, joined for a Cookie header. */
function cookiesFrom(headers) {
	const all =
		typeof headers.getSetCookie === 'function'
			? headers.getSetCookie()
			: [headers.get('set-cookie')];
	return all
		.filter(Boolean)
		.map((cookie) => cookie.split(';')[0])
		.join('; ');
}

module.exports = { request, cookiesFrom, HttpError };
