export interface ReceivedHook {
	index: number;
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	raw: string;
	json: Record<string, unknown> | null;
	at: number;
	status: number;
}

export interface Receiver {
	url: string;
	received: ReceivedHook[];
	respondWith(statuses: number[], fallback?: number): void;
	waitFor(
		countOrPredicate: number | ((list: ReceivedHook[]) => boolean),
		timeoutMs?: number,
	): Promise<ReceivedHook[]>;
	clear(): void;
	close(): Promise<void>;
}

export function startReceiver(options?: {
	statuses?: number[];
	defaultStatus?: number;
	delayMs?: (index: number) => number;
}): Promise<Receiver>;

export function now(): number;
