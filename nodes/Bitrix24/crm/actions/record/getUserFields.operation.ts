import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { userFieldCode } from '../../../domain/userFields';
import { bitrix24ApiRequestAllItems } from '../../../transport';
import { crmResource, requestOptions } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		placeholder: 'e.g. C2D_CLIENT_ID',
		description:
			'Only the user field with this code (with or without the UF_CRM_ prefix); empty for all user fields',
	},
	{
		displayName: 'Label Language',
		name: 'labelLanguage',
		type: 'string',
		default: 'en',
		description:
			'Language of the labels to return (Bitrix24 returns EDIT_FORM_LABEL and LIST_COLUMN_LABEL only for a named language)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['getUserFields'] } },
	properties,
);

/** Filter of `crm.*.userfield.list` for item `i`. */
export function userFieldFilter(this: IExecuteFunctions, i: number): IDataObject {
	const filter: IDataObject = {};
	const language = String(this.getNodeParameter('labelLanguage', i, 'en') ?? '').trim();
	if (language) filter.LANG = language;
	const name = String(this.getNodeParameter('fieldName', i, '') ?? '');
	if (name.trim() !== '') {
		const code = userFieldCode(name);
		if (!code) {
			throw new NodeOperationError(
				this.getNode(),
				`"${name}" is not a valid user field name (Latin letters, digits and underscores, at most 13 after UF_CRM_)`,
				{ itemIndex: i },
			);
		}
		filter.FIELD_NAME = code;
	}
	return filter;
}

/** https://apidocs.bitrix24.com/api-reference/crm/leads/userfield/crm-lead-userfield-list.html (and deal) */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const resource = crmResource.call(this);
	return await bitrix24ApiRequestAllItems.call(
		this,
		`crm.${resource}.userfield.list`,
		{ filter: userFieldFilter.call(this, i), order: { SORT: 'ASC' } },
		requestOptions.call(this, i),
	);
}
