import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { compact } from '../../domain/params';
import { chat2DeskSendMessage } from '../../transport';
import {
	channelField,
	getId,
	idField,
	operatorField,
	toOptionalId,
	transportField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('clientId', 'Client ID', 'ID of the Chat2Desk client to write to'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Message text. Required unless an attachment or PDF is given.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Attachment File Name',
				name: 'attachmentFilename',
				type: 'string',
				default: '',
				description: 'File name shown for the attachment',
			},
			{
				displayName: 'Attachment URL',
				name: 'attachmentUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/photo.jpg',
				description: 'Direct public URL of an image or file to send',
			},
			{
				...channelField(),
				description:
					'Channel to send through. Default: the channel of the client\'s last message. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				placeholder: 'e.g. n8n:order-1042',
				description:
					'Your own unique ID for this message. With it, a send that failed with a server or network error is retried safely (the node first checks whether Chat2Desk accepted it), and the Chat2Desk Trigger can ignore the echo of this message when the ID starts with its prefix.',
			},
			{
				displayName: 'Open Dialog',
				name: 'openDialog',
				type: 'boolean',
				default: true,
				description: 'Whether sending the message opens the dialog',
			},
			{
				...operatorField(),
				description:
					'Operator the message is shown as sent by. Default: the current operator of the dialog. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'PDF URL',
				name: 'pdfUrl',
				type: 'string',
				default: '',
				description: 'Direct public URL of a PDF to send',
			},
			{
				displayName: 'Reply to Message ID',
				name: 'replyMessageId',
				type: 'string',
				default: '',
				description: 'ID of a message to quote',
			},
			{
				...transportField(),
				description:
					'Messenger to send through. Default: the transport of the client\'s last message. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{
						name: 'Autoreply',
						value: 'autoreply',
						description: 'Automatic message, delivered to the client',
					},
					{
						name: 'Comment',
						value: 'comment',
						description: 'Internal note the client does not see',
					},
					{
						name: 'System',
						value: 'system',
						description: 'Shown in Chat2Desk only, not delivered',
					},
					{ name: 'To Client', value: 'to_client', description: 'Regular message to the client' },
				],
				default: 'to_client',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	// https://help.chat2desk.com.br/api-and-webhooks/messages-post
	const clientId = getId.call(this, 'clientId', i, 'Client ID');
	const text = this.getNodeParameter('text', i, '') as string;
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	if (!text && !fields.attachmentUrl && !fields.pdfUrl) {
		throw new NodeOperationError(this.getNode(), 'Enter a text, an attachment URL or a PDF URL', {
			itemIndex: i,
		});
	}
	const body = compact({
		client_id: clientId,
		text,
		attachment: fields.attachmentUrl,
		attachment_filename: fields.attachmentFilename,
		pdf: fields.pdfUrl,
		type: fields.type,
		channel_id: toOptionalId.call(this, fields.channelId, 'Channel', i),
		transport: fields.transport,
		operator_id: toOptionalId.call(this, fields.operatorId, 'Operator', i),
		external_id: fields.externalId,
		open_dialog: fields.openDialog,
		reply_message_id: toOptionalId.call(this, fields.replyMessageId, 'Reply to Message ID', i),
	});
	return await chat2DeskSendMessage.call(this, body, { itemIndex: i });
}
