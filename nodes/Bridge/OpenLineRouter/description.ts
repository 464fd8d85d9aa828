import type { INodeProperties } from 'n8n-workflow';

import { clientIdField, requestIdField, tagSourceField } from '../shared/descriptions';

const byChannel = { show: { logic: ['byChannel'] } };
const byTag = { show: { logic: ['byTag'] } };

function lineField(): INodeProperties {
	return {
		displayName: 'Open Line Name or ID',
		name: 'lineId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLines' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

export const openLineRouterProperties: INodeProperties[] = [
	{
		displayName: 'Logic',
		name: 'logic',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'By Channel',
				value: 'byChannel',
				description: 'The Chat2Desk channel the client wrote to decides the Open Line',
			},
			{
				name: 'By Tag',
				value: 'byTag',
				description: 'A tag on the client or request decides the Open Line',
			},
		],
		default: 'byChannel',
		description: 'The "Open Lines logic" setting of the Chat2Desk Open Lines integration',
	},
	{
		displayName: 'Channel ID',
		name: 'channelId',
		type: 'string',
		default: '={{ $json.channelId }}',
		description:
			'The Chat2Desk channel of the item (the Chat2Desk Trigger outputs it as channelId)',
		displayOptions: byChannel,
	},
	{
		displayName: 'Channel Routes',
		name: 'channelRoutes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Route',
		default: {},
		description: 'Which Open Line each channel feeds. The first route of a channel wins.',
		displayOptions: byChannel,
		options: [
			{
				name: 'routes',
				displayName: 'Route',
				values: [
					{
						displayName: 'Channel Name or ID',
						name: 'channelId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getChannels' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					lineField(),
				],
			},
		],
	},
	{
		displayName: 'Tag Routes',
		name: 'tagRoutes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Route',
		default: {},
		description:
			'Which Open Line each tag leads to. Routes are checked in the order listed; the first tag the item carries wins.',
		displayOptions: byTag,
		options: [
			{
				name: 'routes',
				displayName: 'Route',
				values: [
					{
						displayName: 'Tag Name or ID',
						name: 'tagId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTags' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					lineField(),
				],
			},
		],
	},
	tagSourceField({ displayOptions: byTag }),
	// Always shown, for the same reason as in the Tag Filter.
	clientIdField(),
	requestIdField(),
	{
		displayName: 'Default Open Line Name or ID',
		name: 'defaultLine',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLinesOrNone' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Used when no route matches. "None (Leave Unrouted)" sends such items to the Unrouted output.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Line Name',
				name: 'includeLineName',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the Open Line name to the output (one extra Bitrix24 call per execution)',
			},
		],
	},
];
