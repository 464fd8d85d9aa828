import type { INodeProperties } from 'n8n-workflow';

/** "Open Line" picked from the portal's lines (`imopenlines.config.list.get`) or given by ID/expression. */
export const lineField: INodeProperties = {
	displayName: 'Open Line Name or ID',
	name: 'line',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLines' },
	default: '',
	required: true,
	description:
		'Open Line to use. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

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
