import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../../shared/execution/router';
import * as deleteMessage from './deleteMessage.operation';
import * as send from './send.operation';
import * as update from './update.operation';

export const operations = { deleteMessage, send, update } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Delete',
				value: 'deleteMessage',
				action: 'Delete a client message',
				description: 'Remove a message previously sent into the Open Line',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send client messages',
				description: 'Post client messages into an Open Line (many per call if wanted)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a client message',
				description: 'Change the text or files of a message previously sent',
			},
		],
		default: 'send',
	},
	...send.description,
	...update.description,
	...deleteMessage.description,
];
