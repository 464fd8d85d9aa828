import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * Chat2Desk webhook signature (feature added 2025-06-06):
 * `hex(HMAC_SHA256(key = md5(apiToken), message = rawBody + timestamp))`, no separator, lowercase hex.
 * The vendor does not say whether the MD5 key is the 32-char hex text or the 16 raw bytes, so both are
 * accepted. Every variant still needs the API token, so accepting both does not weaken the check.
 */

export type SignatureMode = 'required' | 'ifPresent' | 'off';

export type SignatureCheck =
	| { ok: true; verified: boolean }
	| { ok: false; reason: 'missingSignature' | 'missingTimestamp' | 'invalidSignature' | 'expired' };

export interface SignatureInput {
	mode: SignatureMode;
	/** The API token from the credential. */
	token: string;
	/** Request body exactly as received. */
	rawBody: Buffer | string;
	/** Value of the signature header, if any (`sha256=` prefix allowed). */
	signature?: string;
	/** Value of the timestamp header, if any (Unix seconds). */
	timestamp?: string;
	/** The body's `event_time`; used as the timestamp when no timestamp header arrives. */
	eventTime?: string | null;
	/** Unix seconds "now"; only needed with `maxAgeSeconds`. */
	nowSeconds?: number;
	/** 0 or undefined = no age check. */
	maxAgeSeconds?: number;
}

/** Lowercase hex MD5 of a string. */
export function md5Hex(value: string): string {
	return createHash('md5').update(value).digest('hex');
}

/** Lowercase hex HMAC-SHA256 of `rawBody + timestamp` with the given key. */
export function computeSignature(
	key: string | Buffer,
	rawBody: Buffer | string,
	timestamp: string,
): string {
	// Two updates hash the concatenation; texts are read as UTF-8.
	return createHmac('sha256', key).update(rawBody).update(timestamp).digest('hex');
}

/** The signature Chat2Desk sends for this token, body and timestamp (hex-text MD5 key). */
export function signChat2DeskPayload(
	token: string,
	rawBody: Buffer | string,
	timestamp: string,
): string {
	return computeSignature(md5Hex(token), rawBody, timestamp);
}

/** Strips an optional `sha256=` prefix; returns undefined unless 64 hex characters remain. */
export function normaliseSignatureHeader(value: string | undefined | null): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value
		.trim()
		.replace(/^sha256=/i, '')
		.toLowerCase();
	return /^[0-9a-f]{64}$/.test(trimmed) ? trimmed : undefined;
}

/** Unix seconds of an ISO `event_time` (truncated), or undefined. */
export function eventTimeToUnixSeconds(eventTime: string | null | undefined): string | undefined {
	// `String(null)`, `String(undefined)` and '' parse as NaN.
	const ms = Date.parse(String(eventTime));
	return Number.isFinite(ms) ? String(Math.floor(ms / 1000)) : undefined;
}

/** Constant-time comparison of two hex strings of equal length. */
export function safeEqualHex(expected: string, actual: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(actual);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `signature` matches `rawBody + timestamp` under any accepted key variant. */
export function matchesSignature(
	token: string,
	rawBody: Buffer | string,
	timestamp: string,
	signature: string,
): boolean {
	const keys: Array<string | Buffer> = [
		md5Hex(token),
		createHash('md5').update(token).digest(),
	];
	let matched = false;
	for (const key of keys) {
		// No early exit: every variant is computed and compared.
		if (safeEqualHex(computeSignature(key, rawBody, timestamp), signature)) matched = true;
	}
	return matched;
}

/**
 * Decides whether a webhook delivery is authentic. Never throws.
 * - `off`: always ok (unverified).
 * - `ifPresent`: ok when no signature header arrived; a present signature must be valid.
 * - `required`: the signature must be present and valid.
 * The timestamp comes from the timestamp header, or else from the body's `event_time` (they were equal
 * in the vendor's example).
 */
export function checkChat2DeskSignature(input: SignatureInput): SignatureCheck {
	if (input.mode === 'off') return { ok: true, verified: false };
	const signature = normaliseSignatureHeader(input.signature);
	const headerPresent = typeof input.signature === 'string' && input.signature.trim() !== '';
	if (!headerPresent) {
		return input.mode === 'ifPresent'
			? { ok: true, verified: false }
			: { ok: false, reason: 'missingSignature' };
	}
	if (!signature) return { ok: false, reason: 'invalidSignature' };

	const candidates = [input.timestamp?.trim(), eventTimeToUnixSeconds(input.eventTime)].filter(
		(value): value is string => !!value,
	);
	if (candidates.length === 0) return { ok: false, reason: 'missingTimestamp' };

	const matched = candidates.find((timestamp) =>
		matchesSignature(input.token, input.rawBody, timestamp, signature),
	);
	if (!matched) return { ok: false, reason: 'invalidSignature' };

	const maxAge = input.maxAgeSeconds ?? 0;
	if (maxAge > 0 && input.nowSeconds !== undefined) {
		const age = Math.abs(input.nowSeconds - Number(matched));
		if (!Number.isFinite(age) || age > maxAge) return { ok: false, reason: 'expired' };
	}
	return { ok: true, verified: true };
}
