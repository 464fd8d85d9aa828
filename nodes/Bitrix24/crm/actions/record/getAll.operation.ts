import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { bitrix24ApiRequestAllItems } from '../../../transport';
import { crmResource, requestOptions } from './common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	{
		displayName: 'Filter (JSON)',
		name: 'filter',
		type: 'json',
		default: '{}',
		description:
			'Bitrix24 filter object, e.g. {"STATUS_ID": "NEW", ">=DATE_CREATE": "2026-01-01"}. Prefixes such as >=, <, !, % and @ are supported.',
	},
	{
		displayName: 'Fields to Return',
		name: 'select',
		type: 'string',
		default: '*, UF_*',
		description:
			'Comma-separated field codes; * means all standard fields, UF_* all user fields. Name PHONE, EMAIL etc. to get multifields.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Order (JSON)',
				name: 'order',
				type: 'json',
				default: '{"ID": "ASC"}',
				description:
					'Sort object, e.g. {"DATE_CREATE": "DESC"}. Without it the node reads by ID with fast keyset paging.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['getAll'] } },
	properties,
);

function parseObject(
	this: IExecuteFunctions,
	value: unknown,
	name: string,
	i: number,
): IDataObject {
	const parsed =
		typeof value === 'string'
			? jsonParse<unknown>(value.trim() || '{}', { fallbackValue: null })
			: value;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${name} must be a JSON object`, { itemIndex: i });
	}
	return parsed as IDataObject;
}

/** https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html (and crm.deal.list) */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const resource = crmResource.call(this);
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filter = parseObject.call(this, this.getNodeParameter('filter', i, '{}'), 'Filter', i);
	const select = String(this.getNodeParameter('select', i, '') ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const params: IDataObject = { filter };
	if (select.length > 0) params.select = select;
	let keyset = true;
	if (options.order !== undefined) {
		const order = parseObject.call(this, options.order, 'Order', i);
		const byIdAscending =
			Object.keys(order).length === 0 ||
			(Object.keys(order).length === 1 && String(order.ID ?? '').toUpperCase() === 'ASC');
		if (!byIdAscending) {
			params.order = order;
			keyset = false;
		}
	}
	if (keyset && select.length > 0 && !select.includes('*') && !select.includes('ID')) {
		(params.select as string[]).push('ID');
	}
	return await bitrix24ApiRequestAllItems.call(this, `crm.${resource}.list`, params, {
		...requestOptions.call(this, i),
		limit,
		keyset,
	});
}
