import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as close from './close.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { close, get, getAll, update } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dialog'] } },
		options: [
			{ name: 'Close', value: 'close', action: 'Close a dialog' },
			{ name: 'Get', value: 'get', action: 'Get a dialog' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many dialogs' },
			{
				name: 'Update',
				value: 'update',
				action: 'Update a dialog',
				description: 'Assign an operator or change the state of a dialog',
			},
		],
		default: 'get',
	},
	...operationDescriptions(operations),
];
