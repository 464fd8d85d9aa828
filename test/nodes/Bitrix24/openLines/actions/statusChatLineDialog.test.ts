/** Bitrix24 Open Lines node: statuses, chat name, lines (and the line dropdown), dialogs — against the simulator. */
import { sleep } from 'n8n-workflow';

import type { N8nHarness } from '../../../../helpers/n8n';
import { clientWrites, CONNECTOR, type SimContext, useBitrix24Simulator } from '../../helpers';

let ctx: SimContext;
let h: N8nHarness;
let chatId: number;
let sessionId: number;

useBitrix24Simulator((suite) => ({ ctx, h } = suite), {
	simulator: { crmDelayMs: 50 },
	connectorLines: [1],
});
beforeAll(async () => {
	const sent = (await clientWrites(ctx, 1, 'client-42', 'Hi there')) as {
		result: { DATA: { RESULT: Array<{ session: { ID: string; CHAT_ID: string } }> } };
	};
	chatId = Number(sent.result.DATA.RESULT[0].session.CHAT_ID);
	sessionId = Number(sent.result.DATA.RESULT[0].session.ID);
});

function run(resource: string, operation: string, parameters: Record<string, unknown> = {}) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: { resource, operation, ...parameters },
		credentialTypes: ['bitrix24OAuth2Api'],
	});
}

describe('status', () => {
	it('confirms delivery of an operator reply with our external id', async () => {
		const reply = ctx.sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-42',
			text: 'Hello from the operator',
			operator: { id: 2, name: 'Klaus Weber' },
		});
		const { items, error } = await run('status', 'sendDelivery', {
			connector: CONNECTOR,
			line: '1',
			imChatId: reply.chat_id,
			imMessageId: reply.message_id,
			externalMessageIds: 'c2d-9001',
			externalChatId: 'client-42',
			date: '1773759200',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			connector: CONNECTOR,
			line: '1',
			chatId: reply.chat_id,
			messageId: reply.message_id,
			externalMessageIds: ['c2d-9001'],
			status: 'delivered',
		});
		const [status] = ctx.sim.getDeliveryStatuses({ type: 'delivery' });
		expect(status).toMatchObject({
			connector: CONNECTOR,
			external_ids: ['c2d-9001'],
			external_chat_id: 'client-42',
			found: true,
		});
		const operatorMessage = ctx.sim
			.getChatMessages(reply.chat_id)
			.find((m) => m.id === reply.message_id);
		expect(operatorMessage?.connector_mid).toEqual(['c2d-9001']);
	});

	it('merges the items of one operator message (one per file) into one status with all IDs', async () => {
		const withFiles = ctx.sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-42',
			text: 'Two files',
			files: [
				{ name: 'a.txt', content: 'a' },
				{ name: 'b.txt', content: 'b' },
			],
		});
		const plain = ctx.sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-42',
			text: 'Another reply',
		});
		const before = ctx.sim.getDeliveryStatuses({ type: 'delivery' }).length;
		const item = (messageId: number, externalId: string) => ({
			imMessageId: messageId,
			externalId,
		});
		const { items, error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'status',
				operation: 'sendDelivery',
				connector: CONNECTOR,
				line: '1',
				imChatId: withFiles.chat_id,
				imMessageId: '={{ $json.imMessageId }}',
				externalMessageIds: '={{ $json.externalId }}',
				externalChatId: 'client-42',
			},
			credentialTypes: ['bitrix24OAuth2Api'],
			input: [
				item(withFiles.message_id, 'c2d-1'),
				item(withFiles.message_id, 'c2d-2'),
				item(plain.message_id, 'c2d-3'),
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.messageId, i.json.externalMessageIds, i.pairedItem])).toEqual([
			[withFiles.message_id, ['c2d-1', 'c2d-2'], { item: 0 }],
			[withFiles.message_id, ['c2d-1', 'c2d-2'], { item: 1 }],
			[plain.message_id, ['c2d-3'], { item: 2 }],
		]);
		const calls = ctx.sim.getDeliveryStatuses({ type: 'delivery' }).slice(before);
		expect(calls.map((call) => call.external_ids)).toEqual([['c2d-1', 'c2d-2'], ['c2d-3']]);
		const stored = ctx.sim.getChatMessages(withFiles.chat_id);
		expect(stored.find((m) => m.id === withFiles.message_id)?.connector_mid).toEqual([
			'c2d-1',
			'c2d-2',
		]);
	});

	it('sends a reading status', async () => {
		const reply = ctx.sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-42',
			text: 'Read me',
		});
		const { items } = await run('status', 'sendReading', {
			connector: CONNECTOR,
			line: '1',
			imChatId: reply.chat_id,
			imMessageId: reply.message_id,
			externalMessageIds: 'c2d-9002',
			externalChatId: 'client-42',
		});
		expect(items[0].json.status).toBe('read');
		expect(ctx.sim.getDeliveryStatuses({ type: 'reading' })).toHaveLength(1);
	});

	it('rejects a missing Bitrix24 message id before calling the API', async () => {
		const { error } = await run('status', 'sendDelivery', {
			connector: CONNECTOR,
			line: '1',
			imChatId: chatId,
			imMessageId: '={{ 0 }}',
			externalMessageIds: 'x',
			externalChatId: 'client-42',
		});
		expect(error?.message).toBe('Bitrix24 chat ID and message ID must be positive integers');
	});
});

