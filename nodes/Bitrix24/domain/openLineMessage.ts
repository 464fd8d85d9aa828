import type { IDataObject } from 'n8n-workflow';

import { parseChat2DeskDate } from '../../Chat2Desk/domain/messages';
import { idKey } from './ids';
import {
	neutraliseBbCodes,
	signGroupMessage,
	splitGroupSender,
	truncateText,
} from './messageFormat';
import { clientNames, collectFiles, realPhone, type OpenLineFile } from './openLineFields';

export type { OpenLineFile } from './openLineFields';

/** Message types that were written by the client (`GET /v1/messages` and request-messages spelling). */
export const CLIENT_MESSAGE_TYPES = ['from_client', 'in'];

/**
 * A Chat2Desk client message → the fields of one `imconnector.send.messages` element. Accepts the
 * Chat2Desk Trigger item, a `GET /v1/messages` row (or a raw webhook body) and a request-messages row
 * (raw or normalised). Chat id = user id = Chat2Desk client id, so inbound messages and operator
 * "write first" messages land in the same Open Line chat. Pure.
 */

export type Chat2DeskShape = 'trigger' | 'apiMessage' | 'requestMessage';

export interface OpenLineMessage extends IDataObject {
	chatId: string;
	userId: string;
	/** Absent when the item carries no client data (a later send must not overwrite a known name). */
	userName?: string;
	userLastName?: string;
	userPhone?: string;
	messageId?: string;
	date?: number;
	text: string;
	files: OpenLineFile[];
	filesJson: string;
	isGroupChat: boolean;
	senderPhone: string | null;
}

export interface ToOpenLineOptions {
	/** The seed's "Sign phone number to messages in group chats". */
	signGroupSenderPhone: boolean;
	groupSenderPattern?: string;
	includeMessageDate: boolean;
	/** Keep the client's BB codes working (default: made inert, see `neutraliseBbCodes`). */
	allowBbCodes?: boolean;
	/** Longest text sent to the Open Line, in characters; default `DEFAULT_MAX_OPEN_LINE_TEXT`. */
	maxTextLength?: number;
}

/** Open Line texts are cut here unless told otherwise: long enough for any real chat message. */
export const DEFAULT_MAX_OPEN_LINE_TEXT = 10000;

/**
 * Whether the Chat2Desk client is a group chat: WhatsApp group ids end in `@g.us` or, without the
 * suffix, are longer than any phone number (E.164: at most 15 digits); an explicit
 * `is_group` flag wins. Only then does a sender prefix in the text mean anything: a 1:1 client who
 * types "+79001234567: …" must not pass for a member of a group.
 */
export function isGroupClient(client: IDataObject | undefined): boolean {
	if (!client) return false;
	const flag = client.is_group ?? client.isGroup;
	if (typeof flag === 'boolean') return flag;
	const phone = String(client.phone ?? '').trim();
	return /@g\.us$/i.test(phone) || /^\d{16,}$/.test(phone);
}

export type ToOpenLineResult =
	| { skipped: false; message: OpenLineMessage; shape: Chat2DeskShape }
	| { skipped: true; reason: string; shape?: Chat2DeskShape };

export class OpenLineMessageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OpenLineMessageError';
	}
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

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

interface MessageView {
	/** The trigger event, for skip reasons. */
	event?: string;
	messageId?: string;
	clientId?: string;
	type?: string;
	text: string;
	created: unknown;
	source: IDataObject;
	attachments: unknown;
	client?: IDataObject;
}

function viewOf(json: IDataObject, shape: Chat2DeskShape): MessageView {
	if (shape === 'trigger') {
		const raw = isObject(json.raw) ? json.raw : {};
		const type =
			first(json, ['messageType']) ??
			first(raw, ['type']) ??
			(json.event === 'inbox' ? 'from_client' : undefined);
		return {
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
	const clientKeys =
		shape === 'requestMessage' ? ['clientId', 'clientID', 'client_id'] : ['client_id', 'clientId'];
	return {
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

/** Builds the Open Line message for one Chat2Desk item, or says why it is skipped. */
export function toOpenLineMessage(json: IDataObject, options: ToOpenLineOptions): ToOpenLineResult {
	const shape = detectChat2DeskShape(json);
	if (!shape) {
		throw new OpenLineMessageError(
			'The item is not a Chat2Desk message (expected a Chat2Desk Trigger item, a message from GET /v1/messages or a request message)',
		);
	}
	const view = viewOf(json, shape);
	if (!view.type || !CLIENT_MESSAGE_TYPES.includes(view.type)) {
		const what = view.type ? `type ${view.type}` : view.event ? `event ${view.event}` : 'no type';
		return { skipped: true, shape, reason: `not a client message (${what})` };
	}
	if (view.clientId === undefined) {
		throw new OpenLineMessageError('The Chat2Desk message has no client ID');
	}

	const split = isGroupClient(view.client)
		? splitGroupSender(view.text, { pattern: options.groupSenderPattern || undefined })
		: { text: view.text, senderPhone: undefined };
	const isGroupChat = split.senderPhone !== undefined;
	const signed = isGroupChat
		? signGroupMessage(split.text, split.senderPhone, options.signGroupSenderPhone)
		: split.text;
	const capped = truncateText(signed, options.maxTextLength ?? DEFAULT_MAX_OPEN_LINE_TEXT);
	const text = options.allowBbCodes ? capped : neutraliseBbCodes(capped);
	const files = collectFiles(view.source, view.attachments);
	if (text.trim() === '' && files.length === 0) {
		return { skipped: true, shape, reason: 'empty message (no text and no downloadable file)' };
	}

	const userPhone = realPhone(view.client);
	const message: OpenLineMessage = {
		chatId: view.clientId,
		userId: view.clientId,
		...clientNames(view.client, view.clientId, userPhone),
		text,
		files,
		filesJson: JSON.stringify(files),
		isGroupChat,
		senderPhone: split.senderPhone ?? null,
	};
	if (userPhone) message.userPhone = userPhone;
	if (view.messageId !== undefined) message.messageId = view.messageId;
	const iso = options.includeMessageDate ? parseChat2DeskDate(view.created) : null;
	if (iso) message.date = Math.floor(Date.parse(iso) / 1000);
	return { skipped: false, shape, message };
}
