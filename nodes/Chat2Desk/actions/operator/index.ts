import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getGroups from './getGroups.operation';

export { getAll, getGroups };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operator'] } },
		options: [
			{ name: 'Get Groups', value: 'getGroups', action: 'Get operator groups' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many operators' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...getGroups.description,
];
