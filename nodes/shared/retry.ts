/**
 * The backoff both transports wait with, and their one test seam: each transport owns a
 * `RetrySchedule` whose delays and `wait` tests replace through `configure()`. What is retried (which
 * answers, which methods) stays with each transport: it depends on the API.
 */
export interface Backoff {
	/** First backoff delay; doubles each retry. */
	baseDelayMs: number;
	/** Upper bound of one computed backoff delay. */
	maxDelayMs: number;
}

export interface RetrySettings extends Backoff {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Returns a number in [0, 1); injected for deterministic tests. */
	random: () => number;
	/** How to wait between attempts: n8n's `sleep` (tests skip or shorten it). */
	wait: (ms: number) => Promise<void>;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half is random, so
 * parallel executions that were refused together do not come back together.
 */
export function backoffDelay(retry: number, backoff: Backoff, random: number): number {
	const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, retry));
	const jitter = Math.min(Math.max(random, 0), 1);
	return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
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

export interface RetrySchedule<T extends RetrySettings> {
	/** The settings in force now. */
	current(): T;
	/** Replaces some settings (tests compress the schedule); returns a function that restores them. */
	configure(overrides: Partial<T>): () => void;
}

/** A transport's retry schedule, starting from `defaults`. */
export function retrySchedule<T extends RetrySettings>(defaults: T): RetrySchedule<T> {
	let settings = defaults;
	return {
		current: () => settings,
		configure(overrides) {
			const previous = settings;
			settings = { ...settings, ...overrides };
			return () => {
				settings = previous;
			};
		},
	};
}
