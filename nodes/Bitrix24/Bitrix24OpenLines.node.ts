import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/execution/router';
import { searchLines } from './methods/listSearch';
import { getLines } from './methods/loadOptions';
import { properties, resources } from './openLines/actions/description';

export class Bitrix24OpenLines implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Open Lines',
		name: 'bitrix24OpenLines',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Bridge a messenger into Bitrix24 Open Lines through a custom connector',
		defaults: { name: 'Bitrix24 Open Lines' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24OAuth2Api', required: true }],
		properties,
	};

	methods = { listSearch: { searchLines }, loadOptions: { getLines } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, resources);
	}
}
