import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Close By',
		name: 'closeBy',
		type: 'options',
		options: [
			{ name: 'Request ID', value: 'request', description: 'Close this request' },
			{
				name: 'Client ID',
				value: 'client',
				description: 'Close the current request of this client',
			},
		],
		default: 'request',
	},
	{
		...idField('requestId', 'Request ID', 'The request to close'),
		displayOptions: { show: { closeBy: ['request'] } },
	},
	{
		...idField('clientId', 'Client ID', 'The client whose current request to close'),
		displayOptions: { show: { closeBy: ['client'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['close'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const closeBy = this.getNodeParameter('closeBy', i) as 'request' | 'client';
	const body =
		closeBy === 'request'
			? { request_id: getId.call(this, 'requestId', i, 'Request ID') }
			: { client_id: getId.call(this, 'clientId', i, 'Client ID') };
	const data = await chat2DeskApiRequest.call(
		this,
		'PUT',
		'/v1/requests/close',
		{ body },
		{ itemIndex: i },
	);
	return { ...body, closed: true, ...asObject(data) };
}
