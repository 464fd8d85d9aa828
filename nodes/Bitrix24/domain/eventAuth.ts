/**
 * The `auth[…]` part of a Bitrix24 event, read flat and cheaply: before the body is re-nested (and
 * before anything else is spent on it), the trigger needs only these few values to decide whether
 * the sender knows the application token. Pure module.
 */
import { formPairs } from './bracketForm';

/** Largest event body the trigger reads at all; real connector events are a few kilobytes. */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

const AUTH_FIELDS = [
	'application_token',
	'access_token',
	'domain',
	'client_endpoint',
	'member_id',
	'user_id',
] as const;
export type FlatAuthField = (typeof AUTH_FIELDS)[number];
export type FlatAuth = Partial<Record<FlatAuthField, string>>;

const FIELD_SET = new Set<string>(AUTH_FIELDS);

function fieldOf(key: string): FlatAuthField | undefined {
	if (!key.startsWith('auth[') || !key.endsWith(']')) return undefined;
	const name = key.slice(5, -1);
	return FIELD_SET.has(name) ? (name as FlatAuthField) : undefined;
}

/** `auth[…]` values of an urlencoded body (first occurrence wins); other keys are not decoded. */
export function flatAuthFromQuery(query: string): FlatAuth {
	const auth: FlatAuth = {};
	let position = 0;
	while (position < query.length) {
		let end = query.indexOf('&', position);
		if (end === -1) end = query.length;
		// Only keys spelled `auth[` or `auth%5B` can be auth fields: skip the rest without decoding.
		if (query.startsWith('auth', position)) {
			for (const [key, value] of formPairs(query.slice(position, end))) {
				const field = fieldOf(key);
				if (field && auth[field] === undefined) auth[field] = value;
			}
		}
		position = end + 1;
	}
	return auth;
}

/** `auth[…]` values of a parsed body: flat keys (`auth[domain]`) or a nested `auth` object. */
export function flatAuthFromBody(body: unknown): FlatAuth {
	const auth: FlatAuth = {};
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return auth;
	const record = body as Record<string, unknown>;
	const nested = Object.prototype.hasOwnProperty.call(record, 'auth') ? record.auth : undefined;
	for (const field of AUTH_FIELDS) {
		const flatKey = `auth[${field}]`;
		const flatValue = Object.prototype.hasOwnProperty.call(record, flatKey)
			? record[flatKey]
			: undefined;
		const nestedValue =
			typeof nested === 'object' && nested !== null && !Array.isArray(nested)
				? (nested as Record<string, unknown>)[field]
				: undefined;
		for (const candidate of [flatValue, nestedValue]) {
			const value = Array.isArray(candidate) ? candidate[0] : candidate;
			if ((typeof value === 'string' || typeof value === 'number') && auth[field] === undefined) {
				auth[field] = String(value);
			}
		}
	}
	return auth;
}
