export interface ReceivedHook {
	index: number;
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	raw: string;
	json: Record<string, unknown> | null;
	at: number;
	status: number;
	/** When the answer was written (null while held, or when the sender hung up first). */
	answeredAt: number | null;
	/** True when the sender closed the connection before the answer. */
	aborted: boolean;
}

export interface Receiver {
	url: string;
	received: ReceivedHook[];
	respondWith(statuses: number[], fallback?: number): void;
	waitFor(
		countOrPredicate: number | ((list: ReceivedHook[]) => boolean),
		timeoutMs?: number,
	): Promise<ReceivedHook[]>;
	/** The largest number of requests that were open at the same time (since the last `clear`). */
	maxInFlight(): number;
	clear(): void;
	close(): Promise<void>;
}

export function startReceiver(options?: {
	statuses?: number[];
	defaultStatus?: number;
	delayMs?: (index: number) => number;
}): Promise<Receiver>;

export function now(): number;
