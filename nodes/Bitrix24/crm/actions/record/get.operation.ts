import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { bitrix24ApiRequest } from '../../../transport';
import { crmResource, idField, readId, requestOptions } from './common';

const properties: INodeProperties[] = [idField];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['get'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-get.html (and crm.deal.get) */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const resource = crmResource.call(this);
	const id = readId.call(this, i);
	return (await bitrix24ApiRequest.call(
		this,
		`crm.${resource}.get`,
		{ id },
		requestOptions.call(this, i),
	)) as IDataObject;
}
