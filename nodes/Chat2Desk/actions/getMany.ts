import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { ItemOperation } from '../../shared/execution/router';
import { chat2DeskApiRequestAllItems } from '../transport';
import { readLimit, returnAllOrLimit } from './common.descriptions';

/** The "Filters" collection of a Get Many operation. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/**
 * A "Get Many" operation over a list endpoint paged with `limit`/`offset`: Return All / Limit, a
 * Filters collection, and the query string built from the chosen filters.
 */
export function getManyOperation(list: {
	resource: string;
	endpoint: string;
	filters: INodeProperties[];
	query: (filters: IDataObject) => IDataObject;
}): ItemOperation {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [list.resource], operation: ['getAll'] } },
			[...returnAllOrLimit, filtersCollection(list.filters)],
		),
		async execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
			const limit = readLimit.call(this, i);
			const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
			return await chat2DeskApiRequestAllItems.call(
				this,
				list.endpoint,
				list.query(filters),
				limit,
				{
					itemIndex: i,
				},
			);
		},
	};
}
