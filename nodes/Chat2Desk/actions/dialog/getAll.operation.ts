import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { compact } from '../../domain/params';
import { chat2DeskApiRequestAllItems } from '../../transport';
import {
	operatorField,
	orderField,
	readLimit,
	returnAllOrLimit,
	toOptionalId,
} from '../common.descriptions';
import { stateField } from './state';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [operatorField(), orderField, stateField],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dialog'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		operator_id: toOptionalId.call(this, filters.operatorId, 'Operator', i),
		state: filters.state,
		order: filters.order,
	});
	return await chat2DeskApiRequestAllItems.call(this, '/v1/dialogs', qs, readLimit.call(this, i), {
		itemIndex: i,
	});
}
