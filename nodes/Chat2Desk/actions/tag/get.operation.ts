import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [idField('tagId', 'Tag ID', 'ID of the tag')];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const tagId = getId.call(this, 'tagId', i, 'Tag ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/tags/${tagId}`, {}, { itemIndex: i }),
	);
}
