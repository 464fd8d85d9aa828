import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

const properties: INodeProperties[] = [
	connectorField,
	lineField,
	{
		displayName: 'Data',
		name: 'data',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description:
			'Channel details shown in the Open Line widget (Bitrix24 merges them with stored ones)',
		options: [
			{
				displayName: 'Channel ID',
				name: 'id',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Channel Name',
				name: 'name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Channel URL',
				name: 'url',
				type: 'string',
				default: '',
				description: 'Public link to the channel',
			},
			{
				displayName: 'Chat URL',
				name: 'urlIm',
				type: 'string',
				default: '',
				description: 'Link that opens a chat with the channel',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['setData'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-connector-data-set.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	const input = this.getNodeParameter('data', i, {}) as IDataObject;
	const data: IDataObject = {};
	if (input.id) data.ID = input.id;
	if (input.url) data.URL = input.url;
	if (input.urlIm) data.URL_IM = input.urlIm;
	if (input.name) data.NAME = input.name;
	await bitrix24ApiRequest.call(
		this,
		'imconnector.connector.data.set',
		{ CONNECTOR: connector, LINE: line, DATA: data },
		{ itemIndex: i },
	);
	return { connector, line, data, updated: true };
}
