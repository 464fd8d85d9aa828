/**
 * Build the `MESSAGES[]` elements of `imconnector.send.messages` / `update.messages` /
 * `delete.messages` / `send.status.*`, and pair their per-message results back. Pure module.
 */
import { sanitizeConnectorName } from './messageText';

export class MessageInputError extends Error {}

export interface OutgoingMessageInput {
	userId: string;
	userName?: string;
	userLastName?: string;
	userPhone?: string;
	userEmail?: string;
	userPictureUrl?: string;
	userProfileUrl?: string;
	skipPhoneValidation?: boolean;
	messageId?: string;
	/** Unix seconds, ISO text or Date. */
	messageDate?: number | string | Date;
	text?: string;
	files?: Array<{ url: string; name?: string }>;
	disableCrm?: boolean;
	/** Bitrix24 employee id: post on behalf of this manager. */
	postAsUserId?: number | string;
	chatId: string;
	chatName?: string;
	chatUrl?: string;
}

function clean(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** Unix seconds from a number (seconds or milliseconds), ISO text or Date; undefined if unparsable. */
export function toUnixSeconds(value: number | string | Date | undefined): number | undefined {
	// '' needs no check of its own: it is neither a number nor a date.
	if (value === undefined) return undefined;
	if (value instanceof Date) {
		const ms = value.getTime();
		return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
	}
	const numeric =
		typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
	if (Number.isFinite(numeric)) return Math.floor(numeric > 1e11 ? numeric / 1000 : numeric);
	const parsed = Date.parse(String(value));
	return Number.isNaN(parsed) ? undefined : Math.floor(parsed / 1000);
}

/** One element of `MESSAGES` for `imconnector.send.messages` / `update.messages`. */
export function buildConnectorMessage(input: OutgoingMessageInput): Record<string, unknown> {
	const userId = clean(input.userId);
	const chatId = clean(input.chatId);
	if (!userId) throw new MessageInputError('User ID is required');
	if (!chatId) throw new MessageInputError('Chat ID is required');
	const files =
		input.files
			?.map((file) => ({ url: clean(file.url), name: clean(file.name) }))
			.filter((file) => file.url !== undefined)
			.map((file) => (file.name ? { url: file.url, name: file.name } : { url: file.url })) ?? [];
	const text = input.text ?? '';
	if (text.trim() === '' && files.length === 0) {
		throw new MessageInputError('A message needs a text or at least one file');
	}

	const user: Record<string, unknown> = { id: userId };
	const name = sanitizeConnectorName(input.userName);
	const lastName = sanitizeConnectorName(input.userLastName);
	if (name) user.name = name;
	if (lastName) user.last_name = lastName;
	if (clean(input.userPhone)) user.phone = clean(input.userPhone);
	if (clean(input.userEmail)) user.email = clean(input.userEmail);
	if (clean(input.userPictureUrl)) user.picture = { url: clean(input.userPictureUrl) };
	if (clean(input.userProfileUrl)) user.url = clean(input.userProfileUrl);
	if (input.skipPhoneValidation) user.skip_phone_validate = 'Y';

	const message: Record<string, unknown> = {};
	if (clean(input.messageId)) message.id = clean(input.messageId);
	const date = toUnixSeconds(input.messageDate);
	if (date !== undefined) message.date = date;
	if (text.trim() !== '') message.text = text;
	if (files.length > 0) message.files = files;
	if (input.disableCrm) message.disable_crm = 'Y';
	if (clean(input.postAsUserId)) message.user_id = Number(clean(input.postAsUserId));

	const chat: Record<string, unknown> = { id: chatId };
	if (clean(input.chatName)) chat.name = clean(input.chatName);
	if (clean(input.chatUrl)) chat.url = clean(input.chatUrl);

	return { user, message, chat };
}

/** One element of `MESSAGES` for `imconnector.delete.messages`. */
export function buildDeleteMessage(input: { userId: string; messageId: string; chatId: string }) {
	const userId = clean(input.userId);
	const messageId = clean(input.messageId);
	const chatId = clean(input.chatId);
	if (!userId || !messageId || !chatId) {
		throw new MessageInputError('User ID, message ID and chat ID are required to delete a message');
	}
	return { user: { id: userId }, message: { id: messageId }, chat: { id: chatId } };
}

/** `"a, b"` / `["a","b"]` / `"a"` → `["a","b"]`. */
export function toIdList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value))
		return value.map((v) => clean(v)).filter((v): v is string => v !== undefined);
	return String(value)
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** One element of `MESSAGES` for `send.status.delivery` / `send.status.reading`. */
export function buildStatusMessage(input: {
	imChatId: number | string;
	imMessageId: number | string;
	externalMessageIds: unknown;
	externalChatId: string;
	date?: number | string | Date;
}): Record<string, unknown> {
	const chatId = Number(input.imChatId);
	const messageId = Number(input.imMessageId);
	if (!Number.isInteger(chatId) || chatId <= 0 || !Number.isInteger(messageId) || messageId <= 0) {
		throw new MessageInputError('Bitrix24 chat ID and message ID must be positive integers');
	}
	const ids = toIdList(input.externalMessageIds);
	const externalChatId = clean(input.externalChatId);
	if (ids.length === 0) throw new MessageInputError('At least one external message ID is required');
	if (!externalChatId) throw new MessageInputError('External chat ID is required');
	const message: Record<string, unknown> = { id: ids };
	const date = toUnixSeconds(input.date);
	if (date !== undefined) message.date = date;
	return { im: { chat_id: chatId, message_id: messageId }, message, chat: { id: externalChatId } };
}

/** Split into consecutive chunks of `size` (order preserved). */
export function chunk<T>(list: T[], size: number): T[][] {
	const step = Math.max(1, Math.floor(size));
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += step) out.push(list.slice(i, i + step));
	return out;
}

/** `result.DATA.RESULT` of a message method, tolerant of missing parts. */
export function messageResults(result: unknown): unknown[] {
	const data = (result as { DATA?: { RESULT?: unknown } } | undefined)?.DATA;
	const list = data?.RESULT;
	// An array or an object keyed by index: Object.values reads both in order.
	if (typeof list === 'object' && list !== null) return Object.values(list);
	return [];
}

/** Flat, friendly view of one per-message result (session ids as numbers). */
export function summariseMessageResult(entry: unknown): Record<string, unknown> {
	const record = (entry ?? {}) as Record<string, unknown>;
	const session = (record.session ?? {}) as Record<string, unknown>;
	const message = (record.message ?? {}) as Record<string, unknown>;
	const chat = (record.chat ?? {}) as Record<string, unknown>;
	const num = (value: unknown) => {
		const n = Number(value);
		// null and '' would read as 0 (undefined reads as NaN).
		return value !== null && value !== '' && Number.isFinite(n) ? n : null;
	};
	return {
		success: record.SUCCESS !== false,
		externalMessageId: message.id ?? null,
		externalChatId: chat.id ?? null,
		bitrixUserId: num(record.user),
		sessionId: num(session.ID),
		chatId: num(session.CHAT_ID),
		errors: record.ERRORS ?? [],
	};
}
