import { decideRetry, type RetryPolicy } from '../../../../nodes/Chat2Desk/domain/retry';
import { backoffDelay, parseRetryAfter } from '../../../../nodes/shared/retry';

const policy: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 100,
	maxDelayMs: 1000,
	maxRetryAfterMs: 5000,
	random: () => 0.5,
};

describe('Chat2Desk retry policy', () => {
	it('backs off exponentially with equal jitter, capped', () => {
		expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, policy.random()))).toEqual([
			75, 150, 300, 600, 750, 750,
		]);
		expect(backoffDelay(0, policy, 0)).toBe(50);
		expect(backoffDelay(0, policy, 0.999)).toBe(100);
	});

	it('parses Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2025-01-01T00:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter(['3'], now)).toBe(3000);
		expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:04 GMT', now)).toBe(4000);
		expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	const input = { retriesDone: 0, idempotent: true, canRecover: false, policy };

	it('retries refused requests for any method, honouring Retry-After', () => {
		expect(decideRetry({ ...input, kind: 'rateLimited', idempotent: false })).toEqual({
			action: 'retry',
			delayMs: 75,
		});
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: 2000 })).toEqual({
			action: 'retry',
			delayMs: 2000,
		});
	});

	it('gives up when Retry-After is longer than it waits', () => {
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: 60_000 })).toEqual({
			action: 'fail',
			reason: 'retryAfterTooLong',
		});
	});

	it('never retries the monthly quota or plain API errors', () => {
		expect(decideRetry({ ...input, kind: 'quotaExceeded' })).toEqual({
			action: 'fail',
			reason: 'notRetryable',
		});
		expect(decideRetry({ ...input, kind: 'apiError' })).toEqual({
			action: 'fail',
			reason: 'notRetryable',
		});
	});

	it('retries idempotent calls after 5xx and network errors until the budget is spent', () => {
		expect(decideRetry({ ...input, kind: 'serverError', retriesDone: 2 })).toEqual({
			action: 'retry',
			delayMs: 300,
		});
		expect(decideRetry({ ...input, kind: 'networkError' })).toEqual({
			action: 'retry',
			delayMs: 75,
		});
		expect(decideRetry({ ...input, kind: 'serverError', retriesDone: 3 })).toEqual({
			action: 'fail',
			reason: 'exhausted',
		});
	});

	it('does not repeat a non-idempotent call after 5xx unless it can check first', () => {
		expect(decideRetry({ ...input, kind: 'serverError', idempotent: false })).toEqual({
			action: 'fail',
			reason: 'mayHaveBeenAccepted',
		});
		expect(decideRetry({ ...input, kind: 'networkError', idempotent: false })).toEqual({
			action: 'fail',
			reason: 'mayHaveBeenAccepted',
		});
		expect(
			decideRetry({ ...input, kind: 'serverError', idempotent: false, canRecover: true }),
		).toEqual({
			action: 'recover',
			delayMs: 75,
		});
	});
});

describe('Chat2Desk retry policy: boundaries and other header spellings', () => {
	const input = { retriesDone: 0, idempotent: true, canRecover: false, policy };
	const now = Date.parse('2025-01-01T00:00:00Z');

	it('reads Retry-After numbers, fractions and padding', () => {
		expect(parseRetryAfter(0, now)).toBe(0);
		expect(parseRetryAfter(1.5, now)).toBe(1500);
		expect(parseRetryAfter(-1, now)).toBeUndefined();
		expect(parseRetryAfter('  7  ', now)).toBe(7000);
		expect(parseRetryAfter('0.25', now)).toBe(250);
		expect(parseRetryAfter('   ', now)).toBeUndefined();
		expect(parseRetryAfter([], now)).toBeUndefined();
		expect(parseRetryAfter([4], now)).toBe(4000);
		expect(parseRetryAfter({ seconds: 3 }, now)).toBeUndefined();
	});

	it('takes a negative retry count as the first retry', () => {
		expect(backoffDelay(-2, policy, 1)).toBe(100);
	});

	it('uses the last retry of the budget and stops exactly at it', () => {
		expect(decideRetry({ ...input, kind: 'rateLimited', retriesDone: 2 }).action).toBe('retry');
		expect(decideRetry({ ...input, kind: 'rateLimited', retriesDone: 3 })).toEqual({
			action: 'fail',
			reason: 'exhausted',
		});
	});

	it('waits a Retry-After equal to the limit, refuses one millisecond more, never waits below 0', () => {
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: 5000 })).toEqual({
			action: 'retry',
			delayMs: 5000,
		});
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: 5001 })).toEqual({
			action: 'fail',
			reason: 'retryAfterTooLong',
		});
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: -10 })).toEqual({
			action: 'retry',
			delayMs: 0,
		});
		expect(decideRetry({ ...input, kind: 'rateLimited', retryAfterMs: 0 })).toEqual({
			action: 'retry',
			delayMs: 0,
		});
	});

	it('never retries an answer that was ok', () => {
		expect(decideRetry({ ...input, kind: 'ok' })).toEqual({ action: 'fail', reason: 'notRetryable' });
	});

	it('retries a refused non-idempotent call plainly, and checks first only after 5xx or no reply', () => {
		expect(decideRetry({ ...input, kind: 'rateLimited', idempotent: false, canRecover: true })).toEqual({
			action: 'retry',
			delayMs: 75,
		});
		expect(decideRetry({ ...input, kind: 'networkError', idempotent: false, canRecover: true })).toEqual({
			action: 'recover',
			delayMs: 75,
		});
		expect(decideRetry({ ...input, kind: 'serverError', canRecover: true })).toEqual({
			action: 'retry',
			delayMs: 75,
		});
		expect(
			decideRetry({ ...input, kind: 'serverError', idempotent: false, canRecover: true, retriesDone: 3 }),
		).toEqual({ action: 'fail', reason: 'exhausted' });
	});
});
