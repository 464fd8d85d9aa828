// Type declarations for the Bitrix24 simulator (plain CommonJS in index.js), for TypeScript tests.

export interface RateLimitConfig {
	/** Bucket drain per second. Default 2. */
	drainPerSecond: number;
	/** Bucket size (requests allowed at once). Default 50. */
	burst: number;
	/** Default true. */
	enabled: boolean;
}

/** The "known unknowns" modes; the defaults are the `friendly` profile. */
export interface Bitrix24ModeOptions {
	/** 0..1: share of calls to `storedThenFailMethods` that are applied and then answered with an error. Default 0. */
	storedThenFailRate?: number;
	/** The next N calls to `storedThenFailMethods` are applied and then answered with an error (counts down). Default 0. */
	storedThenFailCount?: number;
	/** Methods concerned (top-level calls only). Default imconnector.send.messages, imconnector.update.messages, crm.lead.update, crm.deal.update. */
	storedThenFailMethods?: string[];
	/** `504` (nginx HTML page), `500` (Bitrix24 JSON error) or `timeout` (socket held, then destroyed). Default `504`. */
	storedThenFailure?: '504' | '500' | 'timeout';
	/** `timeout`: how long the socket is held before it is destroyed. Default 30000. */
	storedThenFailHoldMs?: number;
	/** 0..1: share of event POSTs sent a second time. Default 0. */
	eventDuplicateRate?: number;
	/** The copy goes out at a random moment within this many ms. Default 1000. */
	eventDuplicateDelayMs?: number;
	/** Events of one handler fired within this window are posted in a random order. Default 0. */
	eventShuffleWindowMs?: number;
	/** Event POSTs in flight at once per handler. Default 1. */
	eventConcurrency?: number;
}

export interface Bitrix24SimulatorOptions extends Bitrix24ModeOptions {
	/** Preset of the mode options (explicit options win). Default `friendly`. */
	profile?: 'friendly' | 'hostile';
	/** Seed of the PRNG behind stored-then-failed picks and event shuffles/duplicates. Default 1. */
	seed?: number;
	/** OAuth client id. Default `sandbox-client`. */
	clientId?: string;
	/** OAuth client secret. Default `sandbox-secret`. */
	clientSecret?: string;
	/** Incoming webhook code: `/rest/<webhookUserId>/<webhookCode>/<method>`. Default `sandbox-webhook`. */
	webhookCode?: string;
	/** Default 1. */
	webhookUserId?: number;
	/** `auth[application_token]` of every event. Default `sandbox-application-token`. */
	applicationToken?: string;
	/** Default 3600. */
	accessTokenTtlSeconds?: number;
	rateLimit?: Partial<RateLimitConfig>;
	/** A lead/deal appears this long after a session's first client message. Default 1500. */
	crmDelayMs?: number;
	/** Delay before each event POST. Default 20. */
	eventDelayMs?: number;
	/** Error code for an unknown access token. Default `invalid_token`. */
	unknownTokenError?: 'invalid_token' | 'NO_AUTH_FOUND';
	/** HTTP status of `insufficient_scope`. Default 401. */
	insufficientScopeStatus?: number;
	/** Scopes of issued tokens (comma list). Default `crm,im,imconnector,imopenlines,placement,user`. */
	scope?: string;
	/** The app's handler path, used by /oauth/authorize/ when the request carries no redirect_uri. */
	redirectUri?: string;
	/** Base URL to advertise (endpoints, domain, file links) instead of the bound address. */
	publicUrl?: string;
}

export interface SimConfig extends Required<Omit<Bitrix24SimulatorOptions, 'rateLimit' | 'profile'>> {
	profile: string;
	rateLimit: RateLimitConfig;
}

/** The OAuth server's token reply (`/oauth/token/`, `POST /_sim/tokens`). */
export interface TokenResponse {
	access_token: string;
	refresh_token: string;
	client_endpoint: string;
	server_endpoint: string;
	domain: string;
	member_id: string;
	scope: string;
	status: string;
	expires_in: number;
	/** Only on refresh. */
	expires?: number;
	/** Only on refresh. */
	user_id?: number;
}

export interface OperatorReplyInput {
	chat_id?: number | string;
	connector?: string;
	line?: number | string;
	external_chat_id?: string;
	text?: string;
	operator?: { id?: number | string; name?: string };
	files?: Array<{ name: string; url?: string; content?: string; content_base64?: string }>;
}

export interface SimFile {
	id: number;
	name: string;
	type: 'image' | 'file';
	url: string | null;
	link: string;
	size: number;
}

export interface OperatorReplyResult {
	message_id: number;
	chat_id: number;
	session_id: number;
	/** The text as sent in the event (with the signature when it applies). */
	text: string;
	files: SimFile[];
}

export interface SimMessage {
	id: number;
	chat_id: number;
	session_id: number | null;
	direction: 'in' | 'out';
	connector: string | null;
	line: number | null;
	external_chat_id: string | null;
	author_id: number;
	author_name: string;
	text: string;
	files: SimFile[];
	params: Record<string, unknown>;
	deleted: boolean;
	created_at: string;
	updated_at: string | null;
	/** Client messages. */
	external_message_id?: string | null;
	external_user_id?: string | null;
	user?: Record<string, unknown>;
	date?: string | null;
	/** Operator messages. */
	sent_text?: string;
	connector_mid?: string[];
	history?: Array<{ text: string; at: string }>;
}

