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
	idField('requestId', 'Request ID', 'ID of the request (one conversation of a client)'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const requestId = getId.call(this, 'requestId', i, 'Request ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/requests/${requestId}`, {}, { itemIndex: i }),
	);
}
