import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { buildBatchBody, parseBatchResult, type BatchCommand } from '../../../domain/batch';
import {
	type CommandOutcome,
	type PlannedCommand,
	SendCombiner,
	type Transmit,
} from '../../../domain/combinedSend';
import {
	bitrix24ApiRequestEnvelope,
	bitrix24Error,
	type Bitrix24RequestOptions,
	isOutcomeUnknown,
} from '../../../transport';
import { type ConnectorMessage, recoverUnclearSend, sendConnectorMessagesOnce } from './sendOnce';

/**
 * One combiner per n8n instance: n8n loads a node's module once, so every run of every workflow that
 * sends through the same credential shares its lane (see `domain/combinedSend`).
 */
export const sendCombiner = new SendCombiner({ wait: sleep });

const CREDENTIAL_TYPE = 'bitrix24OAuth2Api';

/** The lane of this run: one per credential (one credential = one portal and one rate-limit bucket). */
export function laneKey(this: IExecuteFunctions): string {
	const credential = this.getNode().credentials?.[CREDENTIAL_TYPE];
	return `${CREDENTIAL_TYPE}:${credential?.id ?? credential?.name ?? ''}`;
}

function paramsOf(command: PlannedCommand<ConnectorMessage>) {
	return { CONNECTOR: command.connector, LINE: command.line, MESSAGES: command.messages };
}

/**
 * How this run makes a call for everyone on its lane: one command as a plain `imconnector.send.messages`
 * (looked up, never repeated blindly: `sendConnectorMessagesOnce`), several as one `batch`. A `batch` that
 * got no clear answer may have stored any of its commands, so each command is looked up on its own.
 */
export function transmitFor(this: IExecuteFunctions): Transmit<ConnectorMessage> {
	return async (commands, hooks) => {
		const options: Bitrix24RequestOptions = {
			allowLogicalFailure: true,
			onRateLimited: hooks.onRateLimited,
		};
		if (commands.length === 1) {
			try {
				return [
					{
						ok: true,
						reply: await sendConnectorMessagesOnce.call(this, paramsOf(commands[0]), options),
					},
				];
			} catch (error) {
				return [{ ok: false, error }];
			}
		}
		const batch: BatchCommand[] = commands.map((command, index) => ({
			key: `send${index}`,
			method: 'imconnector.send.messages',
			params: paramsOf(command) as unknown as Record<string, unknown>,
		}));
		let reply: unknown;
		try {
			const envelope = await bitrix24ApiRequestEnvelope.call(
				this,
				'batch',
				buildBatchBody(batch, false) as unknown as IDataObject,
				options,
			);
			reply = envelope.result;
		} catch (error) {
			if (!isOutcomeUnknown(error)) return commands.map(() => ({ ok: false, error }));
			this.logger.warn(
				`Bitrix24 gave no clear answer to a batch of ${commands.length} imconnector.send.messages; looking each up`,
			);
			const outcomes: CommandOutcome[] = [];
			for (const command of commands) {
				try {
					outcomes.push({
						ok: true,
						reply: await recoverUnclearSend.call(this, paramsOf(command), error, options),
					});
				} catch (unclear) {
					outcomes.push({ ok: false, error: unclear });
				}
			}
			return outcomes;
		}
		return parseBatchResult(batch, reply).map((result) =>
			result.ok
				? { ok: true, reply: result.result }
				: {
						ok: false,
						error: bitrix24Error.call(this, {
							status: 0,
							code: result.error?.code ?? '',
							description: result.error?.description ?? '',
						}),
					},
		);
	};
}

/**
 * The error of a call made by another run (or this one), as this run's error for one of its items: same
 * message, description, status and context (including `outcomeUnknown`), this run's node.
 */
export function errorForItem(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		const copy = new NodeApiError(this.getNode(), { message: error.message } as JsonObject, {
			message: error.message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
		Object.assign(copy.context, error.context, { itemIndex });
		return copy;
	}
	const message = (error as Error)?.message ?? String(error);
	const copy = new NodeOperationError(this.getNode(), message, {
		itemIndex,
		description: (error as NodeOperationError)?.description ?? undefined,
	});
	if (error instanceof NodeOperationError) Object.assign(copy.context, error.context, { itemIndex });
	return copy;
}
