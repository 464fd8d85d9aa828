import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as create from './create.operation';
import * as findByPhone from './findByPhone.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getCustomFields from './getCustomFields.operation';
import * as getTransports from './getTransports.operation';
import * as update from './update.operation';

export const operations = { create, findByPhone, get, getAll, getCustomFields, getTransports, update } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a client',
				description: 'Create a client by phone and transport',
			},
			{
				name: 'Find by Phone',
				value: 'findByPhone',
				action: 'Find a client by phone',
				description: 'Return the client with this phone number, or nothing',
			},
			{ name: 'Get', value: 'get', action: 'Get a client' },
			{
				name: 'Get Custom Fields',
				value: 'getCustomFields',
				action: 'Get custom client fields',
				description: 'List the custom fields of the client card',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many clients' },
			{
				name: 'Get Transports',
				value: 'getTransports',
				action: 'Get the transports of a client',
				description: 'List the channels and messengers a client can be reached on',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a client',
				description: 'Update a client card, including custom fields',
			},
		],
		default: 'get',
	},
	...operationDescriptions(operations),
];
