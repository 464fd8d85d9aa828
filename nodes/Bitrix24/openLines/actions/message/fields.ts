import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import type { OutgoingMessageInput } from '../../../domain/connectorMessages';

/** Parameters shared by Send and Update: who writes, in which chat, what. */
export const messageFields: INodeProperties[] = [
	{
		displayName: 'External Chat ID',
		name: 'chatId',
		type: 'string',
		default: '',
		required: true,
		description:
			'Your ID of the conversation (e.g. the Chat2Desk client ID). The same chat and user IDs always land in the same Open Line chat.',
	},
	{
		displayName: 'External User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		description: 'Your ID of the person writing',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Message text; Bitrix24 BB codes are allowed. Either a text or a file is required.',
	},
	{
		displayName: 'External Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		description: 'Your ID of the message; needed later to update or delete it',
	},
	{
		displayName: 'Files',
		name: 'files',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add file',
		default: {},
		description: 'Files Bitrix24 downloads from public URLs',
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						description: 'Public URL of the file',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'File name shown in the chat',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'Chat Name',
				name: 'chatName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Chat URL',
				name: 'chatUrl',
				type: 'string',
				default: '',
				description: 'Link to the original conversation (shown as the chat description)',
			},
			{
				displayName: 'Disable CRM Tracker',
				name: 'disableCrm',
				type: 'boolean',
				default: false,
				description: 'Whether Bitrix24 must not create or link CRM records for this message',
			},
			{
				displayName: 'Files (JSON)',
				name: 'filesJson',
				type: 'json',
				default: '[]',
				description:
					'JSON array of files, each an object with a public URL and a name; added after the Files above (handy with expressions)',
			},
			{
				displayName: 'Message Date',
				name: 'messageDate',
				type: 'string',
				default: '',
				description: 'Unix time (seconds or milliseconds) or ISO date of the message',
			},
			{
				displayName: 'Post as Bitrix24 User ID',
				name: 'postAsUserId',
				type: 'string',
				default: '',
				description: 'Post the message on behalf of this Bitrix24 employee instead of the client',
			},
			{
				displayName: 'Skip Phone Validation',
				name: 'skipPhoneValidation',
				type: 'boolean',
				default: false,
				description: 'Whether Bitrix24 should accept the phone number as is',
			},
			{
				displayName: 'User Email',
				name: 'userEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'User First Name',
				name: 'userName',
				type: 'string',
				default: '',
				description: 'Letters, spaces, hyphens and apostrophes only; cut to 25 characters',
			},
			{
				displayName: 'User Last Name',
				name: 'userLastName',
				type: 'string',
				default: '',
				description: 'Letters, spaces, hyphens and apostrophes only; cut to 25 characters',
			},
			{
				displayName: 'User Phone',
				name: 'userPhone',
				type: 'string',
				default: '',
				description: 'Phone in international format; lets the CRM tracker match existing clients',
			},
			{
				displayName: 'User Picture URL',
				name: 'userPictureUrl',
				type: 'string',
				default: '',
			},
			{
				displayName: 'User Profile URL',
				name: 'userProfileUrl',
				type: 'string',
				default: '',
			},
		],
	},
];

function filesFromJson(value: unknown): Array<{ url: string; name?: string }> {
	const parsed = typeof value === 'string' ? jsonParse<unknown>(value || '[]') : value;
	const list = Array.isArray(parsed) ? parsed : parsed ? [parsed] : [];
	return list
		.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null)
		.map((entry) => ({
			url: String(entry.url ?? entry.link ?? ''),
			name: entry.name === undefined ? undefined : String(entry.name),
		}));
}

/** Read the message parameters of item `i`. */
export function readMessageInput(this: IExecuteFunctions, i: number): OutgoingMessageInput {
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const fileRows = (this.getNodeParameter('files.file', i, []) as IDataObject[]).map((row) => ({
		url: String(row.url ?? ''),
		name: row.name ? String(row.name) : undefined,
	}));
	const str = (value: unknown) =>
		value === undefined || value === null ? undefined : String(value);
	return {
		chatId: String(this.getNodeParameter('chatId', i)),
		userId: String(this.getNodeParameter('userId', i)),
		text: String(this.getNodeParameter('text', i, '')),
		messageId: str(this.getNodeParameter('messageId', i, '')),
		files: [...fileRows, ...filesFromJson(extra.filesJson)],
		chatName: str(extra.chatName),
		chatUrl: str(extra.chatUrl),
		disableCrm: extra.disableCrm === true,
		messageDate: str(extra.messageDate),
		postAsUserId: str(extra.postAsUserId),
		skipPhoneValidation: extra.skipPhoneValidation === true,
		userEmail: str(extra.userEmail),
		userName: str(extra.userName),
		userLastName: str(extra.userLastName),
		userPhone: str(extra.userPhone),
		userPictureUrl: str(extra.userPictureUrl),
		userProfileUrl: str(extra.userProfileUrl),
	};
}
