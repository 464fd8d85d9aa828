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

/** The operation picker of one CRM entity; leads and deals offer the same operations. */
function operationSelector(entity: 'lead' | 'deal'): INodeProperties {
	const entities = `${entity}s`;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [entity] } },
		options: [
			{ name: 'Create', value: 'create', action: `Create a ${entity}` },
			{
				name: 'Create User Field',
				value: 'createUserField',
				action: `Create a ${entity} user field`,
				description: `Add a UF_CRM_ field to ${entities}, or return it when it already exists`,
			},
			{
				name: 'Find by Open Line Chat',
				value: 'findByOpenLineChat',
				action: `Find the ${entity} of an open line chat`,
				description: `Find the ${entity} Bitrix24 bound to an Open Line chat, waiting while it is created`,
			},
			{ name: 'Get', value: 'get', action: `Get a ${entity}` },
			{ name: 'Get Many', value: 'getAll', action: `Get many ${entities}` },
			{
				name: 'Get User Fields',
				value: 'getUserFields',
				action: `Get ${entity} user fields`,
				description: `List the UF_CRM_ fields of ${entities}`,
			},
			{ name: 'Update', value: 'update', action: `Update a ${entity}` },
		],
		default: 'get',
	};
}

export const description: INodeProperties[] = [
	operationSelector('lead'),
	operationSelector('deal'),
	...create.description,
	...createUserField.description,
	...findByOpenLineChat.description,
	...get.description,
	...getAll.description,
	...getUserFields.description,
	...update.description,
];
