import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { tagFilterLoadOptions } from '../shared/loadOptions';
import { tagFilterProperties } from './description';
import { executeTagFilter } from './execute';

export class Chat2DeskTagFilter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat2Desk Tag Filter',
		name: 'chat2DeskTagFilter',
		icon: { light: 'file:../bridge.svg', dark: 'file:../bridge.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"acceptTagged": "Accept only tagged", "rejectTagged": "Reject tagged", "ignoreTags": "Don\'t process tags"}[$parameter["mode"]] }}',
		description: 'Pass or filter out Chat2Desk items by the tags of their client or request',
		defaults: { name: 'Chat2Desk Tag Filter' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Passed', 'Filtered Out'],
		credentials: [{ name: 'chat2DeskApi', required: true }],
		properties: tagFilterProperties,
	};

	methods = { loadOptions: tagFilterLoadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeTagFilter.call(this);
	}
}
