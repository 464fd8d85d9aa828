import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

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
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'New title of the open Open Line chat',
	},
	{
		displayName: 'External User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description: 'Your ID of the client; required unless the connector groups chats by chat ID',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['setName'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-chat-name-set.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	const params: IDataObject = {
		CONNECTOR: connector,
		LINE: line,
		CHAT_ID: String(this.getNodeParameter('chatId', i)),
		NAME: String(this.getNodeParameter('name', i)),
	};
	const userId = String(this.getNodeParameter('userId', i, '') ?? '').trim();
	if (userId) params.USER_ID = userId;
	await bitrix24ApiRequest.call(this, 'imconnector.chat.name.set', params, { itemIndex: i });
	return { connector, line, chatId: params.CHAT_ID, name: params.NAME, renamed: true };
}
