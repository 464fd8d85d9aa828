import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as getAll from './getAll.operation';

export const operations = { getAll } satisfies OperationMap;

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
	...operationDescriptions(operations),
];
