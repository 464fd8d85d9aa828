import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OutgoingMessageInput } from '../../../domain/connectorMessages';
import { buildDeliveryNotice, DEFAULT_NOTICE_TEXT } from '../../../domain/deliveryError';
import {
	DEFAULT_MAX_OPEN_LINE_TEXT,
	toOpenLineMessage,
	type OpenLineMessage,
} from '../../../domain/openLineMessage';

/**
 * Send → Input: a Chat2Desk message (as the Chat2Desk Trigger outputs it, or a row of Chat2Desk's
 * message list) or a Chat2Desk delivery error, read from one parameter instead of a dozen expressions
 * per item: every expression is evaluated per item, the main CPU cost of a large send.
 */

export const INPUT_DEFINE_BELOW = 'defineBelow';
export const INPUT_CHAT2DESK_MESSAGE = 'chat2deskMessage';
export const INPUT_DELIVERY_ERROR = 'chat2deskDeliveryError';

export const inputField: INodeProperties = {
	displayName: 'Input',
	name: 'input',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Chat2Desk Message',
			value: INPUT_CHAT2DESK_MESSAGE,
			description:
				"A client message as the Chat2Desk Trigger or Chat2Desk's message list outputs it: text, files, client name and phone are read from it",
		},
		{
			name: 'Chat2Desk Delivery Error',
			value: INPUT_DELIVERY_ERROR,
			description:
				"A Chat2Desk delivery error (an outbox_status event or a failed Chat2Desk send): posts a notice into the client's Open Line chat",
		},
		{ name: 'Define Below', value: INPUT_DEFINE_BELOW, description: 'Set every field yourself' },
	],
	default: INPUT_DEFINE_BELOW,
};

const showFor = (input: string) => ({ show: { input: [input] } });

export const chat2deskInputFields: INodeProperties[] = [
	{
		displayName: 'Chat2Desk Message',
		name: 'chat2deskMessage',
		type: 'json',
		default: '={{ $json }}',
		description:
			'The Chat2Desk message object. Messages that are not from the client, or have neither text nor a file, are skipped.',
		displayOptions: showFor(INPUT_CHAT2DESK_MESSAGE),
	},
	{
		displayName: 'Sign Group Sender Phone',
		name: 'signGroupSenderPhone',
		type: 'boolean',
		default: true,
		description:
			'Whether a group-chat message starts with the phone of the member who wrote it ("+79001234567: Hi"). Off removes the phone. Never applied to one-to-one clients.',
		displayOptions: showFor(INPUT_CHAT2DESK_MESSAGE),
	},
	{
		displayName: 'Chat2Desk Message Options',
		name: 'chat2deskOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(INPUT_CHAT2DESK_MESSAGE),
		options: [
			{
				displayName: 'Allow BB Codes in Client Text',
				name: 'allowBbCodes',
				type: 'boolean',
				default: false,
				description:
					'Whether BB codes the client typed ([URL=…], [USER=…], [img], bold) work in the Open Line. Off shows them as typed, so a client cannot plant links, tracking images or a fake operator signature.',
			},
			{
				displayName: 'Group Sender Pattern',
				name: 'groupSenderPattern',
				type: 'string',
				default: '',
				placeholder: '^\\[(?<phone>\\d+)\\]\\s*',
				description:
					'Regular expression that finds the sender prefix of a group-chat message; the named group "phone" (or the first group) is the phone. Empty: "+79001234567: text", "79001234567 - text" and a phone on its own first line.',
			},
			{
				displayName: 'Include Message Date',
				name: 'includeMessageDate',
				type: 'boolean',
				default: true,
				description:
					'Whether to pass the Chat2Desk message time as the message date (otherwise Bitrix24 uses the time it receives the message)',
			},
			{
				displayName: 'Max Text Length',
				name: 'maxTextLength',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_OPEN_LINE_TEXT,
				description: 'Longer texts are cut (with "…") before they are sent',
			},
		],
	},
	{
		displayName: 'Client ID',
		name: 'deliveryErrorClientId',
		type: 'string',
		default: '={{ $json.clientId }}',
		description:
			'The Chat2Desk client whose message was not delivered; it is also the Open Line chat. After an error output, map it from the node that had the client.',
		displayOptions: showFor(INPUT_DELIVERY_ERROR),
	},
	{
		displayName: 'Reason',
		name: 'deliveryErrorReason',
		type: 'string',
		default: '',
		description:
			'Why the message was not delivered. Empty: read from the item (outbox_status data, or the error of a failed send).',
		displayOptions: showFor(INPUT_DELIVERY_ERROR),
	},
	{
		displayName: 'Notice Text',
		name: 'noticeText',
		type: 'string',
		default: DEFAULT_NOTICE_TEXT,
		description:
			'Text posted into the Open Line. Placeholders: {reason}, {text} (the undelivered text, when the item has it), {messageId} (Chat2Desk message ID), {clientId}.',
		displayOptions: showFor(INPUT_DELIVERY_ERROR),
	},
];

function toInput(message: OpenLineMessage): OutgoingMessageInput {
	return {
		chatId: message.chatId,
		userId: message.userId,
		userName: message.userName,
		userLastName: message.userLastName,
		userPhone: message.userPhone,
		messageId: message.messageId,
		messageDate: message.date,
		text: message.text,
		files: message.files,
	};
}

/** The message of item `i` read from a Chat2Desk message or delivery error; a reason when skipped. */
export function readChat2DeskInput(
	this: IExecuteFunctions,
	i: number,
	input: string,
): { message: OutgoingMessageInput } | { skipped: string } {
	const json = this.getInputData()[i]?.json ?? {};
	if (input === INPUT_DELIVERY_ERROR) {
		const notice = buildDeliveryNotice(json, {
			clientId: this.getNodeParameter('deliveryErrorClientId', i, ''),
			reason: this.getNodeParameter('deliveryErrorReason', i, ''),
			noticeText: this.getNodeParameter('noticeText', i, DEFAULT_NOTICE_TEXT) as string,
		});
		return notice.skipped ? { skipped: notice.reason } : { message: toInput(notice.message) };
	}
	const raw = this.getNodeParameter('chat2deskMessage', i, json) as unknown;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new NodeOperationError(this.getNode(), 'Chat2Desk Message must be an object', {
			itemIndex: i,
		});
	}
	const options = this.getNodeParameter('chat2deskOptions', i, {}) as IDataObject;
	const result = toOpenLineMessage(raw as IDataObject, {
		signGroupSenderPhone: this.getNodeParameter('signGroupSenderPhone', i, true) as boolean,
		groupSenderPattern: String(options.groupSenderPattern ?? ''),
		includeMessageDate: options.includeMessageDate !== false,
		allowBbCodes: options.allowBbCodes === true,
		maxTextLength:
			options.maxTextLength === undefined ? undefined : Number(options.maxTextLength),
	});
	return result.skipped ? { skipped: result.reason } : { message: toInput(result.message) };
}
