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
