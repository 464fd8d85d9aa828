/** zod schemas of Bitrix24 event bodies after bracket re-nesting (every scalar arrives as a string). */
import { z } from 'zod';

/**
 * The elements of a form list. Form encoding turns arrays into objects with numeric keys when sparse,
 * so both give their values; an absent or empty list is empty, and a scalar stays for zod to refuse.
 */
export function listElements(value: unknown): unknown {
	if (value === undefined || value === null || value === '') return [];
	// A list gives its values as they are, in order.
	if (typeof value === 'object') return Object.values(value as Record<string, unknown>);
	return value;
}

export const listOf = <T extends z.ZodTypeAny>(item: T) => z.preprocess(listElements, z.array(item));

export const idString = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim());
export const positiveInt = z.coerce.number().int().positive();
export const optionalInt = z
	.union([z.string(), z.number()])
	.optional()
	.transform((value) => {
		// An absent value reads as NaN below; an empty one would read as 0.
		if (value === '') return null;
		const n = Number(value);
		return Number.isFinite(n) ? n : null;
	});

export const authSchema = z
	.object({
		access_token: z.string().optional(),
		refresh_token: z.string().optional(),
		expires_in: z.union([z.string(), z.number()]).optional(),
		scope: z.string().optional(),
		domain: z.string().optional(),
		server_endpoint: z.string().optional(),
		client_endpoint: z.string().optional(),
		member_id: z.string().optional(),
		user_id: z.union([z.string(), z.number()]).optional(),
		status: z.string().optional(),
		application_token: z.string().optional(),
	})
	.passthrough();

export const envelope = z
	.object({
		event: z
			.string()
			.min(1)
			.transform((value) => value.toUpperCase()),
		event_handler_id: z.union([z.string(), z.number()]).optional(),
		ts: z.union([z.string(), z.number()]).optional(),
		auth: authSchema.optional(),
		data: z.unknown(),
	})
	.passthrough();

export const fileSchema = z
	.object({
		name: z.string().optional(),
		type: z.string().optional(),
		link: z.string().optional(),
		url: z.string().optional(),
		size: z.union([z.string(), z.number()]).optional(),
	})
	.passthrough();

export const messageElement = z
	.object({
		im: z.object({ chat_id: positiveInt, message_id: positiveInt }).passthrough(),
		message: z
			.object({
				id: z.union([idString, listOf(idString)]).optional(),
				user_id: z.union([z.string(), z.number()]).optional(),
				text: z.string().optional(),
				files: listOf(fileSchema).optional(),
			})
			.passthrough()
			.default({}),
		chat: z.object({ id: idString }).passthrough(),
	})
	.passthrough();

export const messagesData = z
	.object({
		CONNECTOR: z.string().min(1),
		LINE: idString,
		MESSAGES: listOf(messageElement).refine((list) => list.length > 0, 'MESSAGES is empty'),
	})
	.passthrough();

export const statusDeleteData = z.preprocess(
	(value) => {
		if (typeof value !== 'object' || value === null) return value;
		const record = value as Record<string, unknown>;
		return { connector: record.connector ?? record.CONNECTOR, line: record.line ?? record.LINE };
	},
	z.object({ connector: z.string().min(1), line: idString }),
);

export const lineDeleteData = z
	.union([z.string().min(1), z.number()])
	.transform((value) => String(value));

export const dialogElement = z
	.object({
		connector: z
			.object({
				connector_id: z.string().optional(),
				line_id: z.union([z.string(), z.number()]).optional(),
				chat_id: z.union([z.string(), z.number()]).optional(),
				user_id: z.union([z.string(), z.number()]).optional(),
			})
			.passthrough()
			.default({}),
		session: z
			.object({
				id: positiveInt,
				closed: z.string().optional(),
				parent_id: z.union([z.string(), z.number()]).optional(),
				close_term: z.union([z.string(), z.number()]).optional(),
			})
			.passthrough(),
		chat: z
			.object({ id: z.union([z.string(), z.number()]).optional() })
			.passthrough()
			.default({}),
		user: z
			.object({ id: z.union([z.string(), z.number()]).optional() })
			.passthrough()
			.default({}),
	})
	.passthrough();

export const dialogData = z
	.object({
		CONNECTOR: z.string().min(1),
		LINE: idString,
		DATA: listOf(dialogElement).refine((list) => list.length > 0, 'DATA is empty'),
	})
	.passthrough();

export const installSchema = z
	.object({
		event: z.string().transform((value) => value.toUpperCase()),
		auth: authSchema.extend({
			access_token: z.string().min(1),
			application_token: z.string().min(1),
		}),
		data: z.unknown().optional(),
		ts: z.union([z.string(), z.number()]).optional(),
	})
	.passthrough();
