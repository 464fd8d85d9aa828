import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemOutcome } from '../../../../shared/execution/router';
import { sendStatuses, statusFields } from './fields';

const properties: INodeProperties[] = [...statusFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['status'], operation: ['sendReading'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-send-status-reading.html */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemOutcome[]> {
	return await sendStatuses.call(this, items, 'imconnector.send.status.reading');
}
