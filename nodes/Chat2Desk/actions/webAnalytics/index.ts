import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webAnalytics'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many web analytics records',
				description: 'List UTM and visit data collected for clients',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
