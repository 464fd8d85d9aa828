import type { IDataObject } from 'n8n-workflow';

import { parseChat2DeskDate } from '../../shared/chat2deskMessage';

export { parseChat2DeskDate };

/** Chat2Desk pages are at most 200 rows. */
export const MAX_PAGE_SIZE = 200;

function toNumberOrNull(value: unknown): number | null {
	// `Number` reads null and '' as 0; undefined already gives NaN.
	if (value === null || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

function pick(row: IDataObject, ...keys: string[]): unknown {
	for (const key of keys) {
		if (row[key] !== undefined && row[key] !== null && row[key] !== '') return row[key];
	}
	return undefined;
}

/**
 * One row of `GET /v1/requests/{id}/messages` in a stable shape. The endpoint answers camelCase
 * (`clientID`, `dialogID`, Unix `created`) on current versions and snake_case on older ones.
 */
export function normaliseRequestMessage(row: IDataObject): IDataObject {
	const created = row.created;
	return {
		...row,
		id: toNumberOrNull(row.id),
		text: (row.text as string | null | undefined) ?? null,
		type: (row.type as string | null | undefined) ?? null,
		transport: (row.transport as string | null | undefined) ?? null,
		clientId: toNumberOrNull(pick(row, 'clientID', 'clientId', 'client_id')),
		operatorId: toNumberOrNull(pick(row, 'operatorID', 'operatorId', 'operator_id')),
		channelId: toNumberOrNull(pick(row, 'channelID', 'channelId', 'channel_id')),
		dialogId: toNumberOrNull(pick(row, 'dialogID', 'dialogId', 'dialog_id')),
		requestId: toNumberOrNull(pick(row, 'requestID', 'requestId', 'request_id')),
		companyId: toNumberOrNull(pick(row, 'companyID', 'companyId', 'company_id')),
		created: parseChat2DeskDate(created),
		createdRaw: created ?? null,
	};
}

/** Sorts request messages by `created`, then `id` (the endpoint's order is not documented). */
export function sortMessages(rows: IDataObject[]): IDataObject[] {
	return [...rows].sort((a, b) => {
		const ta = a.created ? Date.parse(String(a.created)) : 0;
		const tb = b.created ? Date.parse(String(b.created)) : 0;
		if (ta !== tb) return ta - tb;
		return Number(a.id ?? 0) - Number(b.id ?? 0);
	});
}

/**
 * Next `start_id` for `GET /v1/messages` keyset paging: `start_id` is inclusive (id ≥ start_id), so the
 * next page starts at the highest id seen + 1. Undefined when the page has no numeric id.
 */
export function nextStartId(rows: IDataObject[]): number | undefined {
	let max: number | undefined;
	for (const row of rows) {
		const id = Number(row.id);
		if (Number.isFinite(id) && (max === undefined || id > max)) max = id;
	}
	return max === undefined ? undefined : max + 1;
}

/** The external id a message object carries (top level or in `extra_data`), as a string. */
export function messageExternalId(row: IDataObject): string | undefined {
	// A text or number in `extra_data` has no `external_id` property: reading it gives undefined.
	const extra = (row.extra_data ?? {}) as IDataObject;
	const value = row.external_id ?? extra.external_id;
	return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** The first message with this external id, if any. */
export function findMessageByExternalId(
	rows: IDataObject[],
	externalId: string,
): IDataObject | undefined {
	return rows.find((row) => messageExternalId(row) === externalId);
}

/** How far back (before the first attempt) a message may be dated and still count as "this send". */
export const RECOVERY_CLOCK_SKEW_MS = 5_000;

/**
 * The message a send that got no clear answer created, if Chat2Desk has it. By external id when the
 * account echoes external ids on messages; when none of the client's recent messages carries one (the
 * reference cannot say that Chat2Desk echoes them), by what was sent: an outgoing message with the same
 * text and attachment, created since the first attempt (less a little clock skew). The content match can
 * be fooled only by the same text sent to the same client within those seconds by someone else.
 */
export function findSentMessage(
	rows: IDataObject[],
	sent: { externalId?: string; text?: unknown; attachment?: unknown; sinceMs: number },
): IDataObject | undefined {
	if (sent.externalId !== undefined) {
		const byId = findMessageByExternalId(rows, sent.externalId);
		if (byId) return byId;
		if (rows.some((row) => messageExternalId(row) !== undefined)) return undefined;
	}
	const text = typeof sent.text === 'string' ? sent.text.trim() : '';
	const attachment = typeof sent.attachment === 'string' ? sent.attachment : '';
	if (text === '' && attachment === '') return undefined;
	return rows.find((row) => {
		const type = String(row.type ?? '');
		if (type !== '' && type !== 'to_client' && type !== 'out') return false;
		// 'null' (no date) parses as NaN.
		const created = Date.parse(String(parseChat2DeskDate(row.created)));
		if (!Number.isFinite(created) || created < sent.sinceMs - RECOVERY_CLOCK_SKEW_MS) return false;
		const rowText = typeof row.text === 'string' ? row.text.trim() : '';
		if (rowText !== text) return false;
		if (attachment === '') return true;
		const files = row.attachments;
		return (
			(Array.isArray(files) &&
				files.some((file: IDataObject | null) => String(file?.link ?? '') === attachment)) ||
			row.photo === attachment
		);
	});
}

/**
 * The fields `POST /v1/messages` answers with, rebuilt from a message object found by its external id
 * (used when a send timed out but had been accepted).
 */
export function sendResultFromMessage(row: IDataObject): IDataObject {
	return {
		message_id: toNumberOrNull(row.id),
		channel_id: toNumberOrNull(row.channel_id),
		operator_id: toNumberOrNull(row.operator_id),
		transport: row.transport ?? null,
		type: row.type ?? null,
		client_id: toNumberOrNull(row.client_id),
		dialog_id: toNumberOrNull(row.dialog_id),
		request_id: toNumberOrNull(row.request_id),
		external_id: messageExternalId(row) ?? null,
		recoveredAfterError: true,
	};
}

/** `dd-mm-yyyy` (the form seen for `start_date`/`finish_date` of `GET /v1/messages`). */
export function toDayMonthYear(value: unknown): string | undefined {
	const iso = toIsoDate(value);
	if (!iso) return undefined;
	const [year, month, day] = iso.split('-');
	return `${day}-${month}-${year}`;
}

/**
 * `yyyy-mm-dd` from a date, ISO date-time or `yyyy-mm-dd` string (a leading calendar date is kept as
 * written, without time-zone shifting); undefined when empty/invalid.
 */
export function toIsoDate(value: unknown): string | undefined {
	const leading = typeof value === 'string' ? /^\s*(\d{4}-\d{2}-\d{2})/.exec(value) : null;
	if (leading) return leading[1];
	// '', 'null' and 'undefined' parse as NaN.
	const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
	if (!Number.isFinite(ms)) return undefined;
	return new Date(ms).toISOString().slice(0, 10);
}
