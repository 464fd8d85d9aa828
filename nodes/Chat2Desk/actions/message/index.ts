import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as send from './send.operation';
import * as sendOperatorReply from './sendOperatorReply.operation';
import * as transfer from './transfer.operation';

export const operations = { get, getAll, send, sendOperatorReply, transfer } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a message', description: 'Get a message by ID' },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many messages',
				description: 'List messages with filters, paging by start ID',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: 'Send a message to a client',
			},
			{
				name: 'Send Open Line Reply',
				value: 'sendOperatorReply',
				action: 'Send an open line reply',
				description:
					'Send an operator message from the Bitrix24 Open Lines Trigger (added, edited or deleted) to the client',
			},
			{
				name: 'Transfer',
				value: 'transfer',
				action: 'Transfer a dialog',
				description: "Transfer a message's dialog to an operator or an operator group",
			},
		],
		default: 'send',
	},
	...operationDescriptions(operations),
];
