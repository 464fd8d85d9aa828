import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { userFieldCode } from '../../../domain/userFields';
import { bitrix24ApiRequest, bitrix24ApiRequestAllItems } from '../../../transport';
import { crmResource, requestOptions } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. C2D_CLIENT_ID',
		description:
			'Code of the field; Bitrix24 adds the UF_CRM_ prefix when it is missing. Latin letters, digits and underscores, at most 13 after the prefix.',
	},
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Chat2Desk client ID',
		description: 'Name of the field on the card and in lists',
	},
	{
		displayName: 'Type',
		name: 'userTypeId',
		type: 'options',
		options: [
			{ name: 'Boolean', value: 'boolean' },
			{ name: 'Date', value: 'date' },
			{ name: 'Date and Time', value: 'datetime' },
			{ name: 'Integer', value: 'integer' },
			{ name: 'Number', value: 'double' },
			{ name: 'String', value: 'string' },
			{ name: 'URL', value: 'url' },
		],
		default: 'string',
	},
	{
		displayName: 'If the Field Exists',
		name: 'ifExists',
		type: 'options',
		options: [
			{
				name: 'Return the Existing Field',
				value: 'returnExisting',
				description: 'Look the name up first, so running the node again creates nothing',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'Let Bitrix24 refuse the duplicate',
			},
		],
		default: 'returnExisting',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Label Language',
				name: 'labelLanguage',
				type: 'string',
				default: 'en',
				description: 'Language the label is stored for',
			},
			{
				displayName: 'Multiple',
				name: 'multiple',
				type: 'boolean',
				default: false,
				description: 'Whether the field holds several values',
			},
			{
				displayName: 'Show in Filter',
				name: 'showFilter',
				type: 'boolean',
				default: false,
				description: 'Whether the field can be used in the list filter',
			},
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'number',
				default: 100,
				description: 'Position among the user fields',
			},
			{
				displayName: 'XML ID',
				name: 'xmlId',
				type: 'string',
				default: '',
				description: 'External code of the field, e.g. for an integration to recognise it',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['createUserField'] } },
	properties,
);

/**
 * https://apidocs.bitrix24.com/api-reference/crm/leads/userfield/crm-lead-userfield-add.html (and deal).
 * Returns the field with `created`: false when it already existed (found by its full code).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const resource = crmResource.call(this);
	const name = String(this.getNodeParameter('fieldName', i) ?? '');
	const code = userFieldCode(name);
	if (!code) {
		throw new NodeOperationError(
			this.getNode(),
			`"${name}" is not a valid user field name (Latin letters, digits and underscores, at most 13 after UF_CRM_)`,
			{ itemIndex: i },
		);
	}
	const label = String(this.getNodeParameter('label', i) ?? '').trim() || code;
	const userTypeId = this.getNodeParameter('userTypeId', i, 'string') as string;
	const ifExists = this.getNodeParameter('ifExists', i, 'returnExisting') as string;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const language = String(options.labelLanguage ?? 'en').trim() || 'en';

	if (ifExists === 'returnExisting') {
		const existing = await bitrix24ApiRequestAllItems.call(
			this,
			`crm.${resource}.userfield.list`,
			{ filter: { FIELD_NAME: code, LANG: language } },
			requestOptions.call(this, i),
		);
		if (existing.length > 0) return { ...existing[0], created: false };
	}

	const fields: IDataObject = {
		FIELD_NAME: code,
		USER_TYPE_ID: userTypeId,
		EDIT_FORM_LABEL: { [language]: label },
		LIST_COLUMN_LABEL: { [language]: label },
		MULTIPLE: options.multiple === true ? 'Y' : 'N',
		SHOW_FILTER: options.showFilter === true ? 'Y' : 'N',
	};
	if (typeof options.sort === 'number') fields.SORT = options.sort;
	if (typeof options.xmlId === 'string' && options.xmlId.trim() !== '')
		fields.XML_ID = options.xmlId.trim();
	const id = await bitrix24ApiRequest.call(
		this,
		`crm.${resource}.userfield.add`,
		{ fields },
		requestOptions.call(this, i),
	);
	return {
		ID: String(id),
		FIELD_NAME: code,
		USER_TYPE_ID: userTypeId,
		EDIT_FORM_LABEL: label,
		created: true,
	};
}