export interface SimChat {
	id: number;
	user_code: string;
	connector: string;
	line: number;
	external_chat_id: string;
	external_user_id: string;
	client_user_id: number;
	title: string;
	description: string;
	entity_data_1: string;
	entity_data_2: string;
	session: { id: number; closed: 'Y' | 'N'; parent_id: number; operator_id: number } | null;
	sessions: Array<{ id: number; closed: 'Y' | 'N'; started_at: string; closed_at: string | null }>;
	created_at: string;
}

export interface EventDelivery {
	id: number;
	event: string;
	handler: string;
	event_handler_id: number;
	status: 'queued' | 'sending' | 'delivered' | 'failed';
	queued_at: string;
	sent_at?: string;
	finished_at?: string;
	/** For a copy made by `eventDuplicateRate`: the id of the delivery it duplicates. */
	duplicate_of?: number;
	http_status?: number | null;
	error?: string;
	response?: string;
	duration_ms?: number;
	/** The payload before form encoding. */
	payload: {
		event: string;
		event_handler_id: string;
		data: unknown;
		ts: string;
		auth?: Record<string, string>;
	};
	/** The exact form-encoded body. */
	body: string;
}

export interface RequestLogEntry {
	id: number;
	at: string;
	/** REST method as called (or `oauth/token`). */
	method: string;
	http_status: number;
	batch: boolean;
	/** Number of commands of a `batch` call. */
	commands: number;
	auth?: 'oauth' | 'webhook';
	token_placement?: 'bearer' | 'auth' | 'access_token' | 'webhook';
	error?: string;
	duration_ms?: number;
	grant_type?: string;
	/** The call was applied and then answered with this failure (`storedThenFail*`). */
	stored_then_failed?: '504' | '500' | 'timeout';
}

export interface StatusLogEntry {
	type: 'delivery' | 'reading';
	connector: string;
	line: number;
	chat_id: string | null;
	message_id: string | null;
	external_ids: string[];
	external_chat_id: string | null;
	date: string | null;
	found: boolean;
	at: string;
}

export interface FaultInput {
	/** REST method name (any when omitted). */
	method?: string;
	status?: number;
	error?: string;
	error_description?: string;
	/** How many calls fail. Default 1. */
	count?: number;
}

type Json = Record<string, unknown>;

export interface Bitrix24Simulator {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	readonly config: SimConfig;
	readonly baseUrl: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly state: any;
	methods(): string[];

	operatorReply(input: OperatorReplyInput): OperatorReplyResult;
	operatorEdit(input: { message_id: number | string; text: string }): {
		message_id: number;
		text: string;
		event_fired: boolean;
	};
	operatorDelete(input: { message_id: number | string }): {
		message_id: number;
		event_fired: boolean;
	};
	operatorFinish(input: {
		chat_id?: number | string;
		connector?: string;
		line?: number | string;
		external_chat_id?: string;
	}): { chat_id: number; session_id: number };
	installApp(input: { handler: string; user_id?: string }): Promise<{
		delivered: boolean;
		http_status: number | null | undefined;
		error?: string;
		auth: Record<string, string>;
	}>;
	issueTokens(input?: { scope?: string; user_id?: string }): TokenResponse;
	listTokens(): Json;
	expireTokens(): { expired: number };
	addFault(input: FaultInput): Json;
	listFaults(): Json[];
	clearFaults(): { cleared: number };
	configure(
		patch: Partial<Omit<SimConfig, 'rateLimit' | 'profile'>> & {
			rateLimit?: Partial<RateLimitConfig>;
			profile?: 'friendly' | 'hostile';
		},
	): Json;
	getConfig(): Json;
	getLines(): Json[];
	addLine(input: Json): Json;
	updateLine(id: number | string, input: Json): Json;
	deleteLine(id: number | string): { deleted: number };
	getChats(): SimChat[];
	getChat(id: number | string): SimChat & { dialog: Json };
	getChatMessages(id: number | string): SimMessage[];
	getMessages(filter?: {
		connector?: string;
		line?: number | string;
		external_chat_id?: string;
		direction?: 'in' | 'out';
		chat_id?: number | string;
		/** Messages whose CONNECTOR_MID contains this external id (count duplicates with it). */
		external_message_id?: string;
	}): SimMessage[];
	getDeliveryStatuses(filter?: { type?: 'delivery' | 'reading' }): StatusLogEntry[];
	getConnectors(): Json[];
	getStatuses(): Json[];
	getBindings(): Json[];
	getEventDeliveries(filter?: {
		event?: string;
		handler?: string;
		status?: EventDelivery['status'];
	}): EventDelivery[];
	/** REST calls applied and then answered with an error (`storedThenFail*`). */
	getStoredThenFailed(filter?: { method?: string }): RequestLogEntry[];
	clearEventDeliveries(): { cleared: number };
	getLeads(): Json[];
	getDeals(): Json[];
	getContacts(): Json[];
	getActivities(): Json[];
	getRequestsLog(): RequestLogEntry[];
	clearRequestsLog(): { cleared: number };
	/** Resolves once no CRM timer or event delivery is pending. */
	waitForIdle(timeoutMs?: number): Promise<true>;
	waitFor<T>(predicate: () => T, timeoutMs?: number): Promise<T>;
}

export function createBitrix24Simulator(options?: Bitrix24SimulatorOptions): Bitrix24Simulator;
