import type { INodeProperties } from 'n8n-workflow';

import * as close from './close.operation';
import * as get from './get.operation';
import * as getMessages from './getMessages.operation';

export { close, get, getMessages };

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
	...close.description,
	...get.description,
	...getMessages.description,
];
