import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../shared/execution/router';
import { properties, resources } from './actions/description';
import { listSearch, loadOptions } from './methods';

export class Chat2Desk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat2Desk',
		name: 'chat2Desk',
		icon: { light: 'file:chat2desk.svg', dark: 'file:chat2desk.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send and read messages, manage clients, tags, requests and dialogs in Chat2Desk',
		defaults: { name: 'Chat2Desk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chat2DeskApi', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, resources);
	}
}
