import type { IDataObject } from 'n8n-workflow';

import { stableHash } from '../../../../nodes/shared/ids';
import {
	operatorText,
	OperatorReplyError,
	toChat2DeskMessages,
	type ToChat2DeskOptions,
} from '../../../../nodes/Chat2Desk/domain/operatorReply';
import {
	bitrixAdd,
	bitrixDelete,
	bitrixTriggerItems,
	bitrixUpdate,
} from '../../../fixtures/chat2deskOpenLines.fixtures';

const sign: ToChat2DeskOptions = { signOperatorName: true };
const noSign: ToChat2DeskOptions = { signOperatorName: false };

const [addItem] = bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [bitrixAdd]);
const [updateItem] = bitrixTriggerItems('ONIMCONNECTORMESSAGEUPDATE', [bitrixUpdate]);
const [deleteItem] = bitrixTriggerItems('ONIMCONNECTORMESSAGEDELETE', [bitrixDelete]);

function messages(item: IDataObject, options: ToChat2DeskOptions) {
	const result = toChat2DeskMessages(item, options);
	if (result.skipped) throw new Error(`skipped: ${result.reason}`);
	return result.messages;
}

const common = { clientId: 17340089, bitrixChatId: 1807, bitrixMessageId: 86497 };

describe('toChat2DeskMessages', () => {
	it('splits a message with two files into one send per attachment, text on the first', () => {
		expect(messages(addItem, sign)).toEqual([
			{
				...common,
				text: 'Anna Smith: Hello there',
				attachment: 'https://portal.example.test/~aBcD1',
				attachmentFilename: 'invoice.pdf',
				type: 'to_client',
				externalId: 'b24:1807:86497',
				isEdit: false,
				isDelete: false,
			},
			{
				...common,
				text: '',
				attachment: 'https://portal.example.test/~eFgH2',
				attachmentFilename: 'photo.png',
				type: 'to_client',
				externalId: 'b24:1807:86497:1',
				isEdit: false,
				isDelete: false,
			},
		]);
	});

	it('leaves the name out when signing is off, and uses a custom format', () => {
		expect(messages(addItem, noSign)[0].text).toBe('Hello there');
		expect(messages(addItem, { ...sign, nameFormat: '*{name}*\n{text}' })[0].text).toBe(
			'*Anna Smith*\nHello there',
		);
	});

	it('sends a text-only message as one item without attachment', () => {
		const [item] = bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [
			{ ...bitrixAdd, message: { user_id: 27, text: 'No signature [url=https://x.io]here[/url]' } },
		]);
		expect(messages(item, sign)).toEqual([
			{
				...common,
				text: 'No signature here (https://x.io)',
				type: 'to_client',
				externalId: 'b24:1807:86497',
				isEdit: false,
				isDelete: false,
			},
		]);
	});

	it('signs a file-only message on its first attachment', () => {
		const [item] = bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [
			{ ...bitrixAdd, message: { ...bitrixAdd.message, text: '[b]Anna Smith:[/b]' } },
		]);
		expect(
			messages(item, sign).map((message) => [message.text, message.attachmentFilename]),
		).toEqual([
			['Anna Smith:', 'invoice.pdf'],
			['', 'photo.png'],
		]);
		expect(messages(item, noSign)[0].text).toBe('');
	});

	it('sends an edit as a corrected message with the prefix and a distinct external id', () => {
		const [edit] = messages(updateItem, sign);
		expect(edit).toEqual({
			...common,
			text: '(edited) Anna Smith: Hello again',
			type: 'to_client',
			externalId: `b24:1807:86497:edit-${stableHash('[b]Anna Smith:[/b][br] Hello [i]again[/i]')}`,
			isEdit: true,
			isDelete: false,
		});
		expect(messages(updateItem, { ...noSign, editedPrefix: '' })[0].text).toBe('Hello again');
		const [again] = bitrixTriggerItems('ONIMCONNECTORMESSAGEUPDATE', [
			{ ...bitrixUpdate, message: { id: ['106773577'], text: '[b]Anna Smith:[/b][br] Bye' } },
		]);
		expect(messages(again, sign)[0].externalId).not.toBe(edit.externalId);
		expect(messages(updateItem, sign)[0].externalId).toBe(edit.externalId);
	});

	it('turns a delete into an internal comment', () => {
		expect(messages(deleteItem, sign)).toEqual([
			{
				...common,
				text: 'Operator deleted a message in Bitrix24 (Chat2Desk message ID: 106773577)',
				type: 'comment',
				externalId: 'b24:1807:86497:delete',
				isEdit: false,
				isDelete: true,
			},
		]);
		expect(
			messages(deleteItem, { ...sign, deletedNotice: 'Deleted {externalId} of chat {chatId}' })[0]
				.text,
		).toBe('Deleted 106773577 of chat 1807');
	});

	it.each([
		[
			'dialog start',
			{ event: 'ONIMCONNECTORDIALOGSTART', externalChatId: '1' },
			'not an operator message event (ONIMCONNECTORDIALOGSTART)',
		],
		['no event', { text: 'x' }, 'not an operator message event (no event)'],
		[
			'signature only, no files',
			{ ...addItem, text: '[b]Anna Smith:[/b]', files: [] },
			'empty message (no text and no file)',
		],
	])('skips: %s', (_name, item, reason) => {
		expect(toChat2DeskMessages(item as IDataObject, sign)).toEqual({ skipped: true, reason });
	});

	it('rejects a chat that is not a Chat2Desk client id', () => {
		expect(() => toChat2DeskMessages({ ...addItem, externalChatId: 'channel-123' }, sign)).toThrow(
			OperatorReplyError,
		);
	});
});

