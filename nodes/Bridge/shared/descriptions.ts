import type { INodeProperties } from 'n8n-workflow';

/** Where tags are read from; shared by the Tag Filter and the Open Line Router. */
export function tagSourceField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Tag Source',
		name: 'tagSource',
		type: 'options',
		options: [
			{
				name: 'Client Tags',
				value: 'client',
				description: 'Tags on the Chat2Desk client (read with GET /v1/clients/{ID})',
			},
			{
				name: 'Client or Request Tags',
				value: 'clientOrRequest',
				description: 'Tags on the client and on the request together',
			},
			{
				name: 'Request Tags',
				value: 'request',
				description: 'Tags on the Chat2Desk request (read with GET /v1/requests/{ID})',
			},
		],
		default: 'clientOrRequest',
		description: 'Which tags count',
		...overrides,
	};
}

export function clientIdField(displayOptions?: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '={{ $json.clientId }}',
		description: 'The Chat2Desk client of the item (the Chat2Desk Trigger outputs it as clientId)',
		displayOptions,
	};
}

export function requestIdField(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '={{ $json.requestId }}',
		description:
			'The Chat2Desk request of the item (the Chat2Desk Trigger outputs it as requestId)',
		displayOptions,
	};
}
