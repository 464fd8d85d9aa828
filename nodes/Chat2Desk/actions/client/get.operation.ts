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
	idField('clientId', 'Client ID', 'ID of the Chat2Desk client'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const clientId = getId.call(this, 'clientId', i, 'Client ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/clients/${clientId}`, {}, { itemIndex: i }),
	);
}
