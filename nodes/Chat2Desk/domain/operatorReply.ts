import type { IDataObject } from 'n8n-workflow';

import { stableHash } from '../../shared/ids';
import {
	fillTemplate,
	truncateText,
	signOperatorName,
	stripOperatorSignature,
} from '../../shared/domain/messageFormat';
import { bbCodeToPlain } from './bbCode';

/**
 * An Open Lines operator message (Bitrix24 Open Lines Trigger item) → the Chat2Desk messages that
 * carry it. Chat2Desk takes one attachment per message, so a message with files becomes several
 * sends. Chat2Desk's API cannot edit or delete a delivered message: an edit goes out as a corrected
 * message with a prefix, a delete as an internal comment for the Chat2Desk operators. Pure.
 */

export const DEFAULT_NAME_FORMAT = '{name}: {text}';
export const DEFAULT_EDITED_PREFIX = '(edited) ';
export const DEFAULT_DELETED_NOTICE =
	'Operator deleted a message in Bitrix24 (Chat2Desk message ID: {externalId})';

export interface Chat2DeskOutgoing extends IDataObject {
	clientId: number;
	text: string;
	attachment?: string;
	attachmentFilename?: string;
	type: 'to_client' | 'comment';
	externalId: string;
	bitrixChatId: number | string | null;
	bitrixMessageId: number | string | null;
	isEdit: boolean;
	isDelete: boolean;
}

export interface ToChat2DeskOptions {
	/** The seed's "Sign operator name on outgoing messages". */
	signOperatorName: boolean;
	nameFormat?: string;
	editedPrefix?: string;
	deletedNotice?: string;
	/** Longest text of one Chat2Desk message, in characters; default `DEFAULT_MAX_CHAT2DESK_TEXT`. */
	maxTextLength?: number;
}

/** Messengers cap a message at about 4,096 characters (WhatsApp, Telegram). */
export const DEFAULT_MAX_CHAT2DESK_TEXT = 4096;
/**
 * Operator texts are cut to this many characters before their BB codes are read: a longer text could
 * not be sent anyway, and the cap bounds the work of the BB-code patterns on hostile input.
 */
const MAX_OPERATOR_SOURCE = 8192;

export type ToChat2DeskResult =
	| { skipped: false; messages: Chat2DeskOutgoing[] }
	| { skipped: true; reason: string };

export class OperatorReplyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OperatorReplyError';
	}
}

const EVENTS: Record<string, 'add' | 'update' | 'delete'> = {
	ONIMCONNECTORMESSAGEADD: 'add',
	ONIMCONNECTORMESSAGEUPDATE: 'update',
	ONIMCONNECTORMESSAGEDELETE: 'delete',
};

const str = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();

function idOrNull(value: unknown): number | string | null {
	const text = str(value);
	if (text === '') return null;
	return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/** Files with a link, as `{link, name}`; the name falls back to the last path segment. */
function filesOf(value: unknown): Array<{ link: string; name: string }> {
	const list = Array.isArray(value) ? value : [];
	return list.flatMap((file) => {
		if (typeof file !== 'object' || file === null) return [];
		const entry = file as IDataObject;
		const link = str(entry.link ?? entry.url).split('#')[0];
		if (link === '') return [];
		const name = str(entry.name) || link.split('?')[0].split('/').pop() || 'file';
		return [{ link, name }];
	});
}

/** The operator name and the plain text (signature stripped, BB codes converted) of an item. */
function operatorParts(item: IDataObject): { name?: string; plain: string } {
	if (typeof item.text === 'string') {
		const split = stripOperatorSignature(item.text.slice(0, MAX_OPERATOR_SOURCE));
		return { name: split.operatorName, plain: bbCodeToPlain(split.text) };
	}
	return { name: str(item.operatorName) || undefined, plain: str(item.textPlain) };
}

/** Plain text of the operator message, re-signed per the options. */
export function operatorText(item: IDataObject, options: ToChat2DeskOptions): string {
	const { name, plain } = operatorParts(item);
	const signed = signOperatorName(
		plain,
		name,
		options.signOperatorName,
		options.nameFormat || DEFAULT_NAME_FORMAT,
	);
	return truncateText(signed, options.maxTextLength ?? DEFAULT_MAX_CHAT2DESK_TEXT);
}

/** Builds the Chat2Desk messages for one Open Lines trigger item, or says why it is skipped. */
export function toChat2DeskMessages(
	item: IDataObject,
	options: ToChat2DeskOptions,
): ToChat2DeskResult {
	const kind = EVENTS[str(item.event).toUpperCase()];
	if (!kind) {
		const event = str(item.event) || 'no event';
		return { skipped: true, reason: `not an operator message event (${event})` };
	}

	const chat = str(item.externalChatId);
	if (!/^\d{1,15}$/.test(chat)) {
		throw new OperatorReplyError(
			`The external chat ID "${chat}" is not a Chat2Desk client ID (the bridge uses the client ID as the Open Line chat ID)`,
		);
	}
	const bitrixChatId = idOrNull(item.chatId);
	const bitrixMessageId = idOrNull(item.messageId);
	const base = `b24:${bitrixChatId ?? ''}:${bitrixMessageId ?? ''}`;
	const common = {
		clientId: Number(chat),
		bitrixChatId,
		bitrixMessageId,
		isEdit: kind === 'update',
		isDelete: kind === 'delete',
	};

	if (kind === 'delete') {
		const externalIds = Array.isArray(item.externalMessageIds)
			? item.externalMessageIds.map(str).filter((id) => id !== '')
			: [];
		const text = fillTemplate(options.deletedNotice || DEFAULT_DELETED_NOTICE, {
			externalId: externalIds.join(', '),
			messageId: bitrixMessageId,
			chatId: bitrixChatId,
			name: str(item.operatorName),
			text: typeof item.text === 'string' ? operatorText(item, options) : '',
		});
		return {
			skipped: false,
			messages: [{ ...common, text, type: 'comment', externalId: `${base}:delete` }],
		};
	}

	const files = filesOf(item.files);
	if (operatorParts(item).plain.trim() === '' && files.length === 0) {
		return { skipped: true, reason: 'empty message (no text and no file)' };
	}
	let text = operatorText(item, options);
	let prefix = base;
	if (kind === 'update') {
		// The raw edited text (and files) identify this edit, whatever the signing options.
		const edited = [str(item.text ?? item.textPlain), ...files.map((file) => file.link)];
		prefix = `${base}:edit-${stableHash(edited.join('\n'))}`;
		text = `${options.editedPrefix ?? DEFAULT_EDITED_PREFIX}${text}`;
	}
	const count = Math.max(1, files.length);
	const messages: Chat2DeskOutgoing[] = [];
	for (let n = 0; n < count; n++) {
		const message: Chat2DeskOutgoing = {
			...common,
			text: n === 0 ? text : '',
			type: 'to_client',
			externalId: n === 0 ? prefix : `${prefix}:${n}`,
		};
		if (files[n]) {
			message.attachment = files[n].link;
			message.attachmentFilename = files[n].name;
		}
		messages.push(message);
	}
	return { skipped: false, messages };
}
