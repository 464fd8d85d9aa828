import type { ResponseKind } from './envelope';

/** Retry schedule for Chat2Desk calls; tests shrink the delays. */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff delay; doubles each retry. */
	baseDelayMs: number;
	/** Upper bound of one computed backoff delay. */
	maxDelayMs: number;
	/** A `Retry-After` longer than this is not waited for: the call fails with a hint instead. */
	maxRetryAfterMs: number;
	/** Returns a number in [0, 1); injected for deterministic tests. */
	random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	random: Math.random,
};

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half is random, so
 * parallel executions that were refused together do not come back together.
 */
export function backoffDelay(
	retry: number,
	policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
	return Math.round(exponential / 2 + (exponential / 2) * policy.random());
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const header = Array.isArray(value) ? value[0] : value;
	if (typeof header === 'number') return header >= 0 ? header * 1000 : undefined;
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	const text = header.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

export type RetryDecision =
	| { action: 'retry'; delayMs: number }
	/** A non-idempotent call hit a 5xx/network error and has a recovery check: run it first. */
	| { action: 'recover'; delayMs: number }
	| {
			action: 'fail';
			reason: 'notRetryable' | 'exhausted' | 'retryAfterTooLong' | 'mayHaveBeenAccepted';
	  };

export interface RetryInput {
	kind: ResponseKind | 'networkError';
	/** Retries done so far (0 after the first attempt). */
	retriesDone: number;
	/** Whether repeating the request cannot create a duplicate (GET/PUT/DELETE, or declared so). */
	idempotent: boolean;
	/** Whether the caller can look up if a non-idempotent request was accepted after all. */
	canRecover: boolean;
	retryAfterMs?: number;
	policy: RetryPolicy;
}

/**
 * What to do after a failed attempt:
 * - 429 / "Number of API requests exceeded": the request was refused, so a retry is safe for any method;
 * - monthly quota and other API errors: fail at once;
 * - 5xx / network errors: retry idempotent calls; a non-idempotent call (a message send) may already
 *   have been accepted, so it is only retried after a recovery check, otherwise it fails.
 */
export function decideRetry(input: RetryInput): RetryDecision {
	const { kind, policy } = input;
	if (kind === 'ok' || kind === 'apiError' || kind === 'quotaExceeded') {
		return { action: 'fail', reason: 'notRetryable' };
	}
	const unsafe = (kind === 'serverError' || kind === 'networkError') && !input.idempotent;
	if (unsafe && !input.canRecover) return { action: 'fail', reason: 'mayHaveBeenAccepted' };
	if (input.retriesDone >= policy.maxRetries) return { action: 'fail', reason: 'exhausted' };
	let delayMs = backoffDelay(input.retriesDone, policy);
	if (input.retryAfterMs !== undefined) {
		if (input.retryAfterMs > policy.maxRetryAfterMs)
			return { action: 'fail', reason: 'retryAfterTooLong' };
		delayMs = Math.max(input.retryAfterMs, 0);
	}
	return { action: unsafe ? 'recover' : 'retry', delayMs };
}
