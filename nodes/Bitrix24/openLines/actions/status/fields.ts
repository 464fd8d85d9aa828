import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildStatusMessage, MessageInputError } from '../../../domain/connectorMessages';
import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';
import type { ItemOutcome } from '../../../../shared/execution/router';

export const statusFields: INodeProperties[] = [
	connectorField,
	lineField,
	{
		displayName: 'Bitrix24 Chat ID',
		name: 'imChatId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The im.chat_id of the operator message (from the trigger: chatId)',
	},
	{
		displayName: 'Bitrix24 Message ID',
		name: 'imMessageId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The im.message_id of the operator message (from the trigger: messageId)',
	},
	{
		displayName: 'External Message IDs',
		name: 'externalMessageIds',
		type: 'string',
		default: '',
		required: true,
		description:
			'ID(s) the message got in your channel, comma-separated or an array. Enables edit and delete events for it. Items for the same Bitrix24 message (e.g. one per attached file) are sent as one status with all their IDs.',
	},
	{
		displayName: 'External Chat ID',
		name: 'externalChatId',
		type: 'string',
		default: '',
		required: true,
		description: 'Your ID of the conversation (from the trigger: externalChatId)',
	},
];

type StatusMethod = 'imconnector.send.status.delivery' | 'imconnector.send.status.reading';

interface StatusRequest {
	connector: string;
	line: string;
	message: IDataObject;
	/** Input items this status answers. */
	items: number[];
}

/** The status call item `i` asks for. */
function readStatus(this: IExecuteFunctions, i: number, date?: string) {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	try {
		const message = buildStatusMessage({
			imChatId: this.getNodeParameter('imChatId', i) as number,
			imMessageId: this.getNodeParameter('imMessageId', i) as number,
			externalMessageIds: this.getNodeParameter('externalMessageIds', i),
			externalChatId: String(this.getNodeParameter('externalChatId', i)),
			date,
		}) as IDataObject;
		return { connector, line, message };
	} catch (error) {
		const text = error instanceof MessageInputError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), text, { itemIndex: i });
	}
}

/**
 * Statuses for all input items. Items that confirm the same Bitrix24 message (a reply with several
 * files becomes several channel messages) are merged into one status carrying all their external IDs:
 * Bitrix24 keeps only the IDs of the last status call as the message's `CONNECTOR_MID`, and those are
 * the IDs its edit and delete events report.
 */
export async function sendStatuses(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	method: StatusMethod,
	dateOf: (i: number) => string | undefined = () => undefined,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = new Array(items.length);
	const requests = new Map<string, StatusRequest>();
	for (let i = 0; i < items.length; i++) {
		let status;
		try {
			status = readStatus.call(this, i, dateOf(i));
		} catch (error) {
			outcomes[i] = { error: error as Error };
			continue;
		}
		const im = status.message.im as IDataObject;
		const chat = status.message.chat as IDataObject;
		const key = JSON.stringify([status.connector, status.line, im.chat_id, im.message_id, chat.id]);
		const known = requests.get(key);
		if (!known) {
			requests.set(key, { ...status, items: [i] });
			continue;
		}
		const ids = (known.message.message as IDataObject).id as string[];
		for (const id of (status.message.message as IDataObject).id as string[]) {
			if (!ids.includes(id)) ids.push(id);
		}
		known.items.push(i);
	}
	for (const request of requests.values()) {
		const first = request.items[0];
		try {
			await bitrix24ApiRequest.call(
				this,
				method,
				{ CONNECTOR: request.connector, LINE: request.line, MESSAGES: [request.message] },
				{ itemIndex: first },
			);
		} catch (error) {
			for (const i of request.items) outcomes[i] = { error: error as Error };
			continue;
		}
		const im = request.message.im as IDataObject;
		const data: IDataObject = {
			connector: request.connector,
			line: request.line,
			chatId: im.chat_id,
			messageId: im.message_id,
			externalMessageIds: (request.message.message as IDataObject).id,
			status: method.endsWith('delivery') ? 'delivered' : 'read',
		};
		for (const i of request.items) outcomes[i] = { data: { ...data } };
	}
	return outcomes;
}
