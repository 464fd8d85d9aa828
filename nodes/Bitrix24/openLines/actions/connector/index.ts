import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../../shared/execution/router';
import * as activate from './activate.operation';
import * as deactivate from './deactivate.operation';
import * as getAll from './getAll.operation';
import * as getStatus from './getStatus.operation';
import * as register from './register.operation';
import * as setData from './setData.operation';
import * as unregister from './unregister.operation';

export const operations = { activate, deactivate, getAll, getStatus, register, setData, unregister } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connector'] } },
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a connector on a line',
				description: 'Switch the connector on for an Open Line',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a connector on a line',
				description: 'Switch the connector off for an Open Line',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many connectors',
				description: 'List the connectors active on the portal',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a connector on a line',
			},
			{
				name: 'Register',
				value: 'register',
				action: 'Register a connector',
				description: 'Create or update a custom connector',
			},
			{
				name: 'Set Data',
				value: 'setData',
				action: 'Set the channel data of a connector on a line',
			},
			{
				name: 'Unregister',
				value: 'unregister',
				action: 'Unregister a connector',
			},
		],
		default: 'register',
	},
	...operationDescriptions(operations),
];