describe('chat → setName', () => {
	it('renames the open chat of a client', async () => {
		const { items, error } = await run('chat', 'setName', {
			connector: CONNECTOR,
			line: '1',
			chatId: 'client-42',
			userId: 'client-42',
			name: 'VIP: Ivan Petrov',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			connector: CONNECTOR,
			line: '1',
			chatId: 'client-42',
			name: 'VIP: Ivan Petrov',
			renamed: true,
		});
		expect(ctx.sim.getChat(chatId).title).toBe('VIP: Ivan Petrov');
	});
});

describe('line', () => {
	it('lists lines, respecting the limit and the active filter', async () => {
		const all = await run('line', 'getAll', { returnAll: true });
		expect(all.items.map((item) => item.json.LINE_NAME)).toEqual(['Sales', 'Support', 'No CRM']);
		const limited = await run('line', 'getAll', { returnAll: false, limit: 2 });
		expect(limited.items).toHaveLength(2);
		ctx.sim.updateLine(3, { ACTIVE: 'N' });
		const active = await run('line', 'getAll', { returnAll: true, options: { activeOnly: true } });
		expect(active.items.map((item) => item.json.ID)).toEqual(['1', '2']);
	});

	it('feeds the line dropdown', async () => {
		const options = await h.loadOptions({
			node: 'bitrix24OpenLines',
			method: 'getLines',
			parameters: { resource: 'message', operation: 'send' },
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(options).toEqual([
			{ name: 'No CRM (inactive)', value: '3', description: 'ID 3' },
			{ name: 'Sales', value: '1', description: 'ID 1' },
			{ name: 'Support', value: '2', description: 'ID 2' },
		]);
	});
});

describe('dialog → get', () => {
	it.each([
		['chatId', () => String(chatId)],
		['dialogId', () => `chat${chatId}`],
		['sessionId', () => String(sessionId)],
		['userCode', () => `${CONNECTOR}|1|client-42|client-42`],
	])('finds the dialog by %s and parses its CRM binding', async (lookupBy, value) => {
		await ctx.sim.waitForIdle();
		await sleep(5);
		const { items, error } = await run('dialog', 'get', { lookupBy, lookupValue: value() });
		expect(error).toBeUndefined();
		const lead = ctx.sim.getLeads()[0] as { ID: string };
		expect(items[0].json).toMatchObject({
			chatId,
			dialogId: `chat${chatId}`,
			userCode: `${CONNECTOR}|1|client-42|client-42`,
			user: {
				connector: CONNECTOR,
				line: '1',
				externalChatId: 'client-42',
				externalUserId: 'client-42',
			},
			sessionId,
			crm: { leadId: Number(lead.ID), dealId: null, contactId: null, companyId: null },
		});
	});
});
