import type { INodeProperties } from 'n8n-workflow';

import * as deliveryErrorNotice from './deliveryErrorNotice.operation';
import * as toChat2Desk from './toChat2Desk.operation';
import * as toOpenLine from './toOpenLine.operation';

export const openLinesBridgeProperties: INodeProperties[] = [
	{
		displayName:
			"This node only transforms items and needs no credentials. Chat2Desk cannot edit or delete a delivered message: an operator's edit goes out as a corrected message, a delete as an internal comment for the Chat2Desk operators.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Chat2Desk Message to Open Line',
				value: 'toOpenLine',
				description:
					'Turn a Chat2Desk client message into the fields of Bitrix24 Open Lines → Send Message',
				action: 'Map a client message to an open line message',
			},
			{
				name: 'Delivery Error to Open Line',
				value: 'deliveryErrorNotice',
				description:
					'Turn a Chat2Desk delivery error into a notice for the Open Line chat of the client',
				action: 'Map a delivery error to an open line notice',
			},
			{
				name: 'Open Line Reply to Chat2Desk',
				value: 'toChat2Desk',
				description:
					'Turn an operator message (added, edited or deleted) into Chat2Desk messages, one per attachment',
				action: 'Map an operator reply to client messages',
			},
		],
		default: 'toOpenLine',
	},
	...toOpenLine.description,
	...toChat2Desk.description,
	...deliveryErrorNotice.description,
];
