import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as channel from './actions/channel';
import * as client from './actions/client';
import * as dialog from './actions/dialog';
import * as message from './actions/message';
import * as operator from './actions/operator';
import * as request from './actions/request';
import { router } from './actions/router';
import * as tag from './actions/tag';
import * as webAnalytics from './actions/webAnalytics';
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
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Channel', value: 'channel' },
					{ name: 'Client', value: 'client' },
					{ name: 'Dialog', value: 'dialog' },
					{ name: 'Message', value: 'message' },
					{ name: 'Operator', value: 'operator' },
					{ name: 'Request', value: 'request' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Web Analytics Record', value: 'webAnalytics' },
				],
				default: 'message',
			},
			...channel.description,
			...client.description,
			...dialog.description,
			...message.description,
			...operator.description,
			...request.description,
			...tag.description,
			...webAnalytics.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
