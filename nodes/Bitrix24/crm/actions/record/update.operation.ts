import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { bitrix24ApiRequest } from '../../../transport';
import {
	columnsField,
	crmResource,
	idField,
	readId,
	readMappedFields,
	requestOptions,
	sonetOption,
} from './common';

const properties: INodeProperties[] = [
	idField,
	columnsField('getCrmFieldsForUpdate'),
	sonetOption,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['update'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-update.html (and crm.deal.update) */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const resource = crmResource.call(this);
	const id = readId.call(this, i);
	const fields = readMappedFields.call(this, i);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Map at least one field to update', {
			itemIndex: i,
		});
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const params: IDataObject = { id, fields };
	if (typeof options.registerSonetEvent === 'boolean') {
		params.params = { REGISTER_SONET_EVENT: options.registerSonetEvent ? 'Y' : 'N' };
	}
	await bitrix24ApiRequest.call(
		this,
		`crm.${resource}.update`,
		params,
		requestOptions.call(this, i),
	);
	return { id, updated: true, fields };
}
