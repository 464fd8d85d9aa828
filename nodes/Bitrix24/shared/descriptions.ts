import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

/** A record picker: "From List" (a searchable `listSearch` method) or "By ID", plus any further modes. */
export function pickFromListOrById(picker: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	idError: string;
	/** Modes offered after "From List" and "By ID". */
	modes?: INodePropertyMode[];
}): INodeProperties {
	return {
		displayName: picker.displayName,
		name: picker.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: picker.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: picker.listPlaceholder,
				typeOptions: {
					searchListMethod: picker.searchListMethod,
					searchable: true,
				},
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: picker.idPlaceholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '\\s*[0-9]+\\s*',
							errorMessage: picker.idError,
						},
					},
				],
			},
			...(picker.modes ?? []),
		],
	};
}

/**
 * "Open Line": picked from the portal's lines (`imopenlines.config.list.get`) or given by ID. The name
 * `line` is kept from the earlier dropdown, and a plain ID string still works: read it with
 * `readLine`, which extracts the value of either form.
 */
export const lineField = pickFromListOrById({
	displayName: 'Open Line',
	name: 'line',
	description: 'Open Line to use',
	searchListMethod: 'searchLines',
	listPlaceholder: 'Select an Open Line…',
	idPlaceholder: 'e.g. 1',
	idError: 'Not a valid Open Line ID',
});

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