describe('operatorText', () => {
	it.each([
		['[b]Klaus Weber:[/b] [br]Guten Tag!', 'Klaus Weber: Guten Tag!'],
		['[b]Klaus:[/b][br] line 1[br]line 2', 'Klaus: line 1\nline 2'],
		['[b]Note:[/b] pay today', 'Note: pay today'],
		['[b]Klaus:[/b]', 'Klaus:'],
	])('%p → %p', (text, expected) => {
		expect(operatorText({ text }, sign)).toBe(expected);
	});

	it('falls back to textPlain and operatorName when the raw text is missing', () => {
		expect(operatorText({ textPlain: 'Hi', operatorName: 'Anna' }, sign)).toBe('Anna: Hi');
	});
});

describe('toChat2DeskMessages: the other item shapes', () => {
	const item = (fields: IDataObject): IDataObject => ({
		event: 'ONIMCONNECTORMESSAGEADD',
		externalChatId: '42',
		chatId: 7,
		messageId: 8,
		text: 'Hi',
		...fields,
	});

	it('reads the event name in any case and with spaces', () => {
		expect(messages(item({ event: ' onimconnectormessageadd ' }), noSign)).toHaveLength(1);
		expect(toChat2DeskMessages(item({ event: '  ' }), noSign)).toEqual({
			skipped: true,
			reason: 'not an operator message event (no event)',
		});
	});

	it('takes client ids of up to 15 digits and names a wrong one', () => {
		expect(messages(item({ externalChatId: ' 123456789012345 ' }), noSign)[0].clientId).toBe(
			123456789012345,
		);
		expect(() => toChat2DeskMessages(item({ externalChatId: '1234567890123456' }), noSign)).toThrow(
			'The external chat ID "1234567890123456" is not a Chat2Desk client ID',
		);
		expect(() => toChat2DeskMessages(item({ externalChatId: 'x42' }), noSign)).toThrow(
			OperatorReplyError,
		);
		expect(() => toChat2DeskMessages(item({ externalChatId: '42x' }), noSign)).toThrow(
			OperatorReplyError,
		);
		expect(() => toChat2DeskMessages(item({ externalChatId: undefined }), noSign)).toThrow(
			expect.objectContaining({
				name: 'OperatorReplyError',
				message: expect.stringMatching(/^The external chat ID "" is not/),
			}),
		);
	});

	it('keeps Bitrix24 ids as numbers when they are digits, as text otherwise, and null when missing', () => {
		expect(messages(item({ chatId: ' 12 ', messageId: 'm-1' }), noSign)[0]).toMatchObject({
			bitrixChatId: 12,
			bitrixMessageId: 'm-1',
			externalId: 'b24:12:m-1',
		});
		expect(messages(item({ chatId: '1234567890123456', messageId: null }), noSign)[0]).toMatchObject(
			{ bitrixChatId: '1234567890123456', bitrixMessageId: null, externalId: 'b24:1234567890123456:' },
		);
		expect(messages(item({ chatId: undefined, messageId: '' }), noSign)[0].externalId).toBe('b24::');
	});

	it('reads file links and names in every spelling', () => {
		const sent = messages(
			item({
				text: '',
				files: [
					null,
					'https://x.io/a.pdf',
					{ name: 'no link' },
					{ url: 'https://x.io/dir/b.pdf?sig=1#page=2' },
					{ link: '  https://x.io/dir/  ', name: '  ' },
					{ link: 'https://x.io/c', url: 'https://x.io/ignored', name: ' Report ' },
				],
			}),
			noSign,
		);
		expect(sent.map((message) => [message.attachment, message.attachmentFilename, message.externalId])).toEqual([
			['https://x.io/dir/b.pdf?sig=1', 'b.pdf', 'b24:7:8'],
			['https://x.io/dir/', 'file', 'b24:7:8:1'],
			['https://x.io/c', 'Report', 'b24:7:8:2'],
		]);
		expect(toChat2DeskMessages(item({ text: '', files: 'https://x.io/a.pdf' }), noSign)).toEqual({
			skipped: true,
			reason: 'empty message (no text and no file)',
		});
	});

	it('uses textPlain and operatorName when the raw text is not a text', () => {
		expect(messages(item({ text: 5, textPlain: ' Plain ', operatorName: ' Anna ' }), sign)[0].text).toBe(
			'Anna: Plain',
		);
		expect(messages(item({ text: null, textPlain: 'Plain', operatorName: '  ' }), sign)[0].text).toBe(
			'Plain',
		);
	});

	it('falls back to the default name format and cuts long texts', () => {
		expect(messages(item({ text: '[b]Anna:[/b][br]Hi' }), { ...sign, nameFormat: '' })[0].text).toBe(
			'Anna: Hi',
		);
		expect(messages(item({ text: 'abcdef' }), { ...noSign, maxTextLength: 4 })[0].text).toBe('abc…');
		expect(messages(item({ text: 'a'.repeat(5000) }), noSign)[0].text).toHaveLength(4096);
	});

	it('reads only the first 8,192 characters of an operator text', () => {
		const text = `${'a'.repeat(8192)}[b]x[/b]`;
		expect(operatorText({ text }, { ...noSign, maxTextLength: 10000 })).toBe(`${'a'.repeat(8192)}`);
	});

	it('hashes an edit of textPlain and the file links, with the default prefix', () => {
		const edit = item({
			event: 'ONIMCONNECTORMESSAGEUPDATE',
			text: undefined,
			textPlain: 'Fixed',
			files: [{ link: 'https://x.io/a.pdf' }],
		});
		const [sent] = messages(edit, noSign);
		expect(sent).toMatchObject({
			text: '(edited) Fixed',
			externalId: `b24:7:8:edit-${stableHash('Fixed\nhttps://x.io/a.pdf')}`,
			isEdit: true,
		});
	});

	it('fills every placeholder of the delete notice', () => {
		const deleted = item({
			event: 'ONIMCONNECTORMESSAGEDELETE',
			text: '[b]Anna:[/b][br]Gone',
			operatorName: ' Anna ',
			externalMessageIds: [' 1 ', '', null, 2],
		});
		expect(
			messages(deleted, {
				...sign,
				deletedNotice: '{name} deleted "{text}" ({externalId}, {messageId}, {chatId})',
			})[0].text,
		).toBe('Anna deleted "Anna: Gone" (1, 2, 8, 7)');
		expect(
			messages(
				item({ event: 'ONIMCONNECTORMESSAGEDELETE', text: 5, externalMessageIds: '1' }),
				{ ...sign, deletedNotice: '[{text}|{externalId}]' },
			)[0].text,
		).toBe('[|]');
		expect(
			messages(item({ event: 'ONIMCONNECTORMESSAGEDELETE' }), { ...sign, deletedNotice: '' })[0].text,
		).toBe('Operator deleted a message in Bitrix24 (Chat2Desk message ID: )');
	});
});
