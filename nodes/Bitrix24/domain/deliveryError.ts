import type { IDataObject } from 'n8n-workflow';

import { idKey, stableHash } from '../../shared/ids';
import { fillTemplate, truncateText } from '../../shared/domain/messageFormat';
import type { OpenLineMessage } from './openLineMessage';

/**
 * "Send a delivery-error message to the Open Line": read why Chat2Desk could not deliver an operator
 * message — from an `outbox_status` webhook (fields under `data`, none of them documented) or from a
 * failed Chat2Desk send (an n8n error item: `error`, `description`, `httpCode`) — and build the notice
 * for `imconnector.send.messages`. Pure.
 */

export const DEFAULT_NOTICE_TEXT = 'Message was not delivered to the client: {reason}';
export const UNKNOWN_REASON = 'reason unknown';

/** `outbox_status` values that mean the message did arrive. */
const SUCCESS_STATUSES = ['delivered', 'read', 'sent', 'success', 'ok', 'seen'];

export class DeliveryNoticeError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'DeliveryNoticeError';
	}
}

export interface DeliveryErrorDetails {
	source: 'outboxStatus' | 'failedSend' | 'none';
	clientId?: string;
	reason?: string;
	status?: string;
	/** Chat2Desk message id of the undelivered message (outbox_status only). */
	messageId?: string;
	/** External id of the failed send, when the item still carries it. */
	externalId?: string;
	/** The undelivered text, when the item still carries it. */
	text?: string;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A readable reason from a string, number, error-like object or list of them; '' when none. */
export function describeReason(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (Number.isFinite(value)) return String(value);
	if (Array.isArray(value)) return value.map(describeReason).filter(Boolean).join('; ');
	if (isObject(value)) {
		for (const key of ['message', 'text', 'description', 'error', 'reason']) {
			const text = describeReason(value[key]);
			if (text !== '') return text;
		}
	}
	return '';
}

function firstReason(...values: unknown[]): string | undefined {
	for (const value of values) {
		const text = describeReason(value);
		if (text !== '') return text;
	}
	return undefined;
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** What an input item says about a delivery error. */
export function readDeliveryError(json: IDataObject): DeliveryErrorDetails {
	const raw = isObject(json.raw) ? json.raw : json;
	const outgoing = isObject(json.chat2deskMessage) ? json.chat2deskMessage : {};
	if (json.event === 'outbox_status' || raw.hook_type === 'outbox_status') {
		const data = isObject(raw.data) ? raw.data : {};
		const status = textOf(data.status) ?? textOf(raw.status);
		return {
			source: 'outboxStatus',
			clientId: idKey(json.clientId ?? data.client_id ?? raw.client_id),
			messageId: idKey(json.messageId ?? data.message_id ?? raw.message_id),
			status,
			reason: firstReason(
				data.error,
				data.error_text,
				data.errorText,
				data.reason,
				data.description,
				// The vendor's only example is a sentence in `text` ("Message from operator w…").
				data.text,
				raw.error,
				status,
			),
		};
	}
	if (json.error !== undefined && json.error !== null && json.error !== '') {
		// From an error output the details sit under `details` (n8n routes only error/message/details).
		const details = isObject(json.details) ? json.details : {};
		return {
			source: 'failedSend',
			clientId: idKey(json.clientId ?? outgoing.clientId ?? json.client_id),
			reason: firstReason(json.error, json.description ?? details.description),
			externalId: textOf(outgoing.externalId) ?? textOf(json.externalId),
			text: textOf(outgoing.text) ?? textOf(json.text),
		};
	}
	return { source: 'none', clientId: idKey(json.clientId ?? outgoing.clientId ?? json.client_id) };
}

export interface NoticeInput {
	/** From the node parameter; empty → the client id read from the item. */
	clientId?: unknown;
	/** From the node parameter; empty → the reason read from the item. */
	reason?: unknown;
	noticeText?: string;
}

export type NoticeResult =
	| { skipped: false; message: OpenLineMessage; details: DeliveryErrorDetails }
	| { skipped: true; reason: string; details: DeliveryErrorDetails };

/** The Open Line notice for one item; idempotent message id per undelivered message. */
export function buildDeliveryNotice(json: IDataObject, input: NoticeInput): NoticeResult {
	const details = readDeliveryError(json);
	const given = describeReason(input.reason);
	const reason = given || details.reason;
	// Only an outbox_status carries a status; one that is the only reason and means success is a
	// delivery report, not an error.
	const onlyStatus = details.reason === details.status;
	if (
		given === '' &&
		onlyStatus &&
		SUCCESS_STATUSES.includes(String(details.status).toLowerCase())
	) {
		return { skipped: true, reason: `not a delivery error (status ${details.status})`, details };
	}
	if (details.source === 'none' && !reason) {
		return { skipped: true, reason: 'no delivery error in the item', details };
	}
	const clientId = idKey(input.clientId) ?? details.clientId;
	if (clientId === undefined) {
		throw new DeliveryNoticeError(
			'No Chat2Desk client ID for the delivery-error notice',
			'Map Client ID to the client of the failed message, e.g. {{ $json.clientId }} after the Chat2Desk Trigger or the chat2deskMessage.clientId of the item that was sent.',
		);
	}
	const shownReason = reason || UNKNOWN_REASON;
	const key =
		details.messageId ??
		stableHash([clientId, details.externalId ?? '', details.text ?? '', shownReason].join('\n'));
	const text = fillTemplate(input.noticeText || DEFAULT_NOTICE_TEXT, {
		reason: shownReason,
		text: details.text === undefined ? '' : truncateText(details.text.replace(/\s+/g, ' '), 200),
		messageId: details.messageId ?? '',
		clientId,
	});
	return {
		skipped: false,
		details: { ...details, clientId, reason: shownReason },
		message: {
			chatId: String(clientId),
			userId: String(clientId),
			messageId: `c2d-delivery-error-${key}`,
			text,
			files: [],
			filesJson: '[]',
			isGroupChat: false,
			senderPhone: null,
		},
	};
}
