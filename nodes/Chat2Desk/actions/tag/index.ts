import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as assign from './assign.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getAssigned from './getAssigned.operation';
import * as remove from './remove.operation';

export const operations = { assign, create, get, getAll, getAssigned, remove } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Assign',
				value: 'assign',
				action: 'Assign tags',
				description: 'Put tags on a client or a request',
			},
			{ name: 'Create', value: 'create', action: 'Create a tag' },
			{ name: 'Get', value: 'get', action: 'Get a tag' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many tags' },
			{
				name: 'Get of Client and Request',
				value: 'getAssigned',
				action: 'Get the tags of a client and a request',
				description: 'The tags (with names) on a client and on a request',
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove tags',
				description: 'Take tags off a client or a request',
			},
		],
		default: 'getAll',
	},
	...operationDescriptions(operations),
];
