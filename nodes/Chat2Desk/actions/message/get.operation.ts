import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [idField('messageId', 'Message ID', 'ID of the message')];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const messageId = getId.call(this, 'messageId', i, 'Message ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/messages/${messageId}`, {}, { itemIndex: i }),
	);
}
