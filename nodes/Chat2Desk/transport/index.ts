import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { classifyResponse, resolveBaseUrl, type ApiMeta } from '../domain/envelope';
import {
	MAX_PAGE_SIZE,
	findSentMessage,
	nextStartId,
	sendResultFromMessage,
} from '../domain/messages';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../domain/retry';
import { PageGuard } from '../../shared/pageGuard';
import { parseRetryAfter, retrySchedule, type RetrySettings } from '../../shared/retry';
import { toApiError } from './errors';

export type Chat2DeskContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export const CHAT2DESK_CREDENTIAL = 'chat2DeskApi';

/** Per-attempt HTTP timeout; a timed-out send counts as "may have been accepted". */
export const REQUEST_TIMEOUT_MS = 60_000;

export type Chat2DeskRetrySettings = RetryPolicy & RetrySettings;

/** The retry schedule of every Chat2Desk call; tests compress it with `chat2DeskRetries.configure()`. */
export const chat2DeskRetries = retrySchedule<Chat2DeskRetrySettings>({
	...DEFAULT_RETRY_POLICY,
	wait: sleep,
});

export interface Chat2DeskRequestOptions {
	itemIndex?: number;
	/** Overrides of the retry schedule for this call. */
	retry?: Partial<Chat2DeskRetrySettings>;
	/** Whether repeating the request can never create a duplicate. Default: every method but POST. */
	idempotent?: boolean;
	/**
	 * For a non-idempotent call that failed with a 5xx/network error: checks whether the request was
	 * accepted after all. A result ends the call with that result; undefined allows a retry.
	 */
	recover?: () => Promise<IDataObject | undefined>;
}

export interface Chat2DeskEnvelope {
	data: unknown;
	meta?: ApiMeta;
}

/** The base URL chosen in the credential (`apiHost`, or `customUrl` for on-premise and the sandbox). */
export async function getChat2DeskBaseUrl(this: Chat2DeskContext): Promise<string> {
	const credentials = await this.getCredentials(CHAT2DESK_CREDENTIAL);
	return resolveBaseUrl(credentials.apiHost, credentials.customUrl);
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/**
 * Calls the Chat2Desk API and returns the unwrapped envelope (`data` + `meta`). The only place that
 * sends HTTP for Chat2Desk: authentication (raw token in `Authorization`), base URL, envelope
 * unwrapping, error mapping and retries live here.
 */
export async function chat2DeskApiRequestEnvelope(
	this: Chat2DeskContext,
	method: IHttpRequestMethods,
	endpoint: string,
	{ body, qs }: { body?: IDataObject | IDataObject[]; qs?: IDataObject } = {},
	options: Chat2DeskRequestOptions = {},
): Promise<Chat2DeskEnvelope> {
	const settings: Chat2DeskRetrySettings = { ...chat2DeskRetries.current(), ...options.retry };
	const idempotent = options.idempotent ?? method !== 'POST';
	const baseURL = await getChat2DeskBaseUrl.call(this);
	const request: IHttpRequestOptions = {
		method,
		baseURL,
		url: endpoint,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (qs && Object.keys(qs).length > 0) request.qs = qs;
	if (body !== undefined && (Array.isArray(body) || Object.keys(body).length > 0))
		request.body = body;

	for (let retriesDone = 0; ; retriesDone++) {
		let statusCode: number | undefined;
		let responseBody: unknown;
		let headers: IDataObject | undefined;
		let networkError: Error | undefined;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CHAT2DESK_CREDENTIAL,
				{ ...request },
			)) as { statusCode: number; body: unknown; headers: IDataObject };
			statusCode = response.statusCode;
			responseBody = response.body;
			headers = response.headers;
		} catch (error) {
			networkError = error as Error;
		}
		// Only transport failures are retried; configuration errors (e.g. no credential) surface at once.
		if (networkError && !(networkError instanceof NodeApiError)) {
			throw new NodeOperationError(this.getNode(), networkError, { itemIndex: options.itemIndex });
		}

		const outcome = networkError ? undefined : classifyResponse(statusCode as number, responseBody);
		if (outcome?.kind === 'ok') return { data: outcome.data, meta: outcome.meta };

		const decision = decideRetry({
			kind: outcome?.kind ?? 'networkError',
			retriesDone,
			idempotent,
			canRecover: options.recover !== undefined,
			retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after'), Date.now()),
			policy: settings,
		});
		if (decision.action === 'fail') {
			throw toApiError.call(
				this,
				method,
				endpoint,
				statusCode,
				responseBody,
				outcome,
				decision.reason,
				options.itemIndex,
				networkError,
			);
		}
		this.logger.debug(
			`Chat2Desk ${method} ${endpoint}: ${outcome?.kind ?? 'network error'}, retrying in ${decision.delayMs} ms`,
		);
		await settings.wait(decision.delayMs);
		if (decision.action === 'recover' && options.recover) {
			const recovered = await options.recover();
			if (recovered !== undefined) return { data: recovered };
		}
	}
}

