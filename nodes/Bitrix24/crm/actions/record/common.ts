import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperField,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toCrmFields } from '../../../domain/crmFields';
import type { Bitrix24CredentialType, Bitrix24RequestOptions } from '../../../transport';

export type CrmResource = 'lead' | 'deal';

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

export const idField: INodeProperties = {
	displayName: 'ID',
	name: 'id',
	type: 'string',
	default: '',
	required: true,
	description: 'ID of the record',
};

/** Positive integer ID of item `i`. */
export function readId(this: IExecuteFunctions, i: number): number {
	const raw = String(this.getNodeParameter('id', i) ?? '').trim();
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
