import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { compact, parseIdList } from '../../domain/params';
import { normalisePhone } from '../../domain/phone';
import { chat2DeskApiRequestAllItems } from '../../transport';
import { orderField, readLimit, returnAllOrLimit, tagsField } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			orderField,
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '+7 900 123-45-67',
				description: 'Only clients with this phone (formatting is removed, only digits are sent)',
			},
			{
				...tagsField('tagIds', false),
				description:
					'Only clients with these tags. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const limit = readLimit.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const tags = parseIdList(filters.tagIds).ids;
	const qs = compact({
		phone: normalisePhone(filters.phone),
		tags: tags.length > 0 ? tags.join(',') : undefined,
		order: filters.order,
	});
	return await chat2DeskApiRequestAllItems.call(this, '/v1/clients', qs, limit, { itemIndex: i });
}
