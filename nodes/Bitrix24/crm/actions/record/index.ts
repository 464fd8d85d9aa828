import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findByOpenLineChat from './findByOpenLineChat.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, findByOpenLineChat, get, getAll, update };

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
				name: 'Find by Open Line Chat',
				value: 'findByOpenLineChat',
				action: 'Find the lead of an open line chat',
				description:
					'Find the lead Bitrix24 bound to an Open Line chat, waiting while it is created',
			},
			{ name: 'Get', value: 'get', action: 'Get a lead' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many leads' },
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
				name: 'Find by Open Line Chat',
				value: 'findByOpenLineChat',
				action: 'Find the deal of an open line chat',
				description:
					'Find the deal Bitrix24 bound to an Open Line chat, waiting while it is created',
			},
			{ name: 'Get', value: 'get', action: 'Get a deal' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many deals' },
			{ name: 'Update', value: 'update', action: 'Update a deal' },
		],
		default: 'get',
	},
	...create.description,
	...findByOpenLineChat.description,
	...get.description,
	...getAll.description,
	...update.description,
];
