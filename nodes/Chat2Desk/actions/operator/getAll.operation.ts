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
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Online',
				name: 'online',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Offline', value: '0' },
					{ name: 'Online', value: '1' },
				],
				default: '',
			},
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['operator'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		email: filters.email,
		phone: normalisePhone(filters.phone),
		online: filters.online,
	});
	return await chat2DeskApiRequestAllItems.call(
		this,
		'/v1/operators',
		qs,
		readLimit.call(this, i),
		{
			itemIndex: i,
		},
	);
}
