import type { IDataObject } from 'n8n-workflow';

/**
 * Chat2Desk's response envelope: `{status: 'success'|'ok', data, meta}`; errors
 * `{status: 'error', message, errors}` (sometimes nested in `data`); some endpoints answer a bare array.
 */

export const CHAT2DESK_HOSTS = [
	'https://api.chat2desk.com',
	'https://api.chat24.io',
	'https://api.chat2desk.kz',
	'https://api-02.chat2desk.kz',
] as const;

export const RATE_LIMIT_TEXT = 'Number of API requests exceeded';
export const MONTHLY_QUOTA_TEXT = 'API calls exceeded API limit per month';

export type ResponseKind =
	| 'ok'
	/** Refused because of a burst limit: safe to retry for any method. */
	| 'rateLimited'
	/** The monthly API quota is spent: retrying cannot help. */
	| 'quotaExceeded'
	/** 5xx: the request may or may not have been processed. */
	| 'serverError'
	/** Any other error answer: not retried. */
	| 'apiError';

export interface ApiMeta {
	total?: number;
	limit?: number;
	offset?: number;
}

export interface Classified {
	kind: ResponseKind;
	data?: unknown;
	meta?: ApiMeta;
	/** Chat2Desk's error text, when there is one. */
	message?: string;
	/** Field errors flattened into one line, e.g. `url: already used`. */
	details?: string;
}

/** The credential's base URL without a trailing slash. */
export function resolveBaseUrl(apiHost: unknown, customUrl: unknown): string {
	const host = apiHost === 'custom' ? customUrl : apiHost;
	const value = typeof host === 'string' && host.trim() !== '' ? host.trim() : CHAT2DESK_HOSTS[0];
	return value.replace(/\/+$/, '');
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringify(value: unknown): string {
	if (typeof value === 'string') return value;
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

/** Flattens Chat2Desk `errors` (object of field → messages, array, or string) into one line. */
export function formatFieldErrors(errors: unknown): string | undefined {
	if (errors === undefined || errors === null || errors === '') return undefined;
	if (Array.isArray(errors)) return errors.map(stringify).join('; ') || undefined;
	if (isObject(errors)) {
		const parts = Object.entries(errors).map(([field, value]) => {
			const text = Array.isArray(value) ? value.map(stringify).join(', ') : stringify(value);
			return `${field}: ${text}`;
		});
		return parts.join('; ') || undefined;
	}
	return stringify(errors);
}

function errorText(body: unknown): { message?: string; details?: string } {
	if (typeof body === 'string') return { message: body.trim().slice(0, 500) || undefined };
	if (!isObject(body)) return {};
	const source =
		body.status === 'error' || !isObject(body.data) ? body : (body.data as IDataObject);
	const message =
		typeof source.message === 'string' && source.message !== '' ? source.message : undefined;
	return { message, details: formatFieldErrors(source.errors) };
}

function mentions(text: string, needle: string): boolean {
	return text.toLowerCase().includes(needle.toLowerCase());
}

/** Classifies one HTTP answer from Chat2Desk. */
export function classifyResponse(statusCode: number, body: unknown): Classified {
	const isError =
		statusCode >= 400 ||
		(isObject(body) &&
			(body.status === 'error' || (isObject(body.data) && body.data.status === 'error')));

	if (!isError) {
		if (isObject(body) && ('data' in body || 'status' in body)) {
			return {
				kind: 'ok',
				data: body.data,
				meta: isObject(body.meta) ? (body.meta as ApiMeta) : undefined,
			};
		}
		// A bare array (some endpoints) or any other body is the data itself.
		return { kind: 'ok', data: body };
	}

	const { message, details } = errorText(body);
	const haystack = `${message ?? ''} ${details ?? ''}`;
	let kind: ResponseKind = 'apiError';
	if (mentions(haystack, MONTHLY_QUOTA_TEXT)) kind = 'quotaExceeded';
	else if (statusCode === 429 || mentions(haystack, RATE_LIMIT_TEXT)) kind = 'rateLimited';
	else if (statusCode >= 500) kind = 'serverError';
	return { kind, message, details };
}

/**
 * The id of the existing client from a duplicate answer of `POST /v1/clients`:
 * HTTP 400, `errors.client = ["Client already exist", "{\"id\":123}"]`.
 */
export function parseExistingClientId(body: unknown): number | undefined {
	if (!isObject(body)) return undefined;
	const source = isObject(body.errors)
		? body.errors
		: isObject(body.data)
			? (body.data.errors as unknown)
			: undefined;
	if (!isObject(source)) return undefined;
	const entries = Array.isArray(source.client) ? source.client : [source.client];
	if (!entries.some((entry) => typeof entry === 'string' && /already exist/i.test(entry)))
		return undefined;
	for (const entry of entries) {
		if (isObject(entry) && Number.isFinite(Number(entry.id))) return Number(entry.id);
		if (typeof entry !== 'string') continue;
		const match = /"?id"?\s*[:=]\s*"?(\d+)/.exec(entry);
		if (match) return Number(match[1]);
	}
	return undefined;
}
