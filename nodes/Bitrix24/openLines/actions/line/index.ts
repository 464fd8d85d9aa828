import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['line'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many open lines',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
