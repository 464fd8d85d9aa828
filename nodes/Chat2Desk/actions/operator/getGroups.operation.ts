import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chat2DeskApiRequestAllItems } from '../../transport';
import { readLimit, returnAllOrLimit } from '../common.descriptions';

const properties: INodeProperties[] = [...returnAllOrLimit];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['getGroups'] } },
	properties,
);

/** One item per operator group: `{id, name, operator_ids}`. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await chat2DeskApiRequestAllItems.call(
		this,
		'/v1/operators_groups',
		{},
		readLimit.call(this, i),
		{
			itemIndex: i,
		},
	);
}
