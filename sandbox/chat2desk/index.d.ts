// Type declarations for the Chat2Desk simulator (plain CommonJS in index.js), for TypeScript tests.

export interface Chat2DeskSimulatorOptions {
	/** API token expected in `Authorization` (raw or `Bearer …`). Default `sandbox-token`. */
	token?: string;
	/** HTTP status for a wrong or missing token. Default 403. */
	authFailureStatus?: number;
	/** Header carrying the webhook signature. Default `X-Signature`. */
	signatureHeader?: string;
	/** Header carrying the unix-seconds timestamp that was signed. Default `X-Timestamp`. */
	timestampHeader?: string;
	/** Whether webhooks are signed at all. Default true. */
	signWebhooks?: boolean;
	/** Delays (ms) before each retry of a failed delivery. Default [10000, 300000, 7200000]. */
	retrySchedule?: number[];
	/** A webhook with no successful delivery for this long is disabled. Default 5 h. */
	disableAfterMs?: number;
	/** Limit for `POST /v1/messages` per second. Default 15; 0 disables. */
	sendRatePerSecond?: number;
	/** Limit for all `/v1` requests per second. Default 50; 0 disables. */
	requestsPerSecond?: number;
	/** Requests allowed in total (the monthly quota); 0 = unlimited (default). */
	monthlyQuota?: number;
	/** How a group-chat sender is put before the text: `{phone}`, `{name}`, `{text}`. Default `+{phone}: {text}`. */
	groupPrefixFormat?: string;
	/** Timeout of one webhook delivery attempt (ms). Default 10000. */
	webhookTimeoutMs?: number;
}

export type SimConfig = Required<Chat2DeskSimulatorOptions>;

export interface ClientWriteInput {
	client_id?: number;
	phone?: string;
	name?: string;
	channel_id?: number;
	transport?: string;
	text?: string;
	attachments?: Array<{ name?: string; link: string }>;
	group?: { sender_phone: string; name?: string; sender_name?: string };
	utm?: {
		utm_source?: string;
		utm_medium?: string;
		utm_campaign?: string;
		utm_content?: string;
		utm_term?: string;
		click_time?: string;
		page_url?: string;
	};
	custom_fields?: Record<string, string>;
}

export interface ClientWriteResult {
	client_id: number;
	message_id: number;
	request_id: number;
	dialog_id: number;
	channel_id: number;
	is_new_client: boolean;
	is_new_request: boolean;
}

export interface FaultInput {
	method?: string;
	/** Path prefix (e.g. `/v1/messages`) or, when it starts with `^`, a regular expression. */
	path?: string;
	status?: number;
	count?: number;
	latencyMs?: number;
	body?: unknown;
}

export interface WebhookAttempt {
	attempt: number;
	at: string;
	status_code: number | null;
	error: string | null;
	response_body: string | null;
	duration_ms: number;
	timestamp: number;
	signature: string | null;
}

export interface WebhookDelivery {
	id: number;
	webhook_id: number;
	url: string;
	event: string;
	channel_id: number | null;
	status: 'pending' | 'retrying' | 'delivered' | 'failed' | 'cancelled';
	created_at: string;
	next_attempt_at: string | null;
	redelivery_of: number | null;
	cancel_reason: string | null;
	attempts: WebhookAttempt[];
	body: Record<string, unknown>;
	raw_body: string;
}

export interface RequestLogEntry {
	id: number;
	method: string;
	path: string;
	query: string;
	status: number | null;
	time: string;
	duration_ms: number | null;
	params: Record<string, unknown> | null;
	fault: boolean;
}

type Json = Record<string, unknown>;

export interface Chat2DeskSimulator {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	configure(patch: Partial<SimConfig>): SimConfig;
	readonly config: SimConfig;
	readonly baseUrl: string | null;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly state: any;

	clientWrites(input: ClientWriteInput): ClientWriteResult;
	operatorWrites(input: Json): Json;
	assignDialog(
		dialogId: number,
		operatorId: number,
	): { dialog_id: number; operator_id: number; transferred: boolean };
	closeDialog(dialogId: number): { dialog_id: number; state: string; request_id: number | null };
	assignTag(input: {
		tag_id?: number;
		tag_ids?: number[];
		client_id?: number;
		request_id?: number;
	}): Json;
	removeTag(input: { tag_id: number; client_id?: number; request_id?: number }): Json;
	failDeliveries(input: { client_id: number; count?: number; reason?: string }): Json;
	addFault(input: FaultInput): Json;
	clearFaults(): void;
	faults(): Json[];

	clients(filter?: Json): Json[];
	dialogs(filter?: Json): Json[];
	requests(filter?: Json): Json[];
	messages(filter?: Json): Json[];
	webAnalytics(filter?: Json): Json[];
	events(filter?: {
		event?: string;
	}): Array<{ event: string; channel_id: number | null; time: string; body: Json }>;
	requestsLog(filter?: {
		method?: string;
		path?: string;
		status?: number;
		since_id?: number;
	}): RequestLogEntry[];
	clearRequestsLog(): void;
	webhooks(): Json[];
	webhookDeliveries(filter?: {
		webhook_id?: number;
		event?: string;
		status?: string;
	}): WebhookDelivery[];
	redeliver(deliveryId: number): WebhookDelivery;
	webhooksIdle(options?: { includeRetries?: boolean }): Promise<void>;
	sign(rawBody: string, timestamp: number | string): string;
}

export function createChat2DeskSimulator(options?: Chat2DeskSimulatorOptions): Chat2DeskSimulator;
export function signBody(token: string, rawBody: string, timestamp: number | string): string;
export const DEFAULTS: Readonly<SimConfig>;
