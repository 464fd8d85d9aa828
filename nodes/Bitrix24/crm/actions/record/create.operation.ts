import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { bitrix24ApiRequest } from '../../../transport';
import {
	columnsField,
	crmResource,
	readMappedFields,
	requestOptions,
	sonetOption,
} from './common';

const properties: INodeProperties[] = [
	columnsField('getCrmFieldsForCreate'),
	sonetOption,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['create'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-add.html (and crm.deal.add) */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const resource = crmResource.call(this);
	const fields = readMappedFields.call(this, i);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`No ${resource} fields to create the record with`,
			{
				itemIndex: i,
			},
		);
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const params: IDataObject = { fields };
	if (typeof options.registerSonetEvent === 'boolean') {
		params.params = { REGISTER_SONET_EVENT: options.registerSonetEvent ? 'Y' : 'N' };
	}
	const id = await bitrix24ApiRequest.call(
		this,
		`crm.${resource}.add`,
		params,
		requestOptions.call(this, i),
	);
	return { id: Number(id), fields };
}
