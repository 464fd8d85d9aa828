import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('clientId', 'Client ID', 'ID of the Chat2Desk client'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getTransports'] } },
	properties,
);

/** One item per channel: `{channel_id, transports}`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const clientId = getId.call(this, 'clientId', i, 'Client ID');
	const data = await chat2DeskApiRequest.call(
		this,
		'GET',
		`/v1/clients/${clientId}/transport`,
		{},
		{ itemIndex: i },
	);
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}
