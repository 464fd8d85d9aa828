import type { IDataObject } from 'n8n-workflow';

import { MessageFormatError } from '../../../../nodes/shared/domain/messageFormat';
import { detectChat2DeskShape } from '../../../../nodes/shared/chat2deskMessage';
import {
	DEFAULT_MAX_OPEN_LINE_TEXT,
	isGroupClient,
	OpenLineMessageError,
	toOpenLineMessage,
	type ToOpenLineOptions,
} from '../../../../nodes/Bitrix24/domain/openLineMessage';
import {
	apiMessageRow,
	chat2deskTriggerItem,
	groupInboxBody,
	inboxBody,
	outboxBody,
	requestMessageRow,
} from '../../../fixtures/chat2deskOpenLines.fixtures';

const on: ToOpenLineOptions = { signGroupSenderPhone: true, includeMessageDate: true };
const off: ToOpenLineOptions = { signGroupSenderPhone: false, includeMessageDate: false };

function message(json: IDataObject, options = on) {
	const result = toOpenLineMessage(json, options);
	if (result.skipped) throw new Error(`skipped: ${result.reason}`);
	return result.message;
}

describe('detectChat2DeskShape', () => {
	it.each([
		['trigger item', chat2deskTriggerItem(inboxBody), 'trigger'],
		['GET /v1/messages row', apiMessageRow, 'apiMessage'],
		['raw webhook body', inboxBody, 'apiMessage'],
		['normalised request message', requestMessageRow, 'requestMessage'],
		['raw request message', { id: 1, type: 'in', clientID: 9 }, 'requestMessage'],
		['something else', { foo: 1 }, undefined],
		['an event without raw', { event: 'x' }, undefined],
	])('%s', (_name, json, expected) => {
		expect(detectChat2DeskShape(json as IDataObject)).toBe(expected);
	});
});

