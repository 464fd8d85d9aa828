import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitField, returnAllField } from '../../../shared/descriptions';
import { listLines } from './lines';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Active Only',
				name: 'activeOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only active lines',
			},
			{
				displayName: 'Include Queue',
				name: 'queue',
				type: 'boolean',
				default: false,
				description: 'Whether to include the operator queue of each line',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['line'], operation: ['getAll'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/imopenlines-config-list-get.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	return await listLines.call(this, {
		limit,
		filter: options.activeOnly ? { ACTIVE: 'Y' } : undefined,
		queue: options.queue === true,
		itemIndex: i,
	});
}
