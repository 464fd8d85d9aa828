/**
 * The API token a Chat2Desk delivery is signed with, remembered for a short while per credential.
 *
 * Why: in a webhook, n8n 2.41 decrypts a credential by building a throwaway workflow and taking an
 * expression isolate for it, on every call. Verifying each delivery's signature that way costs a new
 * isolate per message, more than the rest of the trigger together. The token rarely changes, so it is
 * kept for a minute; a signature that does not match the remembered token is checked once more against
 * a freshly read one, so a new token is used from its first delivery on.
 */
export const SIGNING_TOKEN_TTL_MS = 60_000;

export interface TokenCacheOptions {
	ttlMs: number;
	/** Credentials kept at most (each workflow may use its own). */
	maxEntries: number;
	now?: () => number;
}

export interface CachedToken {
	token: string;
	/** The token came from memory, not from the credential just now. */
	remembered: boolean;
}

export class SigningTokenCache {
	private readonly entries = new Map<string, { token: string; readAt: number }>();

	constructor(
		private readonly options: TokenCacheOptions = {
			ttlMs: SIGNING_TOKEN_TTL_MS,
			maxEntries: 1000,
		},
	) {}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	/**
	 * The token for `key`: remembered when read less than the TTL ago (unless `fresh`), else `read()`.
	 * An empty `key` (a credential without an id) is never remembered.
	 */
	async get(
		key: string,
		read: () => Promise<string>,
		{ fresh = false }: { fresh?: boolean } = {},
	): Promise<CachedToken> {
		const entry = key ? this.entries.get(key) : undefined;
		if (!fresh && entry && this.now() - entry.readAt < this.options.ttlMs) {
			return { token: entry.token, remembered: true };
		}
		const token = await read();
		if (key) {
			this.entries.delete(key);
			this.entries.set(key, { token, readAt: this.now() });
			while (this.entries.size > this.options.maxEntries) {
				const oldest = this.entries.keys().next().value as string;
				this.entries.delete(oldest);
			}
		}
		return { token, remembered: false };
	}
}

/** One cache per instance, shared by every Chat2Desk Trigger (keyed by credential id). */
export const signingTokens = new SigningTokenCache();
