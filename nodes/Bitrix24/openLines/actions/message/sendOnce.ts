import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemFailure } from '../../../domain/apiErrors';
import { messageResults } from '../../../domain/connectorMessages';
import {
	bitrix24ApiRequest,
	type Bitrix24RequestOptions,
	isOutcomeUnknown,
} from '../../../transport';

export interface ConnectorMessage {
	user?: IDataObject;
	message?: IDataObject & { id?: string; text?: string };
	chat?: IDataObject & { id?: string };
	[key: string]: unknown;
}

export interface SendParams {
	CONNECTOR: string;
	LINE: string;
	MESSAGES: ConnectorMessage[];
}

/**
 * `imconnector.send.messages` without ever posting a message twice.
 *
 * The transport does not repeat this call after a 5xx or a timeout, because Bitrix24 may have stored the
 * messages and still answered 504. When that happens, this function looks the messages up instead of
 * guessing: `imconnector.update.messages` finds a message by its external id in the chat (the
 * `CONNECTOR_MID` Bitrix24 keeps for it) and fails the items it does not have. Updating with the same
 * text changes nothing visible for a stored message; the ones that are missing are sent once more. If
 * the look-up itself gets no clear answer, or a message has no external id to look up, the original error
 * is thrown: the run fails and the event is delivered again later, when the look-up can be repeated.
 *
 * The result has the shape of a `send.messages` result (`DATA.RESULT[i]` mirrors `MESSAGES[i]`); items
 * found by the look-up carry `recovered: true`.
 */
export async function sendConnectorMessagesOnce(
	this: IExecuteFunctions,
	params: SendParams,
	options: Bitrix24RequestOptions = {},
): Promise<unknown> {
	const send = async (messages: ConnectorMessage[], allowLogicalFailure: boolean) =>
		await bitrix24ApiRequest.call(
			this,
			'imconnector.send.messages',
			{ ...params, MESSAGES: messages } as unknown as IDataObject,
			{ ...options, allowLogicalFailure: options.allowLogicalFailure || allowLogicalFailure },
		);
	const first = await settle(async () => await send(params.MESSAGES, false));
	if ('value' in first) return first.value;
	if (!isOutcomeUnknown(first.error)) throw first.error;
	return await recoverUnclearSend.call(this, params, first.error, options);
}

/**
 * After a send (alone or as a command of a `batch`) got no clear answer: look the messages up, send the
 * missing ones once more, repeat while the answers stay unclear. Resolves with a `send.messages`-shaped
 * result or throws `unclear` (see `sendConnectorMessagesOnce`).
 */
export async function recoverUnclearSend(
	this: IExecuteFunctions,
	params: SendParams,
	unclearError: unknown,
	options: Bitrix24RequestOptions = {},
): Promise<unknown> {
	const send = async (messages: ConnectorMessage[]) =>
		await bitrix24ApiRequest.call(
			this,
			'imconnector.send.messages',
			{ ...params, MESSAGES: messages } as unknown as IDataObject,
			{ ...options, allowLogicalFailure: true },
		);
	if (params.MESSAGES.some((entry) => !entry.message?.id || !entry.chat?.id)) throw unclearError;
	let unclear = unclearError;

	// Per message: its result once known. Look up, send what is missing, and repeat while answers stay unclear.
	const results: unknown[] = new Array(params.MESSAGES.length).fill(undefined);
	let pending = params.MESSAGES.map((_, index) => index);
	for (let round = 0; round < MAX_LOOKUP_ROUNDS && pending.length > 0; round++) {
		this.logger.warn(
			`Bitrix24 gave no clear answer to imconnector.send.messages (${(unclear as Error).message}); looking up which of ${pending.length} messages it stored`,
		);
		const lookup = await settle(
			async () => await storedMessages.call(this, params, pending, options),
		);
		if ('error' in lookup) throw unclear;
		const stored = lookup.value;
		for (const [position, index] of pending.entries()) {
			if (!stored[position]) continue;
			const entry = params.MESSAGES[index];
			results[index] = {
				SUCCESS: true,
				recovered: true,
				message: { id: entry.message?.id },
				chat: { id: entry.chat?.id },
			};
		}
		pending = pending.filter((_, position) => !stored[position]);
		if (pending.length === 0) break;
		const retry = await settle(
			async () => await send(pending.map((index) => params.MESSAGES[index])),
		);
		if ('error' in retry) {
			if (!isOutcomeUnknown(retry.error)) throw retry.error;
			unclear = retry.error;
			continue;
		}
		const sent = messageResults(retry.value);
		pending.forEach((index, position) => {
			results[index] = sent[position] ?? {
				SUCCESS: false,
				ERRORS: ['Bitrix24 did not answer for this message'],
			};
		});
		pending = [];
	}
	if (pending.length > 0) throw unclear;
	this.logger.info(
		`Bitrix24 had stored ${results.filter((entry) => (entry as { recovered?: boolean })?.recovered).length} of ${results.length} messages; the rest were sent once`,
	);
	return { SUCCESS: results.every((entry) => !itemFailure(entry)), DATA: { RESULT: results } };
}

/** A call's value or its error, so that errors can be inspected and passed on outside a catch. */
async function settle<T>(call: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
	try {
		return { value: await call() };
	} catch (error) {
		return { error };
	}
}

/** Look-up rounds before giving up; each look-up is itself retried by the transport. */
const MAX_LOOKUP_ROUNDS = 3;

/**
 * Per listed message: whether the portal has it (by external message id in its chat). Portals answer an
 * update of an unknown message either per item (`SUCCESS: false`) or, in newer versions, with a 400 for
 * the whole call; after such a 400 each message is looked up on its own.
 */
async function storedMessages(
	this: IExecuteFunctions,
	params: SendParams,
	indices: number[],
	options: Bitrix24RequestOptions,
): Promise<boolean[]> {
	const messages = indices.map((index) => params.MESSAGES[index]);
	const lookup = async (list: ConnectorMessage[]) =>
		await settle(
			async () =>
				await bitrix24ApiRequest.call(
					this,
					'imconnector.update.messages',
					{
						CONNECTOR: params.CONNECTOR,
						LINE: params.LINE,
						MESSAGES: list.map((entry) => ({
							user: entry.user,
							message: entry.message,
							chat: entry.chat,
						})),
					} as unknown as IDataObject,
					{ ...options, allowLogicalFailure: true },
				),
		);
	const answer = await lookup(messages);
	if ('value' in answer) {
		const results = messageResults(answer.value);
		if (results.length !== messages.length) {
			throw new NodeOperationError(
				this.getNode(),
				'The look-up answered for a different number of messages',
			);
		}
		return results.map((entry) => !itemFailure(entry));
	}
	if (!refusedAsUnknown(answer.error)) throw answer.error;
	if (messages.length === 1) return [false];
	const each: boolean[] = [];
	for (const message of messages) {
		const single = await lookup([message]);
		if ('value' in single) each.push(!itemFailure(messageResults(single.value)[0]));
		else if (refusedAsUnknown(single.error)) each.push(false);
		else throw single.error;
	}
	return each;
}

/** A 4xx answer to the look-up: the portal refused to update, i.e. it does not have the message. */
function refusedAsUnknown(error: unknown): boolean {
	if (isOutcomeUnknown(error)) return false;
	const status = Number((error as { httpCode?: unknown })?.httpCode);
	return status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429;
}
