import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { OpenLinesBridge } from '../../../nodes/Bridge/OpenLinesBridge/OpenLinesBridge.node';
import { N8nHarness, type ExecuteOptions } from '../../helpers/n8n';
import {
	apiMessageRow,
	bitrixAdd,
	bitrixDelete,
	bitrixTriggerItems,
	bitrixUpdate,
	chat2deskTriggerItem,
	failedSendItem,
	groupInboxBody,
	inboxBody,
	outboxBody,
	outboxStatusBody,
	requestMessageRow,
} from './openLinesBridge.fixtures';

const harness = new N8nHarness({ nodes: [new OpenLinesBridge()] });

async function run(
	operation: string,
	input: IDataObject[],
	parameters: IDataObject = {},
	extra: Partial<ExecuteOptions> = {},
) {
	const result = await harness.execute({
		node: 'openLinesBridge',
		parameters: { operation, ...parameters },
		input,
		credentialTypes: [],
		...extra,
	});
	return result;
}

const paired = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

describe('Open Lines Bridge: node description', () => {
	it('is a credential-free transform node usable as a tool', () => {
		const { description } = new OpenLinesBridge();
		expect(description.name).toBe('openLinesBridge');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toBeUndefined();
		expect(description.inputs).toHaveLength(1);
		expect(description.outputs).toHaveLength(1);
		const operation = description.properties.find((property) => property.name === 'operation');
		expect(operation?.options?.map((option) => (option as INodePropertyOptions).value)).toEqual([
			'toOpenLine',
			'deliveryErrorNotice',
			'toChat2Desk',
		]);
	});
});

