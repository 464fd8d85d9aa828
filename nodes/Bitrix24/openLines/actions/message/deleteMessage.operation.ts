import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { itemFailure } from '../../../domain/apiErrors';
import {
	buildDeleteMessage,
	messageResults,
	summariseMessageResult,
} from '../../../domain/connectorMessages';
import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest, bitrix24Error } from '../../../transport';

const properties: INodeProperties[] = [
	connectorField,
	lineField,
	{
		displayName: 'External Chat ID',
		name: 'chatId',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'External User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'External Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		description: 'Your ID of the message, as given when it was sent',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['deleteMessage'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-delete-messages.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	let message: IDataObject;
	try {
		message = buildDeleteMessage({
			chatId: String(this.getNodeParameter('chatId', i)),
			userId: String(this.getNodeParameter('userId', i)),
			messageId: String(this.getNodeParameter('messageId', i)),
		});
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
	const result = await bitrix24ApiRequest.call(
		this,
		'imconnector.delete.messages',
		{ CONNECTOR: connector, LINE: line, MESSAGES: [message] },
		{ itemIndex: i },
	);
	const entry = messageResults(result)[0];
	const failure = entry === undefined ? undefined : itemFailure(entry);
	if (failure) throw bitrix24Error.call(this, failure, i);
	const summary = summariseMessageResult(entry);
	return {
		connector,
		line,
		deleted: true,
		externalMessageId: summary.externalMessageId ?? (message.message as IDataObject).id,
		externalChatId: summary.externalChatId ?? (message.chat as IDataObject).id,
	};
}
