import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sendStatus, statusFields } from './fields';

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
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const date = String(this.getNodeParameter('date', i, '') ?? '');
	return await sendStatus.call(
		this,
		i,
		'imconnector.send.status.delivery',
		date === '' ? String(Math.floor(Date.now() / 1000)) : date,
	);
}
