import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dialog'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an open line dialog',
				description: 'Get a dialog with its session and CRM bindings',
			},
		],
		default: 'get',
	},
	...get.description,
];
