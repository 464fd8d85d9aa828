export interface ReceivedForm {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	raw: string;
	/** Flat bracket keys, as n8n's body parser delivers them. */
	form: Record<string, string | string[]>;
}

export interface FormReceiver {
	url: string;
	received: ReceivedForm[];
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedForm[]>;
	clear(): void;
	close(): Promise<void>;
}

export function startFormReceiver(): Promise<FormReceiver>;
