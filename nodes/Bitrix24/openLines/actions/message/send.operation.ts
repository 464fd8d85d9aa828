import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { itemFailure, logicalFailure } from '../../../domain/apiErrors';
import { type EntryOutcome, SendCombiner } from '../../../domain/combinedSend';
import {
	buildConnectorMessage,
	MessageInputError,
	type OutgoingMessageInput,
	summariseMessageResult,
} from '../../../domain/connectorMessages';
import { checkFileUrl } from '../../../domain/privateAddress';
import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import type { ItemOutcome } from '../../../../shared/execution/router';
import { exclusive } from '../../../../shared/delivery/exclusive';
import { bitrix24Error } from '../../../transport';
import {
	chat2deskInputFields,
	INPUT_DEFINE_BELOW,
	inputField,
	readChat2DeskInput,
} from './chat2deskInput';
import { messageFields, readMessageInput } from './fields';
import { errorForItem, laneKey, sendCombiner, transmitFor } from './sendCombined';
import type { ConnectorMessage } from './sendOnce';

const properties: INodeProperties[] = [
	connectorField,
	lineField,
	inputField,
	...chat2deskInputFields,
	...updateDisplayOptions({ show: { input: [INPUT_DEFINE_BELOW] } }, messageFields),
	{
		displayName: 'Sending',
		name: 'sending',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Allow Private File URLs',
				name: 'allowPrivateFileUrls',
				type: 'boolean',
				default: false,
				description:
					'Whether to pass file URLs that point to loopback, private or link-local addresses (127.0.0.1, 10.x, 192.168.x, 169.254.x, localhost) to Bitrix24, which downloads them itself. Off by default so an on-premise portal cannot be made to fetch from its own network; switch on only when files really live there.',
			},
			{
				displayName: 'Combine Concurrent Sends',
				name: 'combineConcurrentSends',
				type: 'boolean',
				default: true,
				description:
					"Whether to send the messages of runs that send at the same time (in this n8n instance, through the same credential) together: one call at a time per portal, paced to the portal's rate limit, with the messages that arrive meanwhile in the next call. Each run still gets exactly its own results.",
			},
			{
				displayName: 'Messages per Call',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 20,
				description: 'Upper bound of messages in one imconnector.send.messages call',
				displayOptions: { show: { allInOneCall: [true] } },
			},
			{
				displayName: 'Send All Items in One Call',
				name: 'allInOneCall',
				type: 'boolean',
				default: false,
				description:
					'Whether to send the messages of all input items with as few calls as possible (in input order) instead of one call per item',
			},
			{
				displayName: 'Skip Messages Already Sent',
				name: 'skipAlreadySent',
				type: 'boolean',
				default: false,
				description:
					"Whether to remember every External Message ID this node has sent (in n8n's database, across executions and restarts) and skip one that was sent before. Makes replays and webhook redeliveries exactly-once.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

interface Prepared {
	index: number;
	connector: string;
	line: string;
	message: IDataObject;
}

/** This run's outcome for each of its prepared messages, from what the combined calls brought back. */
function outcomesOf(
	this: IExecuteFunctions,
	prepared: Prepared[],
	results: EntryOutcome[],
): Map<number, ItemOutcome> {
	const outcomes = new Map<number, ItemOutcome>();
	prepared.forEach((entry, position) => {
		const result = results[position];
		if (!result.ok) {
			outcomes.set(entry.index, { error: errorForItem.call(this, result.error, entry.index) });
			return;
		}
		const failure =
			result.itemResult === undefined ? logicalFailure(result.reply) : itemFailure(result.itemResult);
		if (failure) {
			outcomes.set(entry.index, { error: bitrix24Error.call(this, failure, entry.index) });
			return;
		}
		outcomes.set(entry.index, {
			data: { connector: entry.connector, line: entry.line, ...summariseMessageResult(result.itemResult) },
		});
	});
	return outcomes;
}

/** Key under which a sent message is remembered: the same external id may exist on other lines. */
/** The external ids of one `MESSAGES[]` element (`{user, message: {id}, chat: {id}}`). */
function externalIds(entry: Prepared): { messageId?: string; chatId?: string } {
	const element = entry.message as { message?: { id?: string }; chat?: { id?: string } };
	return { messageId: element.message?.id, chatId: element.chat?.id };
}

function sentKey(entry: Prepared): string | undefined {
	const { messageId, chatId } = externalIds(entry);
	if (!messageId) return undefined;
	return `${entry.connector}|${entry.line}|${chatId ?? ''}|${messageId}`;
}

const DEDUPLICATION = { mode: 'entries', maxEntries: 100000 } as const;

/**
 * Drops messages sent before (by this node, in any execution) and, within this call, repeats of the
 * same message. Only confirmed sends are recorded (`recordSent`), so a run that stops between the send
 * and the record can at worst send again, never lose a message. n8n keeps a node's keys in one stored
 * list that each call reads and writes back, so the calls go through `exclusive`: safe within one n8n
 * instance. Concurrent runs of one chat are kept apart by the triggers' delivery gate, and across queue-mode
 * workers the templates keep their delivery log in an n8n data table instead of this option.
 */
async function skipAlreadySent(
	this: IExecuteFunctions,
	prepared: Prepared[],
	outcomes: ItemOutcome[],
): Promise<Prepared[]> {
	const seen = new Set<string>();
	const unique: Prepared[] = [];
	for (const entry of prepared) {
		const key = sentKey(entry);
		if (key !== undefined && seen.has(key)) {
			outcomes[entry.index] = { data: skippedOutput(entry, 'repeated in this input') };
			continue;
		}
		if (key !== undefined) seen.add(key);
		unique.push(entry);
	}
	const keys = [...seen];
	if (keys.length === 0) return unique;
	// n8n has no read-only check: record, then forget again what was new. Not sent yet ≠ sent.
	const processed = await exclusive(async () => {
		const result = await this.helpers.checkProcessedAndRecord(keys, 'node', DEDUPLICATION);
		if (result.new.length > 0) {
			await this.helpers.removeProcessed(result.new, 'node', DEDUPLICATION);
		}
		return result.processed;
	});
	const alreadySent = new Set(processed.map(String));
	return unique.filter((entry) => {
		const key = sentKey(entry);
		if (key === undefined || !alreadySent.has(key)) return true;
		outcomes[entry.index] = { data: skippedOutput(entry, 'already sent') };
		return false;
	});
}

function skippedOutput(entry: Prepared, reason: string): IDataObject {
	const { messageId, chatId } = externalIds(entry);
	return {
		connector: entry.connector,
		line: entry.line,
		skipped: true,
		reason,
		messageId: messageId ?? null,
		chatId: chatId ?? null,
	};
}

/** Bitrix24 fetches file URLs itself: refuse internal addresses unless the option allows them. */
function refusePrivateFileUrls(
	this: IExecuteFunctions,
	files: Array<{ url: string }>,
	i: number,
): void {
	const sending = this.getNodeParameter('sending', i, {}) as IDataObject;
	if (sending.allowPrivateFileUrls === true) return;
	for (const file of files) {
		if (!file.url) continue;
		const verdict = checkFileUrl(file.url);
		if (!verdict.ok) {
			throw new MessageInputError(
				`File URL refused: ${verdict.reason}. Bitrix24 would download it from inside its own network; switch on "Allow Private File URLs" under Sending if that is intended.`,
			);
		}
	}
}

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-send-messages.html */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = new Array(items.length);
	const prepared: Prepared[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const connector = (this.getNodeParameter('connector', i) as string).trim();
			const line = readLine.call(this, i);
			const input = this.getNodeParameter('input', i, INPUT_DEFINE_BELOW) as string;
			let message: OutgoingMessageInput;
			if (input === INPUT_DEFINE_BELOW) {
				message = readMessageInput.call(this, i);
			} else {
				const read = readChat2DeskInput.call(this, i, input);
				if ('skipped' in read) {
					outcomes[i] = { data: { connector, line, skipped: true, reason: read.skipped } };
					continue;
				}
				message = read.message;
			}
			refusePrivateFileUrls.call(this, message.files ?? [], i);
			prepared.push({
				index: i,
				connector,
				line,
				message: buildConnectorMessage(message) as IDataObject,
			});
		} catch (error) {
			outcomes[i] = {
				error:
					error instanceof NodeOperationError || error instanceof NodeApiError
						? error
						: new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i }),
			};
		}
	}

	const sending = this.getNodeParameter('sending', 0, {}) as IDataObject;
	const batchSize = sending.allInOneCall === true ? Number(sending.batchSize ?? 20) : 1;
	const toSend =
		sending.skipAlreadySent === true
			? await skipAlreadySent.call(this, prepared, outcomes)
			: prepared;
	// Messages of one connector and line share calls in input order; with Combine Concurrent Sends the
	// calls also carry what other runs have ready (one call at a time per portal, see domain/combinedSend).
	const combiner =
		sending.combineConcurrentSends === false
			? new SendCombiner({ wait: sleep, maxCommandsPerCall: 1, pacer: null })
			: sendCombiner;
	const results = await combiner.send(
		laneKey.call(this),
		toSend.map((entry) => ({
			connector: entry.connector,
			line: entry.line,
			message: entry.message as ConnectorMessage,
		})),
		batchSize,
		transmitFor.call(this),
	);
	const sentKeys: string[] = [];
	const byIndex = new Map(toSend.map((entry) => [entry.index, entry]));
	for (const [index, outcome] of outcomesOf.call(this, toSend, results)) {
		outcomes[index] = outcome;
		const key = 'error' in outcome ? undefined : sentKey(byIndex.get(index)!);
		if (key !== undefined) sentKeys.push(key);
	}
	// Recorded only after Bitrix24 confirmed the sends: a run that stops before this sends again, never loses.
	if (sending.skipAlreadySent === true && sentKeys.length > 0) {
		await exclusive(
			async () => await this.helpers.checkProcessedAndRecord(sentKeys, 'node', DEDUPLICATION),
		);
	}
	return outcomes;
}
