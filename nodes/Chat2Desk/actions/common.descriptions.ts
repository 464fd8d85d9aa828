import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/**
 * Id parameters the user can also pick from a list. Keyed by parameter name so that every operation
 * asking for a client, dialog or request gets the picker through `idField` without knowing about it;
 * the names stay the same, so saved workflows and templates keep working (a plain string or number
 * value is still accepted: `getId` reads with `extractValue`).
 */
const PICKERS: Record<string, { searchListMethod: string; placeholder: string }> = {
	clientId: { searchListMethod: 'searchClients', placeholder: 'Search by phone or name…' },
	dialogId: { searchListMethod: 'searchDialogs', placeholder: 'Search dialogs…' },
	requestId: { searchListMethod: 'searchRequests', placeholder: 'Search requests…' },
};

/**
 * A required numeric Chat2Desk id: a resource locator (from a list, or by ID) for clients, dialogs and
 * requests, otherwise text (so expressions and AI tools can fill it).
 */
export function idField(name: string, displayName: string, description: string): INodeProperties {
	const picker = PICKERS[name];
	if (picker) {
		return {
			displayName: displayName.replace(/ ID$/, ''),
			name,
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			description,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: picker.placeholder,
					typeOptions: { searchListMethod: picker.searchListMethod, searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 17340089',
					validation: [
						{
							type: 'regex',
							properties: { regex: '\\s*[0-9]+\\s*', errorMessage: 'Not a valid ID' },
						},
					],
				},
			],
		};
	}
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 17340089',
		description,
	};
}

/** The "Update Fields" collection of an update operation. */
export function updateFieldsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	};
}

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export function channelField(name = 'channelId'): INodeProperties {
	return {
		displayName: 'Channel Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getChannels' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function operatorField(name = 'operatorId'): INodeProperties {
	return {
		displayName: 'Operator Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOperators' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function operatorGroupField(name = 'groupId'): INodeProperties {
	return {
		displayName: 'Operator Group Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getOperatorGroups' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function transportField(name = 'transport'): INodeProperties {
	return {
		displayName: 'Transport Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTransports' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function tagsField(name = 'tagIds', required = true): INodeProperties {
	return {
		displayName: 'Tag Names or IDs',
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTags' },
		required,
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function tagGroupField(name = 'tagGroupId'): INodeProperties {
	return {
		displayName: 'Tag Group Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTagGroups' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export function customFieldField(): INodeProperties {
	return {
		displayName: 'Field Name or ID',
		name: 'fieldId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCustomClientFields' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export const orderField: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'options',
	options: [
		{ name: 'Ascending', value: 'asc' },
		{ name: 'Descending', value: 'desc' },
	],
	default: 'asc',
	description: 'Sort order by ID',
};

/** Reads a required id parameter and checks it is a positive integer. */
export function getId(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label?: string,
): number {
	const raw = this.getNodeParameter(name, itemIndex, '', { extractValue: true }) as string | number;
	const text = String(raw ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw new NodeOperationError(
			this.getNode(),
			`${label ?? name} must be a positive whole number, got "${text}"`,
			{ itemIndex },
		);
	}
	return Number(text);
}

/** An optional id (empty → undefined); anything else must be a positive whole number. */
export function toOptionalId(
	this: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const text = String(value).trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw new NodeOperationError(
			this.getNode(),
			`${label} must be a positive whole number, got "${text}"`,
			{
				itemIndex,
			},
		);
	}
	return Number(text);
}

/** The `limit` for a "Return All / Limit" pair: undefined means everything. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}
