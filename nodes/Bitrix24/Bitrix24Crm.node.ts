import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/execution/router';
import { properties, resources } from './crm/actions/description';
import { searchCrmRecords } from './methods/listSearch';
import { getCrmFieldsForCreate, getCrmFieldsForUpdate } from './methods/resourceMapping';

export class Bitrix24Crm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 CRM',
		name: 'bitrix24Crm',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write Bitrix24 leads and deals, incl. the ones bound to Open Line chats',
		defaults: { name: 'Bitrix24 CRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'bitrix24OAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['bitrix24OAuth2Api'] } },
			},
			{
				name: 'bitrix24Api',
				required: true,
				displayOptions: { show: { authentication: ['bitrix24Api'] } },
			},
		],
		properties,
	};

	methods = {
		listSearch: { searchCrmRecords },
		resourceMapping: { getCrmFieldsForCreate, getCrmFieldsForUpdate },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, resources);
	}
}