describe('toOpenLineMessage', () => {
	it('maps a Chat2Desk Trigger inbox item', () => {
		expect(message(chat2deskTriggerItem(inboxBody))).toEqual({
			chatId: '17340089',
			userId: '17340089',
			userName: 'Peter Ivanov',
			userPhone: '+79007654321',
			messageId: '106773169',
			date: 1784285131,
			text: 'Hello, I need help with my order',
			files: [],
			filesJson: '[]',
			isGroupChat: false,
			senderPhone: null,
		});
	});

	it('signs a group message with the sender phone, or removes the prefix', () => {
		const item = chat2deskTriggerItem(groupInboxBody);
		expect(message(item)).toMatchObject({
			chatId: '555',
			userName: 'Family chat',
			text: '+79001234567: Hi',
			isGroupChat: true,
			senderPhone: '79001234567',
		});
		expect(message(item).userPhone).toBeUndefined();
		expect(message(item, off)).toMatchObject({ text: 'Hi', isGroupChat: true });
		expect(message(item, off).date).toBeUndefined();
	});

	it('reformats a spaced group prefix and honours a custom pattern', () => {
		const item = chat2deskTriggerItem({ ...groupInboxBody, text: '[79001234567] Hi all' });
		expect(message(item)).toMatchObject({ text: '[79001234567] Hi all', isGroupChat: false });
		expect(message(item, { ...on, groupSenderPattern: '^\\[(?<phone>\\d+)\\]\\s*' })).toMatchObject(
			{ text: '+79001234567: Hi all', senderPhone: '79001234567' },
		);
		expect(() => toOpenLineMessage(item, { ...on, groupSenderPattern: '([' })).toThrow(
			MessageFormatError,
		);
	});

	it('maps a GET /v1/messages row with attachments and media; skips storage paths', () => {
		expect(message(apiMessageRow)).toEqual({
			chatId: '17340089',
			userId: '17340089',
			messageId: '106773200',
			date: 1784285131,
			text: 'Here are the documents',
			files: [
				{
					url: 'https://storage.chat2desk.com/companies/1/docs/contract.pdf',
					name: 'contract.pdf',
				},
				{
					url: 'https://storage.chat2desk.com/companies/1/docs/scan%201.jpg?sig=abc',
					name: 'scan 1.jpg',
				},
				{ url: 'https://storage.chat2desk.com/companies/1/video/clip.mp4', name: 'clip.mp4' },
			],
			filesJson: JSON.stringify([
				{
					url: 'https://storage.chat2desk.com/companies/1/docs/contract.pdf',
					name: 'contract.pdf',
				},
				{
					url: 'https://storage.chat2desk.com/companies/1/docs/scan%201.jpg?sig=abc',
					name: 'scan 1.jpg',
				},
				{ url: 'https://storage.chat2desk.com/companies/1/video/clip.mp4', name: 'clip.mp4' },
			]),
			isGroupChat: false,
			senderPhone: null,
		});
	});

	it('maps a normalised request message (type in, unix created)', () => {
		expect(message(requestMessageRow)).toEqual({
			chatId: '17340089',
			userId: '17340089',
			messageId: '106773300',
			date: 1784285131,
			text: 'Still waiting for an answer',
			files: [],
			filesJson: '[]',
			isGroupChat: false,
			senderPhone: null,
		});
	});

	it.each([
		[
			'outbox trigger item',
			chat2deskTriggerItem(outboxBody),
			'not a client message (type to_client)',
		],
		[
			'outbox_status trigger item',
			chat2deskTriggerItem({ hook_type: 'outbox_status', data: { client_id: 1 } }),
			'not a client message (event outbox_status)',
		],
		[
			'operator row',
			{ ...apiMessageRow, type: 'to_client' },
			'not a client message (type to_client)',
		],
		['request out row', { ...requestMessageRow, type: 'out' }, 'not a client message (type out)'],
		[
			'photo only as a storage path',
			{ ...apiMessageRow, text: '', attachments: [], video: null },
			'empty message (no text and no downloadable file)',
		],
	])('skips: %s', (_name, json, reason) => {
		expect(toOpenLineMessage(json as IDataObject, on)).toMatchObject({ skipped: true, reason });
	});

	it('rejects items that are not Chat2Desk messages or have no client', () => {
		expect(() => toOpenLineMessage({ hello: 'world' }, on)).toThrow(OpenLineMessageError);
		expect(() => toOpenLineMessage({ hello: 'world' }, on)).toThrow(
			expect.objectContaining({
				name: 'OpenLineMessageError',
				message: expect.stringContaining('The item is not a Chat2Desk message'),
			}),
		);
		expect(() => toOpenLineMessage({ id: 1, type: 'from_client', client_id: null }, on)).toThrow(
			'The Chat2Desk message has no client ID',
		);
	});

	it('sends a file-only message without text', () => {
		const json = {
			...apiMessageRow,
			text: null,
			attachments: [],
			video: null,
			pdf: 'https://x.io/a.pdf',
		};
		expect(message(json as IDataObject)).toMatchObject({
			text: '',
			files: [{ url: 'https://x.io/a.pdf', name: 'a.pdf' }],
		});
	});
});

describe('isGroupClient', () => {
	it.each([
		['no client', undefined, false],
		['no phone', { name: 'x' }, false],
		['a 16-digit id', { phone: '1234567890123456' }, true],
		['a 15-digit phone', { phone: '123456789012345' }, false],
		['a long id with spaces around it', { phone: ' 1234567890123456 ' }, true],
		['a long id after a letter', { phone: 'x1234567890123456' }, false],
		['a long id before a letter', { phone: '1234567890123456x' }, false],
		['a numeric long id', { phone: 1234567890123456 }, true],
		['a WhatsApp group id', { phone: '79001234567-1600000000@g.us' }, true],
		['a group id in capitals, spaces around it', { phone: ' 7900@G.US ' }, true],
		['text after the group suffix', { phone: '7900@g.us.example' }, false],
		['another dot', { phone: '7900@gxus' }, false],
		['is_group true wins', { phone: '79001234567', is_group: true }, true],
		['is_group false wins', { phone: '7900@g.us', is_group: false }, false],
		['isGroup spelling', { phone: '79001234567', isGroup: true }, true],
		['is_group before isGroup', { is_group: false, isGroup: true, phone: '7900@g.us' }, false],
		['a flag that is not a boolean', { phone: '79001234567', is_group: 'true' }, false],
	])('%s', (_name, client, expected) => {
		expect(isGroupClient(client as IDataObject | undefined)).toBe(expected);
	});
});

