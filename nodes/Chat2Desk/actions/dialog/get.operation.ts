import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [idField('dialogId', 'Dialog ID', 'ID of the dialog')];

export const description = updateDisplayOptions(
	{ show: { resource: ['dialog'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const dialogId = getId.call(this, 'dialogId', i, 'Dialog ID');
	return asObject(
		await chat2DeskApiRequest.call(this, 'GET', `/v1/dialogs/${dialogId}`, {}, { itemIndex: i }),
	);
}