describe('Open Lines Bridge: Chat2Desk Message to Open Line', () => {
	const inbox = chat2deskTriggerItem(inboxBody);
	const group = chat2deskTriggerItem(groupInboxBody);
	const outbox = chat2deskTriggerItem(outboxBody);

	it('maps every accepted shape and keeps the input fields', async () => {
		const result = await run('toOpenLine', [inbox, apiMessageRow, requestMessageRow, group]);
		expect(result.error).toBeUndefined();
		const items = result.items;
		expect(paired(items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json).toEqual({
			...inbox,
			openLineMessage: {
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
			},
		});
		const fromRow = items[1].json.openLineMessage as IDataObject;
		expect(fromRow.files).toEqual([
			{ url: 'https://storage.chat2desk.com/companies/1/docs/contract.pdf', name: 'contract.pdf' },
			{
				url: 'https://storage.chat2desk.com/companies/1/docs/scan%201.jpg?sig=abc',
				name: 'scan 1.jpg',
			},
			{ url: 'https://storage.chat2desk.com/companies/1/video/clip.mp4', name: 'clip.mp4' },
		]);
		expect(JSON.parse(fromRow.filesJson as string)).toEqual(fromRow.files);
		expect(fromRow).toMatchObject({ messageId: '106773200', date: 1784285131 });
		expect(fromRow.userName).toBeUndefined();
		expect(items[2].json.openLineMessage).toMatchObject({
			chatId: '17340089',
			messageId: '106773300',
			text: 'Still waiting for an answer',
			date: 1784285131,
		});
		expect(items[3].json.openLineMessage).toMatchObject({
			chatId: '555',
			userId: '555',
			userName: 'Family chat',
			text: '+79001234567: Hi',
			isGroupChat: true,
			senderPhone: '79001234567',
		});
	});

	it('removes the group sender phone and the date when both are turned off', async () => {
		const result = await run('toOpenLine', [group], {
			signGroupSenderPhone: false,
			options: { includeMessageDate: false },
		});
		const message = result.items[0].json.openLineMessage as IDataObject;
		expect(message).toMatchObject({ text: 'Hi', isGroupChat: true, senderPhone: '79001234567' });
		expect(message).not.toHaveProperty('date');
	});

	it('flags operator messages as skipped, or drops them with the option', async () => {
		const flagged = await run('toOpenLine', [outbox, inbox]);
		expect(flagged.items.map((item) => item.json.skipped)).toEqual([
			'not a client message (type to_client)',
			undefined,
		]);
		expect(flagged.items[0].json).not.toHaveProperty('openLineMessage');
		expect(paired(flagged.items)).toEqual([{ item: 0 }, { item: 1 }]);

		const dropped = await run('toOpenLine', [outbox, inbox], { options: { dropSkipped: true } });
		expect(dropped.items).toHaveLength(1);
		expect(dropped.items[0].pairedItem).toEqual({ item: 1 });
		expect(dropped.items[0].json.openLineMessage).toMatchObject({ messageId: '106773169' });
	});

	it('fails on an item that is not a Chat2Desk message, or reports it with continue-on-fail', async () => {
		const failed = await run('toOpenLine', [inbox, { hello: 'world' }]);
		expect(failed.error?.message).toMatch(/not a Chat2Desk message/);
		expect(failed.error?.context?.itemIndex).toBe(1);

		const continued = await run(
			'toOpenLine',
			[inbox, { hello: 'world' }],
			{},
			{ continueOnFail: true },
		);
		expect(continued.error).toBeUndefined();
		expect(paired(continued.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continued.items[1].json).toMatchObject({ hello: 'world' });
		expect(continued.items[1].json.error).toMatch(/not a Chat2Desk message/);
	});

	it('rejects an invalid group sender pattern with the item index', async () => {
		const result = await run('toOpenLine', [group], { options: { groupSenderPattern: '([' } });
		expect(result.error?.message).toMatch(/Invalid sender pattern/);
		expect(result.error?.context?.itemIndex).toBe(0);
	});
});

describe('Open Lines Bridge: Open Line Reply to Chat2Desk', () => {
	const [add] = bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [bitrixAdd]);
	const [update] = bitrixTriggerItems('ONIMCONNECTORMESSAGEUPDATE', [bitrixUpdate]);
	const [remove] = bitrixTriggerItems('ONIMCONNECTORMESSAGEDELETE', [bitrixDelete]);

	it('emits one Chat2Desk message per attachment, each paired with its event', async () => {
		const result = await run('toChat2Desk', [add, update, remove]);
		expect(result.error).toBeUndefined();
		expect(paired(result.items)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 2 }]);
		const sends = result.items.map((item) => item.json.chat2deskMessage as IDataObject);
		expect(sends).toEqual([
			{
				clientId: 17340089,
				text: 'Anna Smith: Hello there',
				attachment: 'https://portal.example.test/~aBcD1',
				attachmentFilename: 'invoice.pdf',
				type: 'to_client',
				externalId: 'b24:1807:86497',
				bitrixChatId: 1807,
				bitrixMessageId: 86497,
				isEdit: false,
				isDelete: false,
			},
			{
				clientId: 17340089,
				text: '',
				attachment: 'https://portal.example.test/~eFgH2',
				attachmentFilename: 'photo.png',
				type: 'to_client',
				externalId: 'b24:1807:86497:1',
				bitrixChatId: 1807,
				bitrixMessageId: 86497,
				isEdit: false,
				isDelete: false,
			},
			expect.objectContaining({
				text: '(edited) Anna Smith: Hello again',
				type: 'to_client',
				isEdit: true,
				externalId: expect.stringMatching(/^b24:1807:86497:edit-[0-9a-f]{16}$/),
			}),
			expect.objectContaining({
				text: 'Operator deleted a message in Bitrix24 (Chat2Desk message ID: 106773577)',
				type: 'comment',
				isDelete: true,
				externalId: 'b24:1807:86497:delete',
			}),
		]);
		expect(result.items[0].json).toMatchObject({ connector: 'chat2desk', line: '3', chatId: 1807 });
	});

	it('leaves the operator name out when signing is off and applies the text options', async () => {
		const result = await run('toChat2Desk', [add, update, remove], {
			signOperatorName: false,
			options: { editedPrefix: 'Correction: ', deletedNotice: 'Removed in Bitrix24: {externalId}' },
		});
		expect(result.items.map((item) => (item.json.chat2deskMessage as IDataObject).text)).toEqual([
			'Hello there',
			'',
			'Correction: Hello again',
			'Removed in Bitrix24: 106773577',
		]);
	});

	it('uses the name format', async () => {
		const result = await run('toChat2Desk', [add], {
			options: { nameFormat: '{name} wrote:\n{text}' },
		});
		expect((result.items[0].json.chat2deskMessage as IDataObject).text).toBe(
			'Anna Smith wrote:\nHello there',
		);
	});

	it('skips other Bitrix24 events and fails on a chat that is not a Chat2Desk client', async () => {
		const dialog = { event: 'ONIMCONNECTORDIALOGSTART', connector: 'chat2desk', line: '3' };
		const skipped = await run('toChat2Desk', [dialog, add], { options: { dropSkipped: true } });
		expect(paired(skipped.items)).toEqual([{ item: 1 }, { item: 1 }]);

		const failed = await run('toChat2Desk', [add, { ...add, externalChatId: 'channel-123' }]);
		expect(failed.error?.message).toMatch(/"channel-123" is not a Chat2Desk client ID/);
		expect(failed.error?.context?.itemIndex).toBe(1);
	});
});

