import type { INodeProperties } from 'n8n-workflow';

import type { ResourceMap } from '../../../shared/execution/router';
import * as record from './record';

export const resources = {
	lead: record.operations,
	deal: record.operations,
} satisfies ResourceMap;

export const properties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'OAuth2 (Local Application)', value: 'bitrix24OAuth2Api' },
			{ name: 'Incoming Webhook', value: 'bitrix24Api' },
		],
		default: 'bitrix24OAuth2Api',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Deal', value: 'deal' },
			{ name: 'Lead', value: 'lead' },
		],
		default: 'lead',
	},
	...record.description,
];
