import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get, getAll } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['channel'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a channel' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many channels' },
		],
		default: 'getAll',
	},
	...operationDescriptions(operations),
];
