import type { INodeProperties } from 'n8n-workflow';

import type { ResourceMap } from '../../../shared/execution/router';
import * as chat from './chat';
import * as connector from './connector';
import * as dialog from './dialog';
import * as line from './line';
import * as message from './message';
import * as status from './status';

export const resources = {
	chat: chat.operations,
	connector: connector.operations,
	dialog: dialog.operations,
	line: line.operations,
	message: message.operations,
	status: status.operations,
} satisfies ResourceMap;

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Chat', value: 'chat' },
			{ name: 'Connector', value: 'connector' },
			{ name: 'Dialog', value: 'dialog' },
			{ name: 'Line', value: 'line' },
			{ name: 'Message', value: 'message' },
			{ name: 'Status', value: 'status' },
		],
		default: 'message',
	},
	...connector.description,
	...message.description,
	...status.description,
	...chat.description,
	...line.description,
	...dialog.description,
];
