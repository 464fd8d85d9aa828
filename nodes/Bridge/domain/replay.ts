import type { IDataObject } from 'n8n-workflow';

import {
	nextStartId as chat2DeskNextStartId,
	parseChat2DeskDate,
} from '../../Chat2Desk/domain/messages';
import { compareIds, idKey, normaliseId, normaliseIdList, type Id } from './ids';

/**
 * "Send past messages to the Open Line after a tag is assigned": pick the client's messages that never
 * reached the line from `GET /v1/messages` pages, put them in order once, and cut them into calls of
 * `imconnector.send.messages`. Pure; the caller fetches and sends.
 */

export type RequestScope = 'all' | 'currentRequest' | 'otherRequests';

export class ReplayError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReplayError';
	}
}

/**
 * Messages per `imconnector.send.messages` call. Bitrix24 documents no per-call limit but processes
 * the messages of one call one after another (downloading every file) within a 60 s request timeout,
 * and a provider error fails the whole call. 10 keeps a call short and a failure small, while a backlog
 * of 200 messages still needs only 20 calls (10 s at the 2 requests/s cloud rate).
 */
export const DEFAULT_MESSAGES_PER_CALL = 10;
/** Files per call: each one is downloaded by Bitrix24 inside the same 60 s request. */
export const DEFAULT_FILES_PER_CALL = 5;
/** Upper bound for the batch size option (the Bitrix24 `batch` command limit). */
export const MAX_MESSAGES_PER_CALL = 50;

/** Message types that were written by the client (`GET /v1/messages` and request-messages spelling). */
export const CLIENT_MESSAGE_TYPES = ['from_client', 'in'];

export interface ReplayOptions {
	/** Ids already delivered to the Open Line (numbers or strings). */
	alreadySent?: Iterable<unknown>;
	/** Only messages of this client (rows of other clients are dropped). */
	clientId?: unknown;
	requestScope?: RequestScope;
	/** Needed for `currentRequest` / `otherRequests`. */
	currentRequestId?: unknown;
	/** Types to replay; default: client messages. */
	types?: string[];
}

function pick(row: IDataObject, keys: string[]): unknown {
	for (const key of keys) {
		if (row[key] !== undefined && row[key] !== null && row[key] !== '') return row[key];
	}
	return undefined;
}

/** `created` as epoch milliseconds (`2026-07-17T10:45:31 UTC`, `2020-12-01 10:00:00`, ISO, Unix s). */
export function createdMs(row: IDataObject): number | undefined {
	const iso = parseChat2DeskDate(row.created);
	return iso === null ? undefined : Date.parse(iso);
}

/** Orders by `created`, then id; rows without a date go after dated ones. */
export function compareMessages(a: IDataObject, b: IDataObject): number {
	const ta = createdMs(a) ?? Number.POSITIVE_INFINITY;
	const tb = createdMs(b) ?? Number.POSITIVE_INFINITY;
	if (ta !== tb) return ta < tb ? -1 : 1;
	const ia = normaliseId(a.id);
	const ib = normaliseId(b.id);
	if (ia === undefined || ib === undefined) return ia === ib ? 0 : ia === undefined ? 1 : -1;
	return compareIds(ia, ib);
}

/** Flattens pages (or one list) and keeps the first row of every id; rows without an id are dropped. */
export function dedupeById(pages: IDataObject[] | IDataObject[][]): IDataObject[] {
	const rows = (pages as unknown[]).flatMap((entry) => (Array.isArray(entry) ? entry : [entry]));
	const seen = new Set<string>();
	const result: IDataObject[] = [];
	for (const row of rows as IDataObject[]) {
		const key = row && typeof row === 'object' ? idKey(row.id) : undefined;
		if (key === undefined || seen.has(key)) continue;
		seen.add(key);
		result.push(row);
	}
	return result;
}

/**
 * The client's messages still to replay, in order (created, id), each once. `pages` are raw rows from
 * one or more pages of `GET /v1/messages` (or `GET /v1/requests/{id}/messages`).
 */
export function selectUnsentMessages(
	pages: IDataObject[] | IDataObject[][],
	options: ReplayOptions = {},
): IDataObject[] {
	const scope = options.requestScope ?? 'all';
	const currentRequest = idKey(options.currentRequestId);
	if (scope !== 'all' && currentRequest === undefined) {
		throw new ReplayError(`Request scope "${scope}" needs the current request ID`);
	}
	const sent = new Set(
		normaliseIdList(Array.from(options.alreadySent ?? [])).map((id) => String(id)),
	);
	const types = new Set(options.types ?? CLIENT_MESSAGE_TYPES);
	const client = idKey(options.clientId);

	return dedupeById(pages)
		.filter((row) => {
			if (sent.has(String(normaliseId(row.id)))) return false;
			if (!types.has(String(row.type ?? ''))) return false;
			if (client !== undefined) {
				const rowClient = idKey(pick(row, ['client_id', 'clientID', 'clientId']));
				if (rowClient !== undefined && rowClient !== client) return false;
			}
			if (scope === 'all') return true;
			const rowRequest = idKey(pick(row, ['request_id', 'requestID', 'requestId']));
			return scope === 'currentRequest'
				? rowRequest === currentRequest
				: rowRequest !== currentRequest;
		})
		.sort(compareMessages);
}

function fileCount(row: IDataObject): number {
	const attachments = Array.isArray(row.attachments) ? row.attachments.length : 0;
	const single = ['photo', 'video', 'audio', 'pdf'].filter(
		(key) => typeof row[key] === 'string' && row[key] !== '',
	).length;
	return Math.max(attachments, single);
}

export interface ChunkOptions {
	/** Messages per call, 1–50; default 10. */
	maxPerCall?: number;
	/** Files per call; a message with more files travels alone. Default 5. */
	maxFilesPerCall?: number;
}

/** Cuts ordered messages into calls, keeping order; a call never exceeds either limit (see above). */
export function chunkMessages<T extends IDataObject>(
	messages: T[],
	options: ChunkOptions = {},
): T[][] {
	const perCall = Math.min(
		MAX_MESSAGES_PER_CALL,
		Math.max(1, Math.floor(options.maxPerCall ?? DEFAULT_MESSAGES_PER_CALL)),
	);
	const filesPerCall = Math.max(1, Math.floor(options.maxFilesPerCall ?? DEFAULT_FILES_PER_CALL));
	const chunks: T[][] = [];
	let current: T[] = [];
	let files = 0;
	for (const message of messages) {
		const count = fileCount(message);
		if (current.length > 0 && (current.length >= perCall || files + count > filesPerCall)) {
			chunks.push(current);
			current = [];
			files = 0;
		}
		current.push(message);
		files += count;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}

/** `start_id` of the next `GET /v1/messages` page: the page's last (highest) id + 1 (inclusive filter). */
export function nextStartId(page: IDataObject[]): number | undefined {
	return chat2DeskNextStartId(page);
}

/** Whether another page may exist: a full page came back. */
export function hasMorePages(page: unknown[], limit: number): boolean {
	return page.length > 0 && page.length >= limit;
}

/** Ids of messages, for recording what was sent. */
export function messageIds(messages: IDataObject[]): Id[] {
	return normaliseIdList(messages.map((message) => message.id));
}
