import type { INodeProperties } from 'n8n-workflow';

import { clientIdField, requestIdField, tagSourceField } from '../shared/descriptions';

const unlessIgnored = { hide: { mode: ['ignoreTags'] } };

export const tagFilterProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Accept Only Tagged',
				value: 'acceptTagged',
				description: 'Pass only items whose client or request has the chosen tags',
			},
			{
				name: "Don't Process Tags",
				value: 'ignoreTags',
				description: 'Pass every item without looking at tags',
			},
			{
				name: 'Reject Tagged',
				value: 'rejectTagged',
				description: 'Filter out items whose client or request has the chosen tags',
			},
		],
		default: 'acceptTagged',
		description: 'The "Tags" setting of the Chat2Desk Open Lines integration',
	},
	{
		displayName: 'Every item goes to the Passed output; Chat2Desk is not called',
		name: 'ignoreNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['ignoreTags'] } },
	},
	{
		displayName: 'Tag Names or IDs',
		name: 'tagIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTags' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Leave empty to count any tag',
		displayOptions: unlessIgnored,
	},
	tagSourceField({ displayOptions: unlessIgnored }),
	// Always shown: an id expression the editor drops while hidden would silently fall back to the
	// default when the mode changes, and templates point these at the triggering event.
	clientIdField(),
	requestIdField(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: unlessIgnored,
		options: [
			{
				displayName: 'Tag Match',
				name: 'tagMatch',
				type: 'options',
				options: [
					{
						name: 'All Chosen Tags',
						value: 'all',
						description: 'Tagged means: carries every chosen tag',
					},
					{
						name: 'Any Chosen Tag',
						value: 'any',
						description: 'Tagged means: carries at least one chosen tag',
					},
				],
				default: 'any',
				description: 'When an item counts as tagged',
			},
		],
	},
];
