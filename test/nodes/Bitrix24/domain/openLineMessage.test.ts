import type { IDataObject } from 'n8n-workflow';

import { MessageFormatError } from '../../../../nodes/shared/domain/messageFormat';
import { clientNames, collectFiles, realPhone } from '../../../../nodes/Bitrix24/domain/openLineFields';
import { detectChat2DeskShape } from '../../../../nodes/shared/chat2deskMessage';
import {
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

describe('collectFiles', () => {
	it('keeps each URL once, attachments first, and names files from the URL when needed', () => {
		expect(
			collectFiles(
				{ photo: 'https://x.io/p/1.jpg', pdf: 'companies/1/a.pdf', audio: 'https://x.io/v.ogg' },
				[{ name: 'One', link: 'https://x.io/p/1.jpg' }, { link: 'ftp://x.io/f' }, 'junk'],
			),
		).toEqual([
			{ url: 'https://x.io/p/1.jpg', name: 'One' },
			{ url: 'https://x.io/v.ogg', name: 'v.ogg' },
		]);
		expect(collectFiles({ video: 'https://x.io/' }, undefined)).toEqual([
			{ url: 'https://x.io/', name: 'video' },
		]);
	});
});

describe('realPhone', () => {
	it.each([
		[{ client_phone: '+7 (900) 765-43-21', phone: '79001112233' }, '+79007654321'],
		[{ client_phone: null, phone: '79001112233' }, '+79001112233'],
		[{ phone: '[tg] 807892' }, undefined],
		[{ phone: '[chat] 1d0bb2e221762cfcc05c' }, undefined],
		[{ phone: '120363025246125486' }, undefined],
		[{ client_phone: 'call me', phone: 'abc' }, undefined],
		[{ phone: 79001112233 }, '+79001112233'],
		[undefined, undefined],
	])('%p → %p', (client, expected) => {
		expect(realPhone(client as IDataObject | undefined)).toBe(expected);
	});
});

describe('clientNames', () => {
	it.each([
		[
			'assigned name first',
			{ assigned_name: 'Peter (VIP)', name: 'peter_tg' },
			{ userName: 'Peter VIP' },
		],
		['messenger name', { assigned_name: null, name: 'Анна Петрова' }, { userName: 'Анна Петрова' }],
		['emoji and digits dropped', { name: 'Kate 🌸 2000' }, { userName: 'Kate' }],
		[
			'long name keeps the last word as last name',
			{ name: 'Maximilian Alexander von Hohenberg' },
			{ userName: 'Maximilian Alexander von', userLastName: 'Hohenberg' },
		],
		[
			'pseudo name → phone digits',
			{ name: '[tg] 807892', phone: '[tg] 807892' },
			{ userName: '79001112233' },
		],
		[
			'name equal to the phone → fallback',
			{ name: '79001112233', phone: '79001112233' },
			{ userName: '79001112233' },
		],
		['nothing printable, no phone', { name: '🙂🙂' }, { userName: 'Client 42' }],
	])('%s', (_name, client, expected) => {
		const phone = (client as IDataObject).phone ? '+79001112233' : undefined;
		expect(clientNames(client as IDataObject, '42', phone)).toEqual(expected);
	});

	it('gives no name without client data', () => {
		expect(clientNames(undefined, '42', undefined)).toEqual({});
	});
});
