import { backoffDelay, type RetrySettings } from '../../shared/retry';
import type { ResponseKind } from './envelope';

/** Retry schedule for Chat2Desk calls; tests shrink the delays. */
export interface RetryPolicy extends Omit<RetrySettings, 'wait'> {
	/** A `Retry-After` longer than this is not waited for: the call fails with a hint instead. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	random: Math.random,
};

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
	let delayMs = backoffDelay(input.retriesDone, policy, policy.random());
	if (input.retryAfterMs !== undefined) {
		if (input.retryAfterMs > policy.maxRetryAfterMs)
			return { action: 'fail', reason: 'retryAfterTooLong' };
		delayMs = Math.max(input.retryAfterMs, 0);
	}
	return { action: unsafe ? 'recover' : 'retry', delayMs };
}
