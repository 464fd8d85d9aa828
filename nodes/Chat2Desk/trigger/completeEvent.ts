import type { IDataObject } from 'n8n-workflow';

import type { NormalisedEvent } from '../domain/events';
import { chat2DeskApiRequest, type Chat2DeskContext } from '../transport';

/**
 * Events about a request or a dialog should name the client and the request, but nothing public promises
 * that every payload does (`add_tag_to_request` and `dialog_transferred` have been seen both ways). A run
 * that acts on "the client's messages" or "the request's messages" with an id missing would widen its
 * query to the whole company or call `/requests/null/...`. So the trigger completes such events from
 * Chat2Desk itself before a run starts: request → its client; dialog → its last request and client.
 */
const NEEDS_CLIENT_AND_REQUEST = new Set([
	'add_tag_to_request',
	'delete_tag_from_request',
	'dialog_transferred',
	'close_dialog',
	'new_request',
	'close_request',
]);

export type Completion =
	| { ok: true; event: NormalisedEvent; lookedUp: string[] }
	| { ok: false; reason: string };

function id(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : null;
}

function isNotFound(error: unknown): boolean {
	const status = Number(
		(error as { httpCode?: unknown })?.httpCode ??
			(error as { cause?: { status?: unknown } })?.cause?.status,
	);
	return status === 404;
}

/** Which references a normalised event lacks (empty when nothing needs completing). */
export function missingReferences(event: NormalisedEvent): Array<'client' | 'request'> {
	if (!NEEDS_CLIENT_AND_REQUEST.has(event.event)) return [];
	const missing: Array<'client' | 'request'> = [];
	if (event.clientId === null) missing.push('client');
	if (event.requestId === null) missing.push('request');
	return missing;
}

/**
 * Fills `clientId`, `requestId` (and `dialogId`/`channelId` when known) from the API. A reference that
 * does not exist (404) or an event that names neither a request nor a dialog cannot be completed: the
 * caller answers without a run and says why. Other API errors are thrown, so the delivery is answered
 * with an error and Chat2Desk retries it later.
 */
export async function completeEvent(
	this: Chat2DeskContext,
	event: NormalisedEvent,
): Promise<Completion> {
	if (missingReferences(event).length === 0) return { ok: true, event, lookedUp: [] };
	const completed: NormalisedEvent = { ...event };
	const lookedUp: string[] = [];
	let failure: unknown;
	try {
		if (completed.requestId === null && completed.dialogId !== null) {
			const dialog = (await chat2DeskApiRequest.call(
				this,
				'GET',
				`/v1/dialogs/${completed.dialogId}`,
			)) as IDataObject;
			lookedUp.push(`dialog ${completed.dialogId}`);
			const last = (dialog?.last_message ?? {}) as IDataObject;
			completed.requestId = id(dialog?.last_request_id) ?? id(last.request_id);
			completed.clientId ??= id(last.client_id);
			completed.channelId ??= id(last.channel_id);
		}
		if (completed.requestId !== null && completed.clientId === null) {
			const request = (await chat2DeskApiRequest.call(
				this,
				'GET',
				`/v1/requests/${completed.requestId}`,
			)) as IDataObject;
			lookedUp.push(`request ${completed.requestId}`);
			completed.clientId = id(request?.client_id);
			completed.dialogId ??= id(request?.dialog_id);
			completed.channelId ??= id(request?.channel_id);
		}
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		if (isNotFound(failure)) {
			return { ok: false, reason: 'the dialog or request it names does not exist' };
		}
		throw failure;
	}
	const stillMissing = missingReferences(completed);
	if (stillMissing.length > 0) {
		return {
			ok: false,
			reason: `the event names no ${stillMissing.join(' or ')} and none could be looked up`,
		};
	}
	return { ok: true, event: completed, lookedUp };
}