describe('toOpenLineMessage options and optional fields', () => {
	const row = (extra: IDataObject): IDataObject => ({
		id: 7,
		type: 'from_client',
		client_id: 9,
		text: 'Hi',
		...extra,
	});

	it('leaves out what the item does not carry', () => {
		expect(toOpenLineMessage({ type: 'from_client', client_id: 9, text: 'Hi' }, on)).toStrictEqual({
			skipped: false,
			shape: 'apiMessage',
			message: {
				chatId: '9',
				userId: '9',
				text: 'Hi',
				files: [],
				filesJson: '[]',
				isGroupChat: false,
				senderPhone: null,
			},
		});
	});

	it('keeps the client phone and name, and leaves out a date it cannot read', () => {
		expect(
			message(row({ created: 'soon', client: { phone: '79001112233', name: 'Ann' } })),
		).toStrictEqual({
			chatId: '9',
			userId: '9',
			userName: 'Ann',
			userPhone: '+79001112233',
			messageId: '7',
			text: 'Hi',
			files: [],
			filesJson: '[]',
			isGroupChat: false,
			senderPhone: null,
		});
	});

	it('gives the date in whole Unix seconds only when asked', () => {
		expect(message(row({ created: 1784285131.9 })).date).toBe(1784285131);
		expect('date' in message(row({ created: 1784285131 }), off)).toBe(false);
	});

	it('makes BB codes inert unless they are allowed', () => {
		expect(message(row({ text: '[b]Hi[/b]' })).text).toBe('[\u200bb]Hi[\u200b/b]');
		expect(message(row({ text: '[b]Hi[/b]' }), { ...on, allowBbCodes: true }).text).toBe(
			'[b]Hi[/b]',
		);
	});

	it('cuts the text at the default or the given length', () => {
		const long = 'x'.repeat(DEFAULT_MAX_OPEN_LINE_TEXT + 5);
		expect(Array.from(message(row({ text: long })).text)).toHaveLength(DEFAULT_MAX_OPEN_LINE_TEXT);
		expect(
			Array.from(message(row({ text: 'abcdefgh' }), { ...on, maxTextLength: 5 }).text),
		).toHaveLength(5);
	});

	it('skips a message of spaces without files', () => {
		expect(toOpenLineMessage(row({ text: '  \n ' }), on)).toMatchObject({
			skipped: true,
			reason: 'empty message (no text and no downloadable file)',
		});
	});

	it('says when a message has neither type nor event', () => {
		expect(toOpenLineMessage({ client_id: 9, text: 'Hi' }, on)).toStrictEqual({
			skipped: true,
			shape: 'apiMessage',
			reason: 'not a client message (no type)',
		});
	});

	it('uses the default sender pattern for an empty custom one', () => {
		const group = { phone: '7900@g.us', name: 'Group' };
		expect(
			message(row({ text: '123: Hi', client: group }), { ...on, groupSenderPattern: '' }),
		).toMatchObject({
			text: '123: Hi',
			isGroupChat: false,
			senderPhone: null,
		});
	});

	it('reads a sender prefix only in a group chat', () => {
		const text = '+79001234567: Hi';
		expect(message(row({ text, client: { phone: '79001112233' } }))).toMatchObject({
			text,
			isGroupChat: false,
			senderPhone: null,
		});
		expect(message(row({ text, client: { phone: '7900@g.us' } }), off)).toMatchObject({
			text: 'Hi',
			isGroupChat: true,
			senderPhone: '79001234567',
		});
	});
});
