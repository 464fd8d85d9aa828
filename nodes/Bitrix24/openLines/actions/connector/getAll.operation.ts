import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { bitrix24ApiRequest } from '../../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getAll'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-list.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const result = await bitrix24ApiRequest.call(this, 'imconnector.list', {}, { itemIndex: i });
	const entries = typeof result === 'object' && result !== null ? Object.entries(result) : [];
	return entries.map(([id, name]) => ({ id, name: String(name) }));
}
