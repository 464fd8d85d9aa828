/**
 * Realistic inputs of the Open Lines Bridge, built with the real trigger/normaliser code so the tests
 * follow the shapes those nodes actually output.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseConnectorEvent } from '../../../nodes/Bitrix24/domain/events';
import {
	normaliseChat2DeskEvent,
	parseChat2DeskEvent,
} from '../../../nodes/Chat2Desk/domain/events';
import { normaliseRequestMessage } from '../../../nodes/Chat2Desk/domain/messages';

/** What the Chat2Desk Trigger outputs for a webhook body. */
export function chat2deskTriggerItem(body: IDataObject): IDataObject {
	const parsed = parseChat2DeskEvent(body);
	if (!parsed.ok) throw new Error(`fixture body is invalid: ${parsed.error}`);
	return normaliseChat2DeskEvent(parsed.event, parsed.body);
}

/** What the Bitrix24 Open Lines Trigger outputs for one event (one item per message). */
export function bitrixTriggerItems(event: string, messages: IDataObject[]): IDataObject[] {
	const parsed = parseConnectorEvent({
		event,
		data: { CONNECTOR: 'chat2desk', LINE: '3', MESSAGES: messages },
		ts: '1784285200',
		auth: { domain: 'portal.example.test', application_token: 'app-token' },
	});
	if (!parsed.ok) throw new Error(`fixture event is invalid: ${parsed.reason}`);
	return parsed.items as IDataObject[];
}

export const inboxBody = {
	message_id: 106773169,
	type: 'from_client',
	text: 'Hello, I need help with my order',
	transport: 'telegram',
	client_id: 17340089,
	operator_id: null,
	dialog_id: null,
	channel_id: 17,
	photo: null,
	coordinates: null,
	audio: null,
	pdf: null,
	client: {
		id: 17340089,
		phone: '[tg] 807892',
		client_phone: '+7 (900) 765-43-21',
		name: 'Peter Ivanov',
		assigned_name: null,
		external_id: null,
	},
	hook_type: 'inbox',
	request_id: 8725057,
	attachments: [],
	is_new_request: true,
	is_new_client: false,
	insta_comment: false,
	extra_data: {},
	is_new: true,
	event_time: '2026-07-17T10:45:31.984494Z',
};

/** A WhatsApp group: the client is the group, the sender's phone is a text prefix. */
export const groupInboxBody = {
	...inboxBody,
	message_id: 106773170,
	text: '+79001234567: Hi',
	transport: 'whatsapp',
	client_id: 555,
	client: {
		id: 555,
		phone: '120363025246125486',
		client_phone: null,
		name: 'Family chat 🏠',
		assigned_name: null,
		external_id: null,
	},
};

export const outboxBody = {
	...inboxBody,
	message_id: 106773577,
	type: 'to_client',
	text: 'We are on it',
	operator_id: 41164,
	hook_type: 'outbox',
	is_new_request: false,
};

/** `GET /v1/messages` row (created as observed live; photo as a storage-relative path). */
export const apiMessageRow = {
	id: 106773200,
	text: 'Here are the documents',
	video: 'https://storage.chat2desk.com/companies/1/video/clip.mp4',
	photo: 'companies/1/photo/scan.jpg',
	audio: null,
	pdf: null,
	coordinates: null,
	transport: 'whatsapp',
	type: 'from_client',
	read: 1,
	created: '2026-07-17T10:45:31 UTC',
	remote_id: null,
	recipient_status: null,
	operator_id: 41164,
	channel_id: 17,
	dialog_id: 4324035,
	client_id: 17340089,
	request_id: 8725057,
	attachments: [
		{ name: 'contract.pdf', link: 'https://storage.chat2desk.com/companies/1/docs/contract.pdf' },
		{ name: '', link: 'https://storage.chat2desk.com/companies/1/docs/scan%201.jpg?sig=abc' },
	],
	is_new: 1,
	ai_tips: null,
	extra_data: {},
};

/** `GET /v1/requests/{id}/messages` row as the Chat2Desk node outputs it (normalised). */
export const requestMessageRow = normaliseRequestMessage({
	id: 106773300,
	text: 'Still waiting for an answer',
	video: '',
	photo: '',
	audio: '',
	pdf: '',
	coordinates: '',
	transport: 'telegram',
	type: 'in',
	read: 1,
	created: 1784285131,
	clientID: 17340089,
	operatorID: 41164,
	channelID: 17,
	companyID: 1,
	dialogID: 4324035,
	requestID: 8725057,
	attachments: [],
	gateway_status: '',
	extra_data: {},
});

export const bitrixAdd = {
	im: { chat_id: 1807, message_id: 86497 },
	message: {
		user_id: 27,
		text: '[b]Anna Smith:[/b][br] Hello [b]there[/b]',
		files: [
			{
				name: 'invoice.pdf',
				type: 'file',
				link: 'https://portal.example.test/~aBcD1',
				size: 20480,
			},
			{
				name: 'photo.png',
				type: 'image',
				link: 'https://portal.example.test/~eFgH2#img.png',
				size: 1024,
				width: 640,
				height: 480,
			},
		],
	},
	chat: { id: '17340089' },
};

export const bitrixUpdate = {
	im: { chat_id: 1807, message_id: 86497 },
	message: { id: ['106773577'], text: '[b]Anna Smith:[/b][br] Hello [i]again[/i]' },
	chat: { id: '17340089' },
};

export const bitrixDelete = {
	im: { chat_id: 1807, message_id: 86497 },
	message: { id: '106773577' },
	chat: { id: '17340089' },
};

export const outboxStatusBody = {
	hook_type: 'outbox_status',
	data: {
		message_id: 106773577,
		client_id: 17340089,
		channel_id: 17,
		status: 'error',
		error: 'The client has blocked the bot',
	},
	event_time: '2026-07-17T10:46:02Z',
};

/** What the Chat2Desk node's error output carries for a failed send (continue on fail). */
export const failedSendItem = {
	error: 'Client not found',
	description: 'POST /v1/messages',
	httpCode: '400',
};
