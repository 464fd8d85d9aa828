import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sendStatus, statusFields } from './fields';

const properties: INodeProperties[] = [...statusFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['status'], operation: ['sendReading'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-send-status-reading.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await sendStatus.call(this, i, 'imconnector.send.status.reading');
}
