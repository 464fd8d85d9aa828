export interface ReceivedEvent {
	index: number;
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	/** The exact request body. */
	raw: string;
	/** Form fields with flat bracket keys, as n8n's body parser produces them. */
	form: Record<string, string | string[]>;
	at: number;
}

export interface Receiver {
	url: string;
	received: ReceivedEvent[];
	waitFor(
		countOrPredicate: number | ((list: ReceivedEvent[]) => boolean),
		timeoutMs?: number,
	): Promise<ReceivedEvent[]>;
	/** The largest number of requests that were open at the same time (since the last `clear`). */
	maxInFlight(): number;
	clear(): void;
	close(): Promise<void>;
}

export function startReceiver(options?: {
	status?: number;
	/** Status for the request with this index (overrides `status`). */
	statusFor?: (index: number) => number;
	/** Hold the answer to the request with this index for so many ms. */
	delayMs?: (index: number) => number;
}): Promise<Receiver>;

export function nowSeconds(): number;
