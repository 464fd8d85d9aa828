import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [idField('channelId', 'Channel ID', 'ID of the channel')];

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const channelId = getId.call(this, 'channelId', i, 'Channel ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/channels/${channelId}`, {}, { itemIndex: i }),
	);
}
