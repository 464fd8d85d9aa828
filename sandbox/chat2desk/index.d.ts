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
	/** Timeout of one webhook delivery attempt (ms, wall clock). Default 10000. */
	webhookTimeoutMs?: number;

	// ---- "known unknowns" modes (defaults = the `friendly` profile) ----
	/** Applies a preset of the mode options first (`friendly` = defaults, `hostile` = every mode on). */
	profile?: 'friendly' | 'hostile';
	/** Seed of the PRNG behind shuffles and duplicates (restarted on reset and when set). Default 1. */
	seed?: number;
	/** Delivery attempts in flight at once per webhook. Default 1 (one at a time, in order). */
	deliveryConcurrency?: number;
	/** New events of one webhook created within this window are delivered in a random order. Default 0. */
	deliveryShuffleWindowMs?: number;
	/** 0..1: that fraction of events is delivered a second time. Default 0. */
	deliveryDuplicateRate?: number;
	/** A duplicate copy fires at a random moment within this many ms of the event. Default 1000. */
	deliveryDuplicateDelayMs?: number;
	/** A timed-out attempt stays open while its retry is sent (the receiver sees both). Default false. */
	retryWhileRunning?: boolean;
	/** `standard` (signatureHeader/timestampHeader), `alternate` (X-Chat2Desk-*, `sha256=` prefix) or `off`. */
	signatureMode?: SignatureMode;
	/**
	 * Hook types whose payloads leave out ids: `true` = `add_tag_to_request` (no `client_id`) and
	 * `dialog_transferred` (no `client_id`, `request_id`); a list of hook types; or `{hook_type: [fields]}`.
	 * Read back as `{hook_type: [fields]}`.
	 */
	sparseEvents?: boolean | string[] | Record<string, string[] | true>;
	/** false: messages (`GET /v1/messages`, `/v1/messages/{id}`, dialogs) and `outbox` omit `external_id`. Default true. */
	echoExternalId?: boolean;
}

export type SignatureMode = 'standard' | 'alternate' | 'off';

export type SimConfig = Required<Omit<Chat2DeskSimulatorOptions, 'sparseEvents' | 'profile'>> & {
	profile: string;
	sparseEvents: Record<string, string[]>;
};

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

export type AttemptOutcome = 'in_flight' | 'delivered' | 'failed' | 'timeout';

export interface WebhookAttempt {
	attempt: number;
	/** Start of the attempt (same as `started_at`). */
	at: string;
	started_at: string;
	/** When the simulator settled the attempt (answer, error or timeout); null while in flight. */
	ended_at: string | null;
	/** When the HTTP request closed; later than `ended_at` for an attempt left open by `retryWhileRunning`. */
	closed_at: string | null;
	outcome: AttemptOutcome;
	status_code: number | null;
	/** Status the receiver sent after the attempt had timed out (`retryWhileRunning`). */
	late_status_code: number | null;
	error: string | null;
	response_body: string | null;
	duration_ms: number | null;
	timestamp: number;
	signature: string | null;
	/** The signature headers sent, per `signatureMode`. */
	headers: Record<string, string>;
}

/** One row of `GET /_sim/webhooks/deliveries` (`webhookAttempts()`). */
export interface WebhookAttemptRow {
	delivery_id: number;
	webhook_id: number;
	hook_type: string;
	/** `message_id` of the body (or `data.message_id` for `outbox_status`). */
	message_id: number | null;
	request_id: number | null;
	dialog_id: number | null;
	duplicate_of: number | null;
	redelivery_of: number | null;
	attempt: number;
	started_at: string;
	ended_at: string | null;
	closed_at: string | null;
	outcome: AttemptOutcome;
	status_code: number | null;
	late_status_code: number | null;
	error: string | null;
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
	/** For a copy made by `deliveryDuplicateRate`: the id of the delivery it duplicates. */
	duplicate_of: number | null;
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
	configure(patch: Chat2DeskSimulatorOptions): SimConfig;
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
	/** Every delivery attempt (incl. retries and duplicate copies), in the order they started. */
	webhookAttempts(filter?: {
		webhook_id?: number;
		hook_type?: string;
		message_id?: number;
	}): WebhookAttemptRow[];
	redeliver(deliveryId: number): WebhookDelivery;
	webhooksIdle(options?: { includeRetries?: boolean }): Promise<void>;
	sign(rawBody: string, timestamp: number | string): string;
	/** The headers the current `signatureMode` puts on this body and timestamp (`{}` when off). */
	signatureHeaders(rawBody: string, timestamp: number | string): Record<string, string>;
}

export function createChat2DeskSimulator(options?: Chat2DeskSimulatorOptions): Chat2DeskSimulator;
export function signBody(token: string, rawBody: string, timestamp: number | string): string;
export const DEFAULTS: Readonly<SimConfig>;
export const ALTERNATE_SIGNATURE_HEADER: 'X-Chat2Desk-Signature';
export const ALTERNATE_TIMESTAMP_HEADER: 'X-Chat2Desk-Timestamp';
