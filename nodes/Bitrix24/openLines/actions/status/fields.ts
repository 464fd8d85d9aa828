import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildStatusMessage, MessageInputError } from '../../../domain/connectorMessages';
import { connectorField, lineField } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

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
			'ID(s) the message got in your channel, comma-separated or an array. Enables edit and delete events for it.',
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

/** Send one delivery/reading status for item `i`. */
export async function sendStatus(
	this: IExecuteFunctions,
	i: number,
	method: 'imconnector.send.status.delivery' | 'imconnector.send.status.reading',
	date?: string,
): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = String(this.getNodeParameter('line', i));
	let message: IDataObject;
	try {
		message = buildStatusMessage({
			imChatId: this.getNodeParameter('imChatId', i) as number,
			imMessageId: this.getNodeParameter('imMessageId', i) as number,
			externalMessageIds: this.getNodeParameter('externalMessageIds', i),
			externalChatId: String(this.getNodeParameter('externalChatId', i)),
			date,
		}) as IDataObject;
	} catch (error) {
		const text = error instanceof MessageInputError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), text, { itemIndex: i });
	}
	await bitrix24ApiRequest.call(
		this,
		method,
		{ CONNECTOR: connector, LINE: line, MESSAGES: [message] },
		{ itemIndex: i },
	);
	const im = message.im as IDataObject;
	return {
		connector,
		line,
		chatId: im.chat_id,
		messageId: im.message_id,
		externalMessageIds: (message.message as IDataObject).id,
		status: method.endsWith('delivery') ? 'delivered' : 'read',
	};
}
