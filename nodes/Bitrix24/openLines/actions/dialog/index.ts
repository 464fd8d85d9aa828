import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../../shared/execution/router';
import * as get from './get.operation';

export const operations = { get } satisfies OperationMap;

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
	...operationDescriptions(operations),
];
