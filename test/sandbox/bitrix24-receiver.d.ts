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
	clear(): void;
	close(): Promise<void>;
}

export function startReceiver(options?: { status?: number }): Promise<Receiver>;

export function nowSeconds(): number;
