import type { INodeProperties } from 'n8n-workflow';

import type { ResourceMap } from '../../shared/execution/router';
import * as channel from './channel';
import * as client from './client';
import * as dialog from './dialog';
import * as message from './message';
import * as operator from './operator';
import * as request from './request';
import * as tag from './tag';
import * as webAnalytics from './webAnalytics';

export const resources = {
	channel: channel.operations,
	client: client.operations,
	dialog: dialog.operations,
	message: message.operations,
	operator: operator.operations,
	request: request.operations,
	tag: tag.operations,
	webAnalytics: webAnalytics.operations,
} satisfies ResourceMap;

export const properties: INodeProperties[] = [
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
];