describe('Open Lines Bridge: Delivery Error to Open Line', () => {
	const status = chat2deskTriggerItem(outboxStatusBody);

	it('builds the notice of an outbox_status event with the default expressions', async () => {
		const result = await run('deliveryErrorNotice', [status]);
		expect(result.error).toBeUndefined();
		expect(paired(result.items)).toEqual([{ item: 0 }]);
		expect(result.items[0].json.openLineMessage).toEqual({
			chatId: '17340089',
			userId: '17340089',
			messageId: 'c2d-delivery-error-106773577',
			text: 'Message was not delivered to the client: The client has blocked the bot',
			files: [],
			filesJson: '[]',
			isGroupChat: false,
			senderPhone: null,
		});
		expect(result.items[0].json.deliveryError).toMatchObject({
			source: 'outboxStatus',
			status: 'error',
		});
	});

	it('builds the notice of a failed send that still carries the Chat2Desk message', async () => {
		const failed = {
			...failedSendItem,
			chat2deskMessage: { clientId: 17340089, text: 'Hello', externalId: 'b24:1807:86497' },
		};
		const result = await run('deliveryErrorNotice', [failed, failed], {
			options: { noticeText: 'Not delivered: {reason}. Text: {text}' },
		});
		expect(paired(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
		const [first, second] = result.items.map((item) => item.json.openLineMessage as IDataObject);
		expect(first).toMatchObject({
			chatId: '17340089',
			text: 'Not delivered: Client not found. Text: Hello',
		});
		expect(first.messageId).toMatch(/^c2d-delivery-error-[0-9a-f]{16}$/);
		expect(second.messageId).toBe(first.messageId);
	});

	it('takes the client ID from a mapped parameter when the error item has none', async () => {
		const result = await run('deliveryErrorNotice', [failedSendItem], {
			clientId: '={{ 17340089 }}',
			reason: '={{ $json.error + " (HTTP " + $json.httpCode + ")" }}',
		});
		expect(result.items[0].json.openLineMessage).toMatchObject({
			chatId: '17340089',
			text: 'Message was not delivered to the client: Client not found (HTTP 400)',
		});
	});

	it('fails without a client ID, or reports it with continue-on-fail', async () => {
		const failed = await run('deliveryErrorNotice', [failedSendItem]);
		expect(failed.error?.message).toBe('No Chat2Desk client ID for the delivery-error notice');
		expect(failed.error?.context?.itemIndex).toBe(0);

		const continued = await run(
			'deliveryErrorNotice',
			[status, failedSendItem],
			{},
			{ continueOnFail: true },
		);
		expect(paired(continued.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continued.items[1].json.error).toBe(
			'No Chat2Desk client ID for the delivery-error notice',
		);
	});

	it('skips items that carry no delivery error', async () => {
		const delivered = chat2deskTriggerItem({
			...outboxStatusBody,
			data: { message_id: 1, client_id: 2, status: 'delivered' },
		});
		const flagged = await run('deliveryErrorNotice', [delivered, { clientId: 5, text: 'hi' }]);
		expect(flagged.items.map((item) => item.json.skipped)).toEqual([
			'not a delivery error (status delivered)',
			'no delivery error in the item',
		]);
		const dropped = await run('deliveryErrorNotice', [delivered, status], {
			options: { dropSkipped: true },
		});
		expect(paired(dropped.items)).toEqual([{ item: 1 }]);
	});
});
