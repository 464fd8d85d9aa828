import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../../../shared/execution/router';
import * as create from './create.operation';
import * as createUserField from './createUserField.operation';
import * as findByOpenLineChat from './findByOpenLineChat.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getUserFields from './getUserFields.operation';
import * as update from './update.operation';

export const operations = {
	create,
	createUserField,
	findByOpenLineChat,
	get,
	getAll,
	getUserFields,
	update,
} satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a lead' },
			{
				name: 'Create User Field',
				value: 'createUserField',
				action: 'Create a lead user field',
				description: 'Add a UF_CRM_ field to leads, or return it when it already exists',
			},
			{
				name: 'Find by Open Line Chat',
				value: 'findByOpenLineChat',
				action: 'Find the lead of an open line chat',
				description:
					'Find the lead Bitrix24 bound to an Open Line chat, waiting while it is created',
			},
			{ name: 'Get', value: 'get', action: 'Get a lead' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many leads' },
			{
				name: 'Get User Fields',
				value: 'getUserFields',
				action: 'Get lead user fields',
				description: 'List the UF_CRM_ fields of leads',
			},
			{ name: 'Update', value: 'update', action: 'Update a lead' },
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deal'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a deal' },
			{
				name: 'Create User Field',
				value: 'createUserField',
				action: 'Create a deal user field',
				description: 'Add a UF_CRM_ field to deals, or return it when it already exists',
			},
			{
				name: 'Find by Open Line Chat',
				value: 'findByOpenLineChat',
				action: 'Find the deal of an open line chat',
				description:
					'Find the deal Bitrix24 bound to an Open Line chat, waiting while it is created',
			},
			{ name: 'Get', value: 'get', action: 'Get a deal' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many deals' },
			{
				name: 'Get User Fields',
				value: 'getUserFields',
				action: 'Get deal user fields',
				description: 'List the UF_CRM_ fields of deals',
			},
			{ name: 'Update', value: 'update', action: 'Update a deal' },
		],
		default: 'get',
	},
	...create.description,
	...createUserField.description,
	...findByOpenLineChat.description,
	...get.description,
	...getAll.description,
	...getUserFields.description,
	...update.description,
];
