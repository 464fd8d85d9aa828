import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routerLoadOptions } from '../shared/loadOptions';
import { openLineRouterProperties } from './description';
import { executeOpenLineRouter } from './execute';

export class OpenLineRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Open Line Router',
		name: 'openLineRouter',
		icon: { light: 'file:../bridge.svg', dark: 'file:../bridge.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["logic"] === "byTag" ? "By tag" : "By channel" }}',
		description: 'Choose the Bitrix24 Open Line for Chat2Desk items by channel or by tag',
		defaults: { name: 'Open Line Router' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Routed', 'Unrouted'],
		credentials: [
			{ name: 'chat2DeskApi', required: true },
			{ name: 'bitrix24OAuth2Api', required: true },
		],
		properties: openLineRouterProperties,
	};

	methods = { loadOptions: routerLoadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOpenLineRouter.call(this);
	}
}