/** Calls the Chat2Desk API and returns the envelope's `data` (or the bare array some endpoints send). */
export async function chat2DeskApiRequest(
	this: Chat2DeskContext,
	method: IHttpRequestMethods,
	endpoint: string,
	request: { body?: IDataObject | IDataObject[]; qs?: IDataObject } = {},
	options: Chat2DeskRequestOptions = {},
): Promise<unknown> {
	const { data } = await chat2DeskApiRequestEnvelope.call(this, method, endpoint, request, options);
	return data;
}

function rowsOf(data: unknown): IDataObject[] {
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/**
 * GET a list endpoint page by page with `limit`/`offset` (pages of up to 200). Stops at `limit`
 * (undefined = everything), at a short page, or when `meta.total` is reached.
 */
export async function chat2DeskApiRequestAllItems(
	this: Chat2DeskContext,
	endpoint: string,
	qs: IDataObject = {},
	limit?: number,
	options: Chat2DeskRequestOptions = {},
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const guard = new PageGuard();
	let offset = Number(qs.offset ?? 0) || 0;
	for (;;) {
		const pageSize =
			limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - results.length);
		if (pageSize <= 0) break;
		const { data, meta } = await chat2DeskApiRequestEnvelope.call(
			this,
			'GET',
			endpoint,
			{ qs: { ...qs, limit: pageSize, offset } },
			options,
		);
		const rows = rowsOf(data);
		// A server that ignores `offset` (no meta.total) would answer the first page for ever.
		if (guard.repeats(rows)) break;
		results.push(...rows);
		offset += rows.length;
		const effectivePageSize = Math.min(pageSize, Number(meta?.limit) || pageSize);
		if (rows.length === 0 || rows.length < effectivePageSize) break;
		if (meta?.total !== undefined && offset >= Number(meta.total)) break;
		if (!guard.check(rows).next) break;
	}
	return limit === undefined ? results : results.slice(0, limit);
}

/**
 * `GET /v1/messages` with `start_id` keyset paging (Chat2Desk ignores `offset` there): ascending order,
 * next `start_id` = highest id + 1 (the filter is inclusive), stop at a short page, at a page that holds
 * `meta.total` rows, or at `limit`.
 */
export async function chat2DeskGetMessagesByStartId(
	this: Chat2DeskContext,
	qs: IDataObject = {},
	limit?: number,
	options: Chat2DeskRequestOptions = {},
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const query: IDataObject = { ...qs, order: 'asc' };
	const guard = new PageGuard();
	delete query.offset;
	let startId =
		query.start_id === undefined || query.start_id === '' ? undefined : Number(query.start_id);
	delete query.start_id;
	for (;;) {
		const pageSize =
			limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, limit - results.length);
		if (pageSize <= 0) break;
		const page: IDataObject = { ...query, limit: pageSize };
		if (startId !== undefined) page.start_id = startId;
		const { data, meta } = await chat2DeskApiRequestEnvelope.call(
			this,
			'GET',
			'/v1/messages',
			{ qs: page },
			options,
		);
		const rows = rowsOf(data);
		if (guard.repeats(rows)) break;
		results.push(...rows);
		const next = nextStartId(rows);
		if (rows.length < pageSize || next === undefined) break;
		// `meta.total` counts the messages from this `start_id` on: a page that holds them all is the last
		// (no empty page to learn it). A total that counts more (the whole history) just does not stop early.
		if (meta?.total !== undefined && rows.length >= Number(meta.total)) break;
		if (startId !== undefined && next <= startId) break;
		if (!guard.check(rows, next).next) break;
		startId = next;
	}
	return limit === undefined ? results : results.slice(0, limit);
}

/** How many recent messages of the client are searched for an external id after a failed send. */
export const SEND_RECOVERY_LOOKBACK = 50;

/**
 * `POST /v1/messages`, never sent twice. A 429 / "Number of API requests exceeded" answer means the
 * message was refused, so it is retried. After a 5xx or network error the message may have been
 * accepted, so the client's latest messages (`GET /v1/messages?client_id=…&order=desc`) are searched
 * first: by the external id when the account echoes it, else by text and attachment since the first
 * attempt (`findSentMessage`). If found, its ids are returned instead of sending again; otherwise the
 * send is retried.
 */
export async function chat2DeskSendMessage(
	this: Chat2DeskContext,
	body: IDataObject,
	options: Chat2DeskRequestOptions = {},
): Promise<IDataObject> {
	const externalId =
		body.external_id === undefined || body.external_id === null || body.external_id === ''
			? undefined
			: String(body.external_id);
	const firstAttemptAt = Date.now();
	const recover =
		body.client_id !== undefined && body.client_id !== null && body.client_id !== ''
			? async () => {
					const rows = rowsOf(
						await chat2DeskApiRequest.call(
							this,
							'GET',
							'/v1/messages',
							{ qs: { client_id: body.client_id, order: 'desc', limit: SEND_RECOVERY_LOOKBACK } },
							{ ...options, recover: undefined },
						),
					);
					const found = findSentMessage(rows, {
						externalId,
						text: body.text,
						attachment: body.attachment,
						sinceMs: firstAttemptAt,
					});
					return found ? sendResultFromMessage(found) : undefined;
				}
			: undefined;
	const data = await chat2DeskApiRequest.call(
		this,
		'POST',
		'/v1/messages',
		{ body },
		{
			...options,
			idempotent: false,
			recover,
		},
	);
	return (data ?? {}) as IDataObject;
}
