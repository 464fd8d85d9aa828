/**
 * Bookkeeping for verifying an unknown application token with the portal (see trigger/trust.ts): a
 * trigger that has not seen the installation event may learn the token from a genuine event, but a
 * forged flood must cost at most one outgoing call per cooldown. Pure module; the state lives in the
 * node's static data.
 */
import { createHash } from 'crypto';

/** After a failed verification, no other one for this long. */
export const VERIFY_COOLDOWN_MS = 10_000;
/** A refused token/access-token pair is not asked about again for this long. */
export const REFUSED_TTL_MS = 60 * 60 * 1000;
/** Remembered refusals (oldest dropped first). */
export const REFUSED_MAX = 64;

export interface VerificationState {
	cooldownUntil?: number;
	/** Fingerprint → expiry (epoch ms). */
	refused?: Record<string, number>;
}

/** Short digest of the pair, so static data never holds a token. */
export function verificationFingerprint(applicationToken: string, accessToken: string): string {
	return createHash('sha256')
		.update(`${applicationToken}\u0000${accessToken}`)
		.digest('hex')
		.slice(0, 32);
}

function asState(value: unknown): VerificationState {
	return typeof value === 'object' && value !== null ? (value as VerificationState) : {};
}

/** May the portal be asked now? */
export function mayVerify(
	stateValue: unknown,
	fingerprint: string,
	now: number,
): { ok: true } | { ok: false; reason: string } {
	const state = asState(stateValue);
	// No entry reads as expired long ago (times are epoch milliseconds).
	if ((state.refused?.[fingerprint] ?? 0) > now) {
		return { ok: false, reason: 'this token was already refused' };
	}
	if ((state.cooldownUntil ?? 0) > now) {
		return {
			ok: false,
			reason: 'a verification failed moments ago (cooling down)',
		};
	}
	return { ok: true };
}

/** State after a failed verification: remember the pair and start the cooldown. */
export function recordRefusal(
	stateValue: unknown,
	fingerprint: string,
	now: number,
): VerificationState {
	const state = asState(stateValue);
	const refused = Object.entries(state.refused ?? {})
		.filter(([, until]) => typeof until === 'number' && until > now)
		.sort((a, b) => a[1] - b[1]);
	refused.push([fingerprint, now + REFUSED_TTL_MS]);
	return {
		cooldownUntil: now + VERIFY_COOLDOWN_MS,
		refused: Object.fromEntries(refused.slice(-REFUSED_MAX)),
	};
}

/**
 * The same cooldown held in this instance's memory, per trigger. Static data is saved only after n8n
 * has answered, so a fast flood could read a stale copy; the memory closes that gap.
 */
const recentRefusals = new Map<string, number>();
const RECENT_MAX = 1000;

export function coolingDown(triggerKey: string, now: number): boolean {
	return (recentRefusals.get(triggerKey) ?? 0) > now;
}

export function noteRefusal(triggerKey: string, now: number): void {
	recentRefusals.delete(triggerKey);
	recentRefusals.set(triggerKey, now + VERIFY_COOLDOWN_MS);
	if (recentRefusals.size > RECENT_MAX) {
		// A Map iterates in insertion order, and a refused trigger is re-inserted: the first is the oldest.
		const [oldest] = recentRefusals.keys();
		recentRefusals.delete(oldest);
	}
}

/** Clears the in-memory cooldowns (tests run many triggers under one workflow id). */
export function forgetRecentRefusals(): void {
	recentRefusals.clear();
}
