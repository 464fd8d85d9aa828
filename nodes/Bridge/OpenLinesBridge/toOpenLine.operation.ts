import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { toOpenLineMessage } from '../domain/openLineMessage';
import { dropSkippedOption, type OperationResult } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Sign Phone Number in Group Chats',
		name: 'signGroupSenderPhone',
		type: 'boolean',
		default: true,
		description:
			'Whether a group-chat message sent to the Open Line starts with the sender\'s phone ("+79001234567: Hi"). Off removes the phone prefix. The Chat2Desk setting "Sign phone number to messages in group chats".',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			dropSkippedOption(
				'Drop items that are not client messages (or have nothing to send) instead of passing them on with a "skipped" field',
			),
			{
				displayName: 'Group Sender Pattern',
				name: 'groupSenderPattern',
				type: 'string',
				default: '',
				placeholder: '^\\[(?<phone>\\d+)\\]\\s*',
				description:
					'Regular expression that finds the sender prefix of a group-chat message. The named group "phone" (or the first group) is the phone. Empty: "+79001234567: text", "79001234567 - text" and a phone on its own first line.',
			},
			{
				displayName: 'Include Message Date',
				name: 'includeMessageDate',
				type: 'boolean',
				default: true,
				description:
					'Whether to pass the Chat2Desk message time as the message date (otherwise Bitrix24 uses the time it receives the message)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['toOpenLine'] } },
	properties,
);

/**
 * Chat2Desk client message → `openLineMessage` for Bitrix24 Open Lines → Send Message
 * (https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-send-messages.html).
 */
export function execute(this: IExecuteFunctions, i: number, json: IDataObject): OperationResult {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const settings = {
		signGroupSenderPhone: this.getNodeParameter('signGroupSenderPhone', i, true) as boolean,
		groupSenderPattern: String(options.groupSenderPattern ?? ''),
		includeMessageDate: options.includeMessageDate !== false,
	};
	let result;
	try {
		// Invalid sender pattern, item that is no Chat2Desk message, message without a client.
		result = toOpenLineMessage(json, settings);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
	if (result.skipped) return { skipped: result.reason };
	return { items: [{ ...json, openLineMessage: result.message }] };
}
