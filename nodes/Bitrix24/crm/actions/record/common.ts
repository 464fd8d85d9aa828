import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperField,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toCrmFields } from '../../../domain/crmFields';
import type { Bitrix24CredentialType, Bitrix24RequestOptions } from '../../../transport';
import { pickFromListOrById } from '../../../shared/descriptions';

export type CrmResource = 'lead' | 'deal';

/** Address of a lead or deal card, e.g. `https://x.bitrix24.com/crm/deal/details/42/`; group 1 is the ID. */
const CRM_CARD_URL = 'https?://[^/]+/crm/(?:lead|deal)/details/([0-9]+).*';

/** Request options of item `i`: the credential chosen in "Authentication". */
export function requestOptions(this: IExecuteFunctions, i: number): Bitrix24RequestOptions {
	return {
		credentialType: this.getNodeParameter('authentication', 0) as Bitrix24CredentialType,
		itemIndex: i,
	};
}

export function crmResource(this: IExecuteFunctions): CrmResource {
	return this.getNodeParameter('resource', 0) as CrmResource;
}

/**
 * The lead or deal: picked from a search (title or ID), by ID, or by the address of its card. The name
 * `id` is kept from the earlier text field, and a plain ID still works (`readId` extracts either form).
 */
export const idField = pickFromListOrById({
	displayName: 'Record',
	name: 'id',
	description: 'The lead or deal',
	searchListMethod: 'searchCrmRecords',
	listPlaceholder: 'Search by title or ID…',
	idPlaceholder: 'e.g. 42',
	idError: 'Not a valid record ID',
	modes: [
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://example.bitrix24.com/crm/lead/details/42/',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: CRM_CARD_URL,
						errorMessage: 'Not the address of a lead or deal card',
					},
				},
			],
			extractValue: { type: 'regex', regex: CRM_CARD_URL },
		},
	],
});

/** Positive integer ID of item `i` (a picked record, an ID, a card address, or a legacy plain value). */
export function readId(this: IExecuteFunctions, i: number): number {
	const raw = String(this.getNodeParameter('id', i, '', { extractValue: true }) ?? '').trim();
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), `"${raw}" is not a valid record ID`, {
			itemIndex: i,
		});
	}
	return id;
}

export const sonetOption: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Register in Activity Stream',
			name: 'registerSonetEvent',
			type: 'boolean',
			default: true,
			description: 'Whether Bitrix24 posts the change to the activity stream',
		},
	],
};

/** resourceMapper value of item `i` → Bitrix24 `fields`. */
export function readMappedFields(this: IExecuteFunctions, i: number): IDataObject {
	const mode = this.getNodeParameter('columns.mappingMode', i, 'defineBelow') as string;
	const schema = this.getNodeParameter('columns.schema', i, []) as ResourceMapperField[];
	let values: IDataObject;
	if (mode === 'autoMapInputData') {
		const known = new Set(
			schema.filter((field) => field.display !== false).map((field) => field.id),
		);
		const json = this.getInputData()[i]?.json ?? {};
		values = Object.fromEntries(
			Object.entries(json).filter(([key]) => known.has(key)),
		) as IDataObject;
	} else {
		values = (this.getNodeParameter('columns.value', i, {}) ?? {}) as IDataObject;
	}
	return toCrmFields(values, schema) as IDataObject;
}

/** The field mapper of Create and Update, fed by `crm.lead.fields` / `crm.deal.fields`. */
export function columnsField(resourceMapperMethod: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['resource', 'authentication'],
			resourceMapper: {
				resourceMapperMethod,
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	};
}
