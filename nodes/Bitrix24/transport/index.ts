/**
 * The only place that talks HTTP to Bitrix24. Both credentials go through
 * `httpRequestWithAuthentication`; n8n signs OAuth2 calls with `Authorization: Bearer` and refreshes the
 * token on Bitrix24's 401 `expired_token`.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	failureFromBody,
	isRetryable,
	logicalFailure,
	outcomeUnknown,
	rejectedBeforeProcessing,
	repeatsSafely,
} from '../domain/apiErrors';
import {
	type BatchCommand,
	type BatchCommandResult,
	buildBatchBody,
	chunkBatchCommands,
	parseBatchResult,
} from '../domain/batch';
import { PageGuard } from '../../shared/pageGuard';
import { backoffDelay, retrySchedule, type RetrySettings } from '../../shared/retry';
import { portalRestBase } from '../domain/urls';
import { asRecord, bitrix24Error, failureFromError, passThrough } from './errors';

export { bitrix24Error, failureFromError } from './errors';

export type Bitrix24Context =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;
export type Bitrix24CredentialType = 'bitrix24OAuth2Api' | 'bitrix24Api';

/** The retry schedule of every Bitrix24 call; tests compress it with `bitrix24Retries.configure()`. */
export const bitrix24Retries = retrySchedule<RetrySettings>({
	maxRetries: 5,
	baseDelayMs: 1000,
	maxDelayMs: 20000,
	random: () => Math.random(),
	wait: sleep,
});

export interface Bitrix24RequestOptions {
	credentialType?: Bitrix24CredentialType;
	itemIndex?: number;
	/** Return `{result:false}` / `SUCCESS:false` replies instead of throwing. */
	allowLogicalFailure?: boolean;
	/** Called when the portal refused the call for its rate limit, before it is tried again. */
	onRateLimited?: () => void;
}

export interface Bitrix24Envelope {
	result: unknown;
	total?: number;
	next?: number;
	time?: IDataObject;
	[key: string]: unknown;
}

async function send(
	this: Bitrix24Context,
	credentialType: Bitrix24CredentialType,
	method: string,
	params: IDataObject,
): Promise<unknown> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		// The incoming-webhook credential's `authenticate` sets `baseURL` to the secret webhook URL.
		url: method,
		body: params,
		json: true,
	};
	if (credentialType === 'bitrix24OAuth2Api') {
		const credentials = await this.getCredentials('bitrix24OAuth2Api');
		request.url = `${portalRestBase(credentials.portalUrl)}${method}`;
	}
	return await this.helpers.httpRequestWithAuthentication.call(this, credentialType, request);
}

/** Call a REST method and return the whole reply (`result`, `total`, `next`, `time`). */
export async function bitrix24ApiRequestEnvelope(
	this: Bitrix24Context,
	method: string,
	params: IDataObject = {},
	options: Bitrix24RequestOptions = {},
): Promise<Bitrix24Envelope> {
	const credentialType = options.credentialType ?? 'bitrix24OAuth2Api';
	const settings = bitrix24Retries.current();
	const repeatable = repeatsSafely(method, params);
	for (let attempt = 0; ; attempt++) {
		let body: unknown;
		try {
			body = await send.call(this, credentialType, method, params);
		} catch (error) {
			const failure = failureFromError(error);
			const mayRepeat = repeatable || rejectedBeforeProcessing(failure);
			if (mayRepeat && isRetryable(failure) && attempt < settings.maxRetries) {
				if (rejectedBeforeProcessing(failure)) options.onRateLimited?.();
				await settings.wait(backoffDelay(attempt, settings, settings.random()));
				continue;
			}
			if (!repeatable && outcomeUnknown(failure)) {
				throw outcomeUnknownError.call(this, method, failure, options.itemIndex);
			}
			if (!failure.status && !failure.code) throw passThrough.call(this, error, options.itemIndex);
			throw bitrix24Error.call(this, failure, options.itemIndex);
		}
		const envelope = asRecord(body);
		const failure = failureFromBody(envelope, 200);
		if (failure || !envelope) {
			throw bitrix24Error.call(
				this,
				failure ?? {
					status: 200,
					code: '',
					description: 'Bitrix24 returned an unexpected reply',
				},
				options.itemIndex,
			);
		}
		if (!options.allowLogicalFailure) {
			const logical = logicalFailure(envelope.result);
			if (logical) throw bitrix24Error.call(this, logical, options.itemIndex);
		}
		return envelope as Bitrix24Envelope;
	}
}

/**
 * A call that must not be repeated blindly got no clear answer: it may have been carried out. The error
 * says so, and `context.outcomeUnknown` lets the operation look the result up instead of guessing.
 */
function outcomeUnknownError(
	this: Bitrix24Context,
	method: string,
	failure: { status: number; code: string; description: string },
	itemIndex?: number,
) {
	const error = bitrix24Error.call(
		this,
		{
			...failure,
			description: `${failure.description || 'no answer'} — Bitrix24 may have carried out ${method} anyway, so it was not repeated`,
		},
		itemIndex,
	);
	error.context.outcomeUnknown = true;
	return error;
}

/** Whether an error from this transport means "the call may have been carried out". */
export function isOutcomeUnknown(error: unknown): boolean {
	return (error as { context?: { outcomeUnknown?: unknown } })?.context?.outcomeUnknown === true;
}

/** Call a REST method and return its `result`. */
export async function bitrix24ApiRequest(
	this: Bitrix24Context,
	method: string,
	params: IDataObject = {},
	options: Bitrix24RequestOptions = {},
): Promise<unknown> {
	const envelope = await bitrix24ApiRequestEnvelope.call(this, method, params, options);
	return envelope.result;
}

