import type { IDataObject } from 'n8n-workflow';

import {
	type Chat2DeskShape,
	parseChat2DeskDate,
	readChat2DeskMessage,
} from '../../shared/chat2deskMessage';
import {
	neutraliseBbCodes,
	signGroupMessage,
	splitGroupSender,
	truncateText,
} from '../../shared/domain/messageFormat';
import { clientNames, collectFiles, realPhone, type OpenLineFile } from './openLineFields';

export type { OpenLineFile } from './openLineFields';

/** Message types that were written by the client (`GET /v1/messages` and request-messages spelling). */
export const CLIENT_MESSAGE_TYPES = ['from_client', 'in'];

/**
 * A Chat2Desk client message → the fields of one `imconnector.send.messages` element. Accepts every
 * item shape `readChat2DeskMessage` reads. Chat id = user id = Chat2Desk client id, so inbound
 * messages and operator "write first" messages land in the same Open Line chat. Pure.
 */

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
	// A missing phone reads as "undefined", which neither rule takes for a group.
	const phone = String(client.phone).trim();
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

/** Builds the Open Line message for one Chat2Desk item, or says why it is skipped. */
export function toOpenLineMessage(json: IDataObject, options: ToOpenLineOptions): ToOpenLineResult {
	const view = readChat2DeskMessage(json);
	if (!view) {
		throw new OpenLineMessageError(
			'The item is not a Chat2Desk message (expected a Chat2Desk Trigger item, a message from GET /v1/messages or a request message)',
		);
	}
	const shape = view.shape;
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
