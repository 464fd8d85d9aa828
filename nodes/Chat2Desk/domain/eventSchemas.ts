import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/**
 * Chat2Desk webhook bodies: a flat JSON object with `hook_type` (the event name) and `event_time`.
 * The schemas are deliberately tolerant — unknown keys pass through, and only fields that several
 * sources agree on are required — because a 4xx answer makes Chat2Desk retry and, after 5 hours,
 * disable the webhook.
 */

export const CHAT2DESK_EVENTS = [
	'inbox',
	'outbox',
	'outbox_status',
	'new_client',
	'new_request',
	'client_updated',
	'add_tag_to_client',
	'delete_tag_from_client',
	'add_tag_to_request',
	'delete_tag_from_request',
	'dialog_transferred',
	'close_dialog',
	'close_request',
	'comment',
	'imported_message',
	'client_added_to_blacklist',
] as const;

export type Chat2DeskEvent = (typeof CHAT2DESK_EVENTS)[number];

/** A numeric id; numeric strings are accepted and converted. */
const id = z.preprocess(
	(value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
	z.number({ required_error: 'Required', invalid_type_error: 'Expected a numeric ID' }).int(),
);
const optionalId = id.nullable().optional();
const optionalText = z.string().nullable().optional();
const optionalFlag = z.union([z.boolean(), z.number(), z.string()]).nullable().optional();

const attachment = z.object({ name: optionalText, link: optionalText }).passthrough();

const client = z
	.object({
		id: optionalId,
		phone: optionalText,
		client_phone: optionalText,
		name: optionalText,
		assigned_name: optionalText,
		external_id: z.union([z.string(), z.number()]).nullable().optional(),
	})
	.passthrough();

const base = z
	.object({
		hook_type: z.string().min(1),
		event_time: optionalText,
	})
	.passthrough();

const refs = {
	client_id: optionalId,
	channel_id: optionalId,
	dialog_id: optionalId,
	request_id: optionalId,
	operator_id: optionalId,
};

const messageEvent = base.extend({
	...refs,
	message_id: id,
	type: optionalText,
	text: optionalText,
	transport: optionalText,
	attachments: z.array(attachment).nullable().optional(),
	client: client.nullable().optional(),
	is_new_request: optionalFlag,
	is_new_client: optionalFlag,
	external_id: z.union([z.string(), z.number()]).nullable().optional(),
	extra_data: z
		.union([z.record(z.unknown()), z.array(z.unknown())])
		.nullable()
		.optional(),
});

const outboxStatusEvent = base.extend({
	...refs,
	message_id: optionalId,
	data: z
		.object({ ...refs, message_id: optionalId, text: optionalText, transport: optionalText })
		.passthrough()
		.nullable()
		.optional(),
});

const clientEvent = base.extend({
	id,
	phone: optionalText,
	client_phone: optionalText,
	name: optionalText,
	assigned_name: optionalText,
	channels: z
		.array(z.object({ id: optionalId }).passthrough())
		.nullable()
		.optional(),
});

/** Tag events: the top-level `id` is the tag id. */
const clientTagEvent = base.extend({ ...refs, id, client_id: id });
const requestTagEvent = base.extend({ ...refs, id });

const requestEvent = base.extend({
	...refs,
	request_id: id,
	transport: optionalText,
	type: optionalText,
	by_client: optionalFlag,
});

const referenceEvent = base.extend({ ...refs });

const SCHEMAS: Record<Chat2DeskEvent, z.ZodTypeAny> = {
	inbox: messageEvent,
	outbox: messageEvent,
	imported_message: messageEvent,
	comment: messageEvent,
	outbox_status: outboxStatusEvent,
	new_client: clientEvent,
	client_updated: clientEvent,
	client_added_to_blacklist: clientEvent,
	add_tag_to_client: clientTagEvent,
	delete_tag_from_client: clientTagEvent,
	add_tag_to_request: requestTagEvent,
	delete_tag_from_request: requestTagEvent,
	new_request: requestEvent,
	close_request: requestEvent,
	close_dialog: referenceEvent,
	dialog_transferred: referenceEvent,
};

export type ParseResult =
	| { ok: true; event: string; body: IDataObject }
	| { ok: false; error: string };

function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
		.join('; ');
}

/** Deepest nesting a webhook body may have; Chat2Desk's own bodies are three levels deep. */
export const MAX_BODY_DEPTH = 32;

/**
 * Nesting depth of a JSON value, counted without recursion and stopping past `limit`: a body nested
 * thousands of levels deep would pass a loose schema and then overflow the stack of the next node.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (typeof current !== 'object' || current === null) continue;
		if (depth >= limit) return true;
		// Texts, numbers and nulls are pushed too: the check above skips them when they come up.
		for (const child of Object.values(current as Record<string, unknown>)) {
			stack.push([child, depth + 1]);
		}
	}
	return false;
}

/** Validates a webhook body; unknown `hook_type`s only need the base shape. */
export function parseChat2DeskEvent(body: unknown): ParseResult {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, error: 'body: expected a JSON object' };
	}
	if (jsonDepthExceeds(body, MAX_BODY_DEPTH)) {
		return { ok: false, error: `body: nested deeper than ${MAX_BODY_DEPTH} levels` };
	}
	const head = base.safeParse(body);
	if (!head.success) return { ok: false, error: describeIssues(head.error) };
	const event = head.data.hook_type;
	// Own properties only: `constructor`, `__proto__` or `toString` must not reach Object.prototype.
	const schema: z.ZodTypeAny = Object.prototype.hasOwnProperty.call(SCHEMAS, event)
		? (SCHEMAS as Record<string, z.ZodTypeAny>)[event]
		: base;
	const parsed = schema.safeParse(body);
	if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
	return { ok: true, event, body: parsed.data as IDataObject };
}