export interface AllItemsOptions extends Bitrix24RequestOptions {
	/** Stop after this many records (undefined = all). */
	limit?: number;
	/**
	 * Page with `start=-1` and `>ID` (no counting; much faster on big tables). Requires results ordered by
	 * ID ascending, which this mode enforces.
	 */
	keyset?: boolean;
	/** Where the records are in `result` (`items` for `crm.item.list`); default: `result` itself. */
	resultKey?: string;
}

const PAGE_SIZE = 50;

function pageItems(result: unknown, resultKey?: string): IDataObject[] {
	const value = resultKey ? asRecord(result)?.[resultKey] : result;
	if (Array.isArray(value)) return value as IDataObject[];
	if (asRecord(value)) return Object.values(value as Record<string, IDataObject>);
	return [];
}

/** Read a `*.list` method page by page (`start`/`next`, or keyset by ID), stopping at `limit`. */
export async function bitrix24ApiRequestAllItems(
	this: Bitrix24Context,
	method: string,
	params: IDataObject = {},
	options: AllItemsOptions = {},
): Promise<IDataObject[]> {
	const limit = options.limit;
	const collected: IDataObject[] = [];
	const filter = { ...(asRecord(params.filter) ?? {}) } as IDataObject;
	let start: number | undefined = 0;
	let lastId: number | undefined;
	const guard = new PageGuard();
	while (limit === undefined || collected.length < limit) {
		const page: IDataObject = { ...params };
		if (options.keyset) {
			page.order = { ID: 'ASC' };
			page.start = -1;
			page.filter = lastId === undefined ? filter : { ...filter, '>ID': lastId };
		} else {
			page.start = start;
		}
		const envelope = await bitrix24ApiRequestEnvelope.call(this, method, page, options);
		const items = pageItems(envelope.result, options.resultKey);
		if (guard.repeats(items)) break;
		for (const item of items) {
			if (limit !== undefined && collected.length >= limit) break;
			collected.push(item);
		}
		if (options.keyset) {
			if (items.length < PAGE_SIZE) break;
			const ids = items.map((item) => Number(item.ID ?? item.id)).filter(Number.isFinite);
			const maxId = ids.length > 0 ? Math.max(...ids) : undefined;
			if (maxId === undefined || (lastId !== undefined && maxId <= lastId)) break;
			lastId = maxId;
		} else {
			if (envelope.next === undefined || envelope.next === null) break;
			// `next` must move forward; a server repeating it (or a page) would loop for ever.
			if (!Number.isFinite(Number(envelope.next)) || Number(envelope.next) <= (start ?? 0)) break;
			start = Number(envelope.next);
		}
		if (!guard.check(items, options.keyset ? lastId : start).next) break;
	}
	return collected;
}

export interface BatchOptions extends Bitrix24RequestOptions {
	/** Stop at the first failing command (also skips later chunks). */
	halt?: boolean;
	chunkSize?: number;
}

/** Run commands through `batch` (≤ 50 per call); returns one result per command, in order. */
export async function bitrix24Batch(
	this: Bitrix24Context,
	commands: BatchCommand[],
	options: BatchOptions = {},
): Promise<BatchCommandResult[]> {
	const chunks = chunkBatchCommands(commands, options.chunkSize);
	const results: BatchCommandResult[] = [];
	for (const chunk of chunks) {
		const body = buildBatchBody(chunk, options.halt === true);
		const result = await bitrix24ApiRequest.call(
			this,
			'batch',
			body as unknown as IDataObject,
			options,
		);
		const parsed = parseBatchResult(chunk, result);
		results.push(...parsed);
		if (options.halt && parsed.some((entry) => !entry.ok)) {
			const done = new Set(results.map((entry) => entry.key));
			for (const command of commands) {
				if (!done.has(command.key)) {
					results.push({
						key: command.key,
						ok: false,
						error: {
							code: 'BATCH_NOT_EXECUTED',
							description: 'Skipped after an earlier command failed',
						},
					});
				}
			}
			break;
		}
	}
	return results;
}

/**
 * Call a method on `portalUrl` with an access token that is NOT the credential's — the token Bitrix24
 * enclosed in an install event. Deliberately a plain `httpRequest` in a function that reads no
 * credentials: the caller passes the (non-secret) portal URL it took from the credential.
 */
export async function bitrix24CallWithToken(
	this: IWebhookFunctions,
	portalUrl: string,
	accessToken: string,
	method: string,
	params: IDataObject = {},
	options: { retry?: boolean } = {},
): Promise<unknown> {
	const settings = bitrix24Retries.current();
	// Verifying a token an outsider sent must cost one call, never a retry series.
	const maxRetries = options.retry === false ? 0 : settings.maxRetries;
	for (let attempt = 0; ; attempt++) {
		let body: unknown;
		try {
			body = await this.helpers.httpRequest({
				method: 'POST',
				url: `${portalRestBase(portalUrl)}${method}`,
				headers: { Authorization: `Bearer ${accessToken}` },
				body: params,
				json: true,
			});
		} catch (error) {
			const failure = failureFromError(error);
			if (isRetryable(failure) && attempt < maxRetries) {
				await settings.wait(backoffDelay(attempt, settings, settings.random()));
				continue;
			}
			if (!failure.status && !failure.code) throw passThrough.call(this, error);
			throw bitrix24Error.call(this, failure);
		}
		const failure = failureFromBody(body, 200) ?? logicalFailure(asRecord(body)?.result);
		if (failure) throw bitrix24Error.call(this, failure);
		return asRecord(body)?.result;
	}
}
