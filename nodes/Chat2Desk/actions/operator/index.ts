import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../shared/execution/router';
import * as getAll from './getAll.operation';
import * as getGroups from './getGroups.operation';

export const operations = { getAll, getGroups } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operator'] } },
		options: [
			{ name: 'Get Groups', value: 'getGroups', action: 'Get operator groups' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many operators' },
		],
		default: 'getAll',
	},
	...operationDescriptions(operations),
];
