import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { itemFailure, logicalFailure } from '../../../domain/apiErrors';
import {
	buildConnectorMessage,
	chunk,
	MessageInputError,
	messageResults,
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
import { type ConnectorMessage, sendConnectorMessagesOnce } from './sendOnce';

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
				displayName: 'Skip Messages Already Sent',
				name: 'skipAlreadySent',
				type: 'boolean',
				default: false,
				description:
					"Whether to remember every External Message ID this node has sent (in n8n's database, across executions and restarts) and skip one that was sent before. Makes replays and webhook redeliveries exactly-once.",
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
				displayName: 'Messages per Call',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 20,
				description: 'Upper bound of messages in one imconnector.send.messages call',
				displayOptions: { show: { allInOneCall: [true] } },
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

/** Send prepared messages of one connector+line in one call; one outcome per message. */
async function sendGroup(
	this: IExecuteFunctions,
	group: Prepared[],
): Promise<Map<number, ItemOutcome>> {
	const outcomes = new Map<number, ItemOutcome>();
	const first = group[0];
	let result: unknown;
	try {
		result = await sendConnectorMessagesOnce.call(
			this,
			{
				CONNECTOR: first.connector,
				LINE: first.line,
				MESSAGES: group.map((entry) => entry.message as ConnectorMessage),
			},
			{ itemIndex: first.index, allowLogicalFailure: group.length > 1 },
		);
	} catch (error) {
		for (const entry of group) outcomes.set(entry.index, { error: error as Error });
		return outcomes;
	}
	const results = messageResults(result);
	const callFailure = logicalFailure(result);
	group.forEach((entry, position) => {
		const itemResult = results[position];
		const failure = itemResult === undefined ? callFailure : itemFailure(itemResult);
		if (failure) {
			outcomes.set(entry.index, { error: bitrix24Error.call(this, failure, entry.index) });
			return;
		}
		outcomes.set(entry.index, {
			data: { connector: entry.connector, line: entry.line, ...summariseMessageResult(itemResult) },
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
	// Consecutive items for the same connector and line share calls, so the order is kept.
	const groups: Prepared[][] = [];
	for (const entry of toSend) {
		const last = groups[groups.length - 1];
		if (last && last[0].connector === entry.connector && last[0].line === entry.line)
			last.push(entry);
		else groups.push([entry]);
	}
	for (const group of groups) {
		for (const part of chunk(group, batchSize)) {
			const results = await sendGroup.call(this, part);
			const sentKeys: string[] = [];
			for (const [index, outcome] of results) {
				outcomes[index] = outcome;
				const key = 'error' in outcome ? undefined : sentKey(part.find((entry) => entry.index === index)!);
				if (key !== undefined) sentKeys.push(key);
			}
			if (sending.skipAlreadySent === true && sentKeys.length > 0) {
				await exclusive(
					async () => await this.helpers.checkProcessedAndRecord(sentKeys, 'node', DEDUPLICATION),
				);
			}
		}
	}
	return outcomes;
}
