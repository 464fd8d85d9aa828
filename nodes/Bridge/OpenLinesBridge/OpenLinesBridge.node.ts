import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { openLinesBridgeProperties } from './description';
import { executeOpenLinesBridge } from './execute';

export class OpenLinesBridge implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Open Lines Bridge',
		name: 'openLinesBridge',
		icon: { light: 'file:../bridge.svg', dark: 'file:../bridge.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"toOpenLine": "Chat2Desk message to Open Line", "toChat2Desk": "Open Line reply to Chat2Desk", "deliveryErrorNotice": "Delivery error to Open Line"}[$parameter["operation"]] }}',
		description:
			'Map messages between Chat2Desk and Bitrix24 Open Lines (no credentials: it only transforms items)',
		defaults: { name: 'Open Lines Bridge' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: openLinesBridgeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOpenLinesBridge.call(this);
	}
}
