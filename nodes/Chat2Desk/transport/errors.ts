import { NodeApiError, type JsonObject } from 'n8n-workflow';

import type { Classified } from '../domain/envelope';
import type { Chat2DeskContext } from './index';

const FAILURE_HINTS: Record<string, string> = {
	mayHaveBeenAccepted:
		'The request was not repeated because Chat2Desk may already have processed it. Set an External ID on the message to allow safe automatic retries.',
	exhausted: 'Chat2Desk kept failing after several retries. Try again later.',
	retryAfterTooLong: 'Chat2Desk asked to wait longer than this node waits. Try again later.',
};

/** Maps a failed Chat2Desk call to a NodeApiError with Chat2Desk's message, field errors and hints. */
export function toApiError(
	this: Chat2DeskContext,
	method: string,
	endpoint: string,
	statusCode: number | undefined,
	body: unknown,
	outcome: Classified | undefined,
	reason: string | undefined,
	itemIndex: number | undefined,
	cause?: Error,
): NodeApiError {
	const parts: string[] = [];
	let message = outcome?.message ?? cause?.message ?? `Chat2Desk request failed`;
	if (outcome?.kind === 'quotaExceeded') {
		message = `Chat2Desk monthly API limit reached: ${outcome.message ?? ''}`.trim();
		parts.push(
			'The company has used up its monthly API requests; retrying will not help until the limit resets or the plan changes.',
		);
	} else if (outcome?.kind === 'rateLimited') {
		parts.push(
			'Chat2Desk refused the request because too many API requests were made. Slow the workflow down or try again later.',
		);
	}
	if (outcome?.details) parts.push(outcome.details);
	if (statusCode === 401 || statusCode === 403) {
		parts.push(
			'Check the API token in the Chat2Desk API credential (Chat2Desk: Settings → API) and that the API host matches your installation.',
		);
	}
	if (reason && FAILURE_HINTS[reason]) parts.push(FAILURE_HINTS[reason]);
	parts.push(`${method} ${endpoint}`);
	const errorBody: JsonObject =
		body && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { message, body: typeof body === 'string' ? body.slice(0, 500) : null };
	return new NodeApiError(this.getNode(), errorBody, {
		message,
		description: parts.join(' — '),
		httpCode: statusCode !== undefined ? String(statusCode) : undefined,
		itemIndex,
	});
}
