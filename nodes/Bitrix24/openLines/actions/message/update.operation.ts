import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { itemFailure } from '../../../domain/apiErrors';
import {
	buildConnectorMessage,
	MessageInputError,
	messageResults,
	summariseMessageResult,
} from '../../../domain/connectorMessages';
import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest, bitrix24Error } from '../../../transport';
import { messageFields, readMessageInput } from './fields';

const properties: INodeProperties[] = [
	connectorField,
	lineField,
	...messageFields.map((field) =>
		field.name === 'messageId'
			? {
					...field,
					required: true,
					description: 'Your ID of the message, as given when it was sent',
				}
			: field,
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['update'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-update-messages.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	const input = readMessageInput.call(this, i);
	if (!input.messageId || input.messageId.trim() === '') {
		throw new NodeOperationError(
			this.getNode(),
			'External Message ID is required to update a message',
			{
				itemIndex: i,
			},
		);
	}
	let message: IDataObject;
	try {
		message = buildConnectorMessage(input) as IDataObject;
	} catch (error) {
		if (error instanceof MessageInputError) {
			throw new NodeOperationError(this.getNode(), error.message, { itemIndex: i });
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
	const result = await bitrix24ApiRequest.call(
		this,
		'imconnector.update.messages',
		{ CONNECTOR: connector, LINE: line, MESSAGES: [message] },
		{ itemIndex: i },
	);
	const entry = messageResults(result)[0];
	const failure = entry === undefined ? undefined : itemFailure(entry);
	if (failure) throw bitrix24Error.call(this, failure, i);
	return { connector, line, ...summariseMessageResult(entry) };
}
