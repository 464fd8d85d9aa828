import type { INodePropertyOptions } from 'n8n-workflow';

/** The events a Chat2Desk webhook can subscribe to; values are Chat2Desk's own event names. */
export const eventOptions: INodePropertyOptions[] = [
	{
		name: 'Client Blacklisted',
		value: 'client_added_to_blacklist',
		description: 'A client was added to the blacklist (client_added_to_blacklist)',
	},
	{
		name: 'Client Created',
		value: 'new_client',
		description: 'A new client appeared (new_client)',
	},
	{
		name: 'Client Updated',
		value: 'client_updated',
		description: 'A client card changed (client_updated)',
	},
	{
		name: 'Comment Added',
		value: 'comment',
		description: 'An operator left an internal comment (comment)',
	},
	{
		name: 'Delivery Error',
		value: 'outbox_status',
		description: 'A messenger could not deliver an outgoing message (outbox_status)',
	},
	{
		name: 'Dialog Closed',
		value: 'close_dialog',
		description: 'A dialog was closed (close_dialog)',
	},
	{
		name: 'Dialog Transferred',
		value: 'dialog_transferred',
		description: 'A dialog was transferred to another operator (dialog_transferred)',
	},
	{
		name: 'Message Imported',
		value: 'imported_message',
		description:
			'A message arrived directly in the messenger account or by import (imported_message)',
	},
	{ name: 'Message Received', value: 'inbox', description: 'A client wrote a message (inbox)' },
	{
		name: 'Message Sent',
		value: 'outbox',
		description: 'A message went out to a client, from an operator, a bot or the API (outbox)',
	},
	{
		name: 'Request Closed',
		value: 'close_request',
		description: 'A request was closed (close_request)',
	},
	{
		name: 'Request Opened',
		value: 'new_request',
		description: 'A new request (conversation) started (new_request)',
	},
	{
		name: 'Tag Added to Client',
		value: 'add_tag_to_client',
		description: 'A tag was put on a client (add_tag_to_client)',
	},
	{
		name: 'Tag Added to Request',
		value: 'add_tag_to_request',
		description: 'A tag was put on a request (add_tag_to_request)',
	},
	{
		name: 'Tag Removed From Client',
		value: 'delete_tag_from_client',
		description: 'A tag was taken off a client (delete_tag_from_client)',
	},
	{
		name: 'Tag Removed From Request',
		value: 'delete_tag_from_request',
		description: 'A tag was taken off a request (delete_tag_from_request)',
	},
];

/** Header names tried after the configured one. */
export const SIGNATURE_HEADERS = ['x-signature', 'x-chat2desk-signature', 'x-hub-signature-256'];
export const TIMESTAMP_HEADERS = ['x-timestamp', 'x-chat2desk-timestamp', 'x-signature-timestamp'];

/** Chat2Desk allows this many webhooks per company. */
export const MAX_WEBHOOKS = 5;
