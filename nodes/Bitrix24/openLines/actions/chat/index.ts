import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../../shared/execution/router';
import * as setName from './setName.operation';

export const operations = { setName } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Set Name',
				value: 'setName',
				action: 'Rename an open line chat',
			},
		],
		default: 'setName',
	},
	...operationDescriptions(operations),
];
