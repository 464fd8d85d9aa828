/**
 * Open Lines connector events (`ONIMCONNECTOR*`): validation of the re-nested form body and
 * normalisation into one output item per message / dialog. Pure module.
 */
import type { z } from 'zod';

import {
	authSchema,
	dialogData,
	envelope,
	type fileSchema,
	installSchema,
	lineDeleteData,
	listElements,
	messagesData,
	optionalInt,
	statusDeleteData,
} from './eventSchemas';
import { operatorMessagePlainText, stripUrlFragment } from './messageText';

export const CONNECTOR_EVENTS = [
	'ONIMCONNECTORMESSAGEADD',
	'ONIMCONNECTORMESSAGEUPDATE',
	'ONIMCONNECTORMESSAGEDELETE',
	'ONIMCONNECTORLINEDELETE',
	'ONIMCONNECTORSTATUSDELETE',
	'ONIMCONNECTORDIALOGSTART',
	'ONIMCONNECTORDIALOGFINISH',
] as const;
export type ConnectorEvent = (typeof CONNECTOR_EVENTS)[number];

export const INSTALL_EVENTS = ['ONAPPINSTALL', 'ONAPPUPDATE'] as const;

export interface NormalisedFile {
	name: string | null;
	link: string | null;
	type: string | null;
	size: number | null;
}

export type EventItem = Record<string, unknown>;

export type ParseResult =
	| {
			ok: true;
			event: string;
			connector: string | null;
			items: EventItem[];
			auth: z.infer<typeof authSchema>;
	  }
	| { ok: false; reason: string };

function zodReason(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		.join('; ');
}

function normaliseFiles(files: Array<z.infer<typeof fileSchema>> | undefined): NormalisedFile[] {
	return (files ?? []).map((file) => {
		const link = file.link ?? file.url;
		// An absent size reads as NaN below; an empty one would read as 0.
		const size = file.size === '' ? null : Number(file.size);
		return {
			name: file.name ?? null,
			link: link ? stripUrlFragment(link) : null,
			type: file.type ?? null,
			size: Number.isFinite(size) ? size : null,
		};
	});
}

function toIdList(value: string | string[] | undefined): string[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).filter((id) => id !== '');
}

/**
 * The elements of a list as received, for `raw`: `data` has passed validation, so the list is there
 * and reads into the same elements, in the same order, as the validated one.
 */
function originalList(data: unknown, key: string): unknown[] {
	return listElements((data as Record<string, unknown>)[key]) as unknown[];
}

function messageItems(
	event: ConnectorEvent,
	data: z.infer<typeof messagesData>,
	original: unknown[],
): EventItem[] {
	return data.MESSAGES.map((element, index) => {
		const text = element.message.text ?? '';
		const { operatorName, textPlain } = operatorMessagePlainText(text);
		// An absent user id reads as NaN, so as null below.
		const userId = Number(element.message.user_id);
		return {
			event,
			connector: data.CONNECTOR,
			line: data.LINE,
			chatId: element.im.chat_id,
			messageId: element.im.message_id,
			externalChatId: element.chat.id,
			externalMessageIds: toIdList(element.message.id),
			text,
			textPlain,
			operatorName: operatorName ?? null,
			files: normaliseFiles(element.message.files),
			userId: Number.isFinite(userId) ? userId : null,
			raw: original[index] ?? element,
		};
	});
}

function dialogItems(
	event: ConnectorEvent,
	data: z.infer<typeof dialogData>,
	original: unknown[],
): EventItem[] {
	return data.DATA.map((element, index) => ({
		event,
		connector: data.CONNECTOR,
		line: data.LINE,
		sessionId: element.session.id,
		closed: element.session.closed === 'Y',
		parentSessionId: optionalInt.parse(element.session.parent_id),
		closeTerm: optionalInt.parse(element.session.close_term),
		externalChatId:
			element.connector.chat_id !== undefined
				? String(element.connector.chat_id)
				: element.chat.id !== undefined
					? String(element.chat.id)
					: null,
		externalUserId:
			element.connector.user_id !== undefined
				? String(element.connector.user_id)
				: element.user.id !== undefined
					? String(element.user.id)
					: null,
		raw: original[index] ?? element,
	}));
}

/** Validate a re-nested connector event body and turn it into output items. */
export function parseConnectorEvent(body: unknown): ParseResult {
	const head = envelope.safeParse(body);
	if (!head.success) return { ok: false, reason: zodReason(head.error) };
	const { event, data } = head.data;
	const auth = head.data.auth ?? {};
	const base = { event, auth };
	switch (event as ConnectorEvent) {
		case 'ONIMCONNECTORMESSAGEADD':
		case 'ONIMCONNECTORMESSAGEUPDATE':
		case 'ONIMCONNECTORMESSAGEDELETE': {
			const parsed = messagesData.safeParse(data);
			if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
			return {
				ok: true,
				...base,
				connector: parsed.data.CONNECTOR,
				items: messageItems(event as ConnectorEvent, parsed.data, originalList(data, 'MESSAGES')),
			};
		}
		case 'ONIMCONNECTORSTATUSDELETE': {
			const parsed = statusDeleteData.safeParse(data);
			if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
			return {
				ok: true,
				...base,
				connector: parsed.data.connector,
				items: [{ event, connector: parsed.data.connector, line: parsed.data.line }],
			};
		}
		case 'ONIMCONNECTORLINEDELETE': {
			const parsed = lineDeleteData.safeParse(data);
			if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
			return { ok: true, ...base, connector: null, items: [{ event, line: parsed.data }] };
		}
		case 'ONIMCONNECTORDIALOGSTART':
		case 'ONIMCONNECTORDIALOGFINISH': {
			const parsed = dialogData.safeParse(data);
			if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
			return {
				ok: true,
				...base,
				connector: parsed.data.CONNECTOR,
				items: dialogItems(event as ConnectorEvent, parsed.data, originalList(data, 'DATA')),
			};
		}
		default:
			return { ok: false, reason: `Unsupported event "${event}"` };
	}
}

export type InstallEvent = z.infer<typeof installSchema>;

/** Validate an `ONAPPINSTALL` / `ONAPPUPDATE` body (must carry an access token and application token). */
export function parseInstallEvent(
	body: unknown,
): { ok: true; value: InstallEvent } | { ok: false; reason: string } {
	const parsed = installSchema.safeParse(body);
	if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
	if (!(INSTALL_EVENTS as readonly string[]).includes(parsed.data.event)) {
		return { ok: false, reason: `Unsupported event "${parsed.data.event}"` };
	}
	return { ok: true, value: parsed.data };
}
