/**
 * The one shape of a Chat2Desk message for code that formats it (the Open Lines send, the bridge
 * templates). A message reaches the nodes as a Chat2Desk Trigger item, a `GET /v1/messages` row (or a
 * raw webhook body) or a `GET /v1/requests/{id}/messages` row (camelCase ids on current API versions).
 * Those item shapes are the nodes' public output and stay as they are; `readChat2DeskMessage` turns any
 * of them into `Chat2DeskMessage` where they enter, so nothing downstream guesses keys. Pure.
 */
import type { IDataObject } from 'n8n-workflow';

import { idKey } from './ids';

export type Chat2DeskShape = 'trigger' | 'apiMessage' | 'requestMessage';

export interface Chat2DeskMessage {
	/** The item shape it was read from. */
	shape: Chat2DeskShape;
	/** The trigger event (trigger items only), for skip reasons. */
	event?: string;
	/** Ids as strings (`idKey`), whatever spelling they came in. */
	messageId?: string;
	clientId?: string;
	/** `from_client`/`to_client`/… (`in`/`out` in request messages). */
	type?: string;
	text: string;
	/** When it was written, in any Chat2Desk date spelling (see `parseChat2DeskDate`). */
	created: unknown;
	/** The API object, where files may sit in several fields. */
	source: IDataObject;
	attachments: unknown;
	client?: IDataObject;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first of `keys` with a value (null and '' count as none). */
function first(row: IDataObject, keys: string[]): unknown {
	for (const key of keys) {
		if (row[key] !== undefined && row[key] !== null && row[key] !== '') return row[key];
	}
	return undefined;
}

/** Which Chat2Desk shape an item has; undefined when it is none of them. */
export function detectChat2DeskShape(json: IDataObject): Chat2DeskShape | undefined {
	if (typeof json.event === 'string' && (isObject(json.raw) || 'messageType' in json)) {
		return 'trigger';
	}
	if (
		['clientId', 'clientID'].some((key) => key in json) ||
		['in', 'out'].includes(String(json.type))
	) {
		return 'requestMessage';
	}
	if ('client_id' in json || 'message_id' in json) return 'apiMessage';
	return undefined;
}

function fromTriggerItem(json: IDataObject): Chat2DeskMessage {
	const raw = isObject(json.raw) ? json.raw : {};
	const type =
		first(json, ['messageType']) ??
		first(raw, ['type']) ??
		(json.event === 'inbox' ? 'from_client' : undefined);
	return {
		shape: 'trigger',
		messageId: idKey(json.messageId ?? raw.message_id),
		clientId: idKey(json.clientId ?? raw.client_id),
		type: type === undefined ? undefined : String(type),
		event: String(json.event),
		text: String(json.text ?? raw.text ?? ''),
		created: first(raw, ['created', 'event_time']) ?? json.eventTime,
		source: raw,
		attachments: json.attachments ?? raw.attachments,
		client: isObject(json.client) ? json.client : isObject(raw.client) ? raw.client : undefined,
	};
}

function fromMessageRow(json: IDataObject, shape: 'apiMessage' | 'requestMessage'): Chat2DeskMessage {
	const clientKeys =
		shape === 'requestMessage' ? ['clientId', 'clientID', 'client_id'] : ['client_id', 'clientId'];
	return {
		shape,
		messageId: idKey(first(json, ['id', 'message_id'])),
		clientId: idKey(first(json, clientKeys)),
		type: json.type === undefined || json.type === null ? undefined : String(json.type),
		text: String(json.text ?? ''),
		created: first(json, ['created', 'createdRaw', 'event_time']),
		source: json,
		attachments: json.attachments,
		client: isObject(json.client) ? json.client : undefined,
	};
}

/** The message an item carries, in the one shape; undefined when the item is no Chat2Desk message. */
export function readChat2DeskMessage(json: IDataObject): Chat2DeskMessage | undefined {
	const shape = detectChat2DeskShape(json);
	if (shape === undefined) return undefined;
	return shape === 'trigger' ? fromTriggerItem(json) : fromMessageRow(json, shape);
}

/**
 * Chat2Desk date-times as ISO-8601 UTC: Unix seconds (request messages), `2026-07-17T10:45:31 UTC`,
 * `2020-12-01 10:00:00` (UTC) or ISO with `Z`. Returns null for anything unparseable.
 */
export function parseChat2DeskDate(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (
		typeof value === 'number' ||
		(typeof value === 'string' && /^\d{9,11}(\.\d+)?$/.test(value.trim()))
	) {
		const seconds = Number(value);
		return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)).toISOString() : null;
	}
	if (typeof value !== 'string') return null;
	let text = value.trim().replace(/\s*UTC$/i, '');
	text = text.replace(' ', 'T');
	if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) text += 'Z';
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
