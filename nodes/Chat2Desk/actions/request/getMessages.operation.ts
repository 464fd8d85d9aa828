import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { normaliseRequestMessage, sortMessages } from '../../domain/messages';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('requestId', 'Request ID', 'ID of the request whose messages to return'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['getMessages'] } },
	properties,
);

/**
 * One item per message, oldest first. The endpoint answers a bare array whose field names differ by
 * API version (camelCase `clientID` or snake_case `client_id`, Unix `created`); items get both the
 * original fields and stable camelCase ones (`clientId`, `dialogId`, ISO `created`).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const requestId = getId.call(this, 'requestId', i, 'Request ID');
	const data = await chat2DeskApiRequest.call(
		this,
		'GET',
		`/v1/requests/${requestId}/messages`,
		{},
		{ itemIndex: i },
	);
	const rows = Array.isArray(data) ? (data as IDataObject[]) : [];
	return sortMessages(rows.map((row) => ({ ...normaliseRequestMessage(row), requestId })));
}
