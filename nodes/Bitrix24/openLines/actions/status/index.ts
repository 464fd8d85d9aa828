import type { INodeProperties } from 'n8n-workflow';

import { type OperationMap, operationDescriptions } from '../../../../shared/execution/router';
import * as sendDelivery from './sendDelivery.operation';
import * as sendReading from './sendReading.operation';

export const operations = { sendDelivery, sendReading } satisfies OperationMap;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['status'] } },
		options: [
			{
				name: 'Send Delivery',
				value: 'sendDelivery',
				action: 'Confirm delivery of an operator message',
				description:
					'Tell Bitrix24 an operator message reached the client (clears the sending mark; enables edit/delete events)',
			},
			{
				name: 'Send Reading',
				value: 'sendReading',
				action: 'Confirm reading of an operator message',
			},
		],
		default: 'sendDelivery',
	},
	...operationDescriptions(operations),
];
