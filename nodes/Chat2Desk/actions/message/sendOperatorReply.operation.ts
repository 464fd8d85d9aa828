import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { compact } from '../../domain/params';
import {
	DEFAULT_DELETED_NOTICE,
	DEFAULT_EDITED_PREFIX,
	DEFAULT_MAX_CHAT2DESK_TEXT,
	DEFAULT_NAME_FORMAT,
	OperatorReplyError,
	toChat2DeskMessages,
} from '../../domain/operatorReply';
import { chat2DeskSendMessage } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName:
			"Chat2Desk cannot edit or delete a delivered message: an operator's edit goes out as a corrected message, a delete as an internal comment for the Chat2Desk operators. Each file is a message of its own.",
		name: 'operatorReplyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Open Line Message',
		name: 'openLineMessage',
		type: 'json',
		default: '={{ $json }}',
		description:
			'The operator message as the Bitrix24 Open Lines Trigger outputs it (message added, edited or deleted); its external chat ID is the Chat2Desk client ID',
	},
	{
		displayName: 'Sign Operator Name',
		name: 'signOperatorName',
		type: 'boolean',
		default: true,
		description:
			"Whether the operator's name is put at the start of the message that goes to the client",
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
					'Internal comment for the Chat2Desk operators when a Bitrix24 operator deletes a message. Placeholders: {externalId}, {messageId}, {chatId}, {name}.',
			},
			{
				displayName: 'Edited Message Prefix',
				name: 'editedPrefix',
				type: 'string',
				default: DEFAULT_EDITED_PREFIX,
				description: 'Put before the corrected text when an operator edits a message',
			},
			{
				displayName: 'Max Text Length',
				name: 'maxTextLength',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_CHAT2DESK_TEXT,
				description: 'Longer texts are cut (with "…") before they are sent',
			},
			{
				displayName: 'Name Format',
				name: 'nameFormat',
				type: 'string',
				default: DEFAULT_NAME_FORMAT,
				description:
					'How the operator name is put into the message when Sign Operator Name is on. Placeholders: {name}, {text}.',
				displayOptions: { show: { '/signOperatorName': [true] } },
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendOperatorReply'] } },
	properties,
);

/**
 * An Open Lines operator message → one Chat2Desk send per text/attachment
 * (https://help.chat2desk.com.br/api-and-webhooks/messages-post). Each output item is Chat2Desk's
 * answer plus `openLineMessage` (Bitrix24 chat and message ids, client id, edit/delete flags) for the
 * delivery status that follows; a message with nothing to send gives `{skipped, reason}`.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const raw = this.getNodeParameter('openLineMessage', i, {}) as unknown;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new NodeOperationError(this.getNode(), 'Open Line Message must be an object', {
			itemIndex: i,
		});
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const text = (key: string) => (options[key] === undefined ? undefined : String(options[key]));
	let result;
	try {
		result = toChat2DeskMessages(raw as IDataObject, {
			signOperatorName: this.getNodeParameter('signOperatorName', i, true) as boolean,
			nameFormat: text('nameFormat'),
			editedPrefix: text('editedPrefix'),
			deletedNotice: text('deletedNotice'),
			maxTextLength:
				options.maxTextLength === undefined ? undefined : Number(options.maxTextLength),
		});
	} catch (error) {
		// The only failure: an external chat ID that is not a Chat2Desk client ID.
		const message = error instanceof OperatorReplyError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), message, { itemIndex: i });
	}
	if (result.skipped) return [{ skipped: true, reason: result.reason }];
	const sent: IDataObject[] = [];
	for (const message of result.messages) {
		const body = compact({
			client_id: message.clientId,
			text: message.text,
			attachment: message.attachment,
			attachment_filename: message.attachmentFilename,
			type: message.type,
			external_id: message.externalId,
		});
		const answer = await chat2DeskSendMessage.call(this, body, { itemIndex: i });
		sent.push({ ...answer, openLineMessage: message });
	}
	return sent;
}
