import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as close from './close.operation';
import * as get from './get.operation';
import * as getMessages from './getMessages.operation';

export const operations = { close, get, getMessages } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{ name: 'Close', value: 'close', action: 'Close a request' },
			{ name: 'Get', value: 'get', action: 'Get a request' },
			{
				name: 'Get Messages',
				value: 'getMessages',
				action: 'Get the messages of a request',
				description: 'List all messages of one request, oldest first',
			},
		],
		default: 'get',
	},
	...operationDescriptions(operations),
];
