import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { compact } from '../../domain/params';
import { normalisePhone } from '../../domain/phone';
import { chat2DeskApiRequestAllItems } from '../../transport';
import { readLimit, returnAllOrLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				description: 'Only the channel with this phone number',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({ phone: normalisePhone(filters.phone) });
	return await chat2DeskApiRequestAllItems.call(this, '/v1/channels', qs, readLimit.call(this, i), {
		itemIndex: i,
	});
}
