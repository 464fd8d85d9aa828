import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemOutcome } from '../../../../shared/execution/router';
import { sendStatuses, statusFields } from './fields';

const properties: INodeProperties[] = [
	...statusFields,
	{
		displayName: 'Delivery Date',
		name: 'date',
		type: 'string',
		default: '',
		description: 'Unix time or ISO date of delivery; empty means now',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['status'], operation: ['sendDelivery'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-send-status-delivery.html */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemOutcome[]> {
	const now = String(Math.floor(Date.now() / 1000));
	return await sendStatuses.call(this, items, 'imconnector.send.status.delivery', (i) => {
		const date = String(this.getNodeParameter('date', i, '') ?? '');
		return date === '' ? now : date;
	});
}
