import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { toIsoDate } from '../../domain/messages';
import { compact } from '../../domain/params';
import { chat2DeskApiRequestAllItems } from '../../transport';
import { orderField, readLimit, returnAllOrLimit, toOptionalId } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		description: 'Only the web-analytics (UTM) records of this client; empty for all clients',
	},
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'From Date', name: 'dateFrom', type: 'dateTime', default: '' },
			orderField,
			{ displayName: 'To Date', name: 'dateTo', type: 'dateTime', default: '' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webAnalytics'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		client_id: toOptionalId.call(this, this.getNodeParameter('clientId', i, ''), 'Client ID', i),
		date_from: toIsoDate(filters.dateFrom),
		date_to: toIsoDate(filters.dateTo),
		order: filters.order,
	});
	return await chat2DeskApiRequestAllItems.call(
		this,
		'/v1/web_analytics_data',
		qs,
		readLimit.call(this, i),
		{
			itemIndex: i,
		},
	);
}
