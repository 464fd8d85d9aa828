import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_DELETED_NOTICE,
	DEFAULT_EDITED_PREFIX,
	DEFAULT_NAME_FORMAT,
	toChat2DeskMessages,
} from '../domain/operatorReply';
import { dropSkippedOption, type OperationResult } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Sign Operator Name',
		name: 'signOperatorName',
		type: 'boolean',
		default: true,
		description:
			'Whether the operator\'s name is put at the start of the message that goes to the client. The Chat2Desk setting "Sign operator name on outgoing messages".',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Deleted Message Notice',
				name: 'deletedNotice',
				type: 'string',
				default: DEFAULT_DELETED_NOTICE,
				description:
					'Internal comment for the Chat2Desk operators when a Bitrix24 operator deletes a message (Chat2Desk cannot delete a delivered message). Placeholders: {externalId}, {messageId}, {chatId}, {name}.',
			},
			dropSkippedOption(
				'Drop items that are not operator messages (or have nothing to send) instead of passing them on with a "skipped" field',
			),
			{
				displayName: 'Edited Message Prefix',
				name: 'editedPrefix',
				type: 'string',
				default: DEFAULT_EDITED_PREFIX,
				description:
					'Put before the corrected text when an operator edits a message (Chat2Desk cannot edit a delivered message, so the correction goes out as a new message)',
			},
			{
				displayName: 'Name Format',
				name: 'nameFormat',
				type: 'string',
				default: DEFAULT_NAME_FORMAT,
				description:
					'How the operator name is put into the message when Sign Operator Name is on. Placeholders: {name}, {text}.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['toChat2Desk'] } },
	properties,
);

/**
 * Bitrix24 Open Lines Trigger item (operator message added, edited or deleted) → one
 * `chat2deskMessage` per Chat2Desk send (https://help.chat2desk.com.br/api-and-webhooks/messages-post).
 */
export function execute(this: IExecuteFunctions, i: number, json: IDataObject): OperationResult {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const text = (key: string) => (options[key] === undefined ? undefined : String(options[key]));
	const settings = {
		signOperatorName: this.getNodeParameter('signOperatorName', i, true) as boolean,
		nameFormat: text('nameFormat'),
		editedPrefix: text('editedPrefix'),
		deletedNotice: text('deletedNotice'),
	};
	let result;
	try {
		// The only failure: an external chat ID that is not a Chat2Desk client ID.
		result = toChat2DeskMessages(json, settings);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
	if (result.skipped) return { skipped: result.reason };
	return { items: result.messages.map((chat2deskMessage) => ({ ...json, chat2deskMessage })) };
}
