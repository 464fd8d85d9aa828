import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * "Open Line": picked from the portal's lines (`imopenlines.config.list.get`) or given by ID. The name
 * `line` is kept from the earlier dropdown, and a plain ID string still works: read it with
 * `readLine`, which extracts the value of either form.
 */
export const lineField: INodeProperties = {
	displayName: 'Open Line',
	name: 'line',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'Open Line to use',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an Open Line…',
			typeOptions: { searchListMethod: 'searchLines', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1',
			validation: [
				{
					type: 'regex',
					properties: { regex: '\\s*[0-9]+\\s*', errorMessage: 'Not a valid Open Line ID' },
				},
			],
		},
	],
};

/** The Open Line ID of item `i`, whether the parameter holds a picked line or a legacy plain value. */
export function readLine(this: IExecuteFunctions, i: number): string {
	return String(this.getNodeParameter('line', i, '', { extractValue: true }) ?? '').trim();
}

/** Connector ID: letters, digits and underscores; Bitrix24 lower-cases it. */
export const connectorField: INodeProperties = {
	displayName: 'Connector ID',
	name: 'connector',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'chat2desk',
	description: 'ID of your custom connector (letters, digits, underscores; no dots)',
};

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};
