import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createChat2DeskSimulator, type Chat2DeskSimulator } from '../../../sandbox/chat2desk';
import { chat2DeskRetries } from '../../../nodes/Chat2Desk/transport';
import type { N8nHarness } from '../../helpers/n8n';
import { TOKEN, createHarness } from './helpers';

let sim: Chat2DeskSimulator;
let harness: N8nHarness;
let restoreRetries: () => void;

beforeAll(async () => {
	sim = createChat2DeskSimulator({
		token: TOKEN,
		retrySchedule: [20, 20, 20],
		webhookTimeoutMs: 500,
	});
	const baseUrl = await sim.listen(0, '127.0.0.1');
	harness = createHarness({ token: TOKEN, apiHost: 'custom', customUrl: baseUrl });
	restoreRetries = chat2DeskRetries.configure({ wait: async () => {}, random: () => 0.5 });
});
beforeEach(() => sim.reset());
afterAll(async () => {
	restoreRetries();
	await sim.close();
});

const run = async (parameters: INodeParameters, input?: IDataObject[], continueOnFail = false) =>
	await harness.execute({ node: 'chat2Desk', parameters, input, continueOnFail });

describe('Chat2Desk node against the simulator', () => {
	it('creates, finds, updates and reads a client with custom fields', async () => {
		const created = await run({
			resource: 'client',
			operation: 'create',
			phone: '+7 (900) 123-45-67',
			transport: 'whatsapp',
			additionalFields: { channelId: 1, nickname: 'Peter' },
		});
		const clientId = created.items[0].json.id as number;
		expect(created.items[0].json).toMatchObject({ phone: '79001234567', assigned_name: 'Peter' });

		const again = await run({
			resource: 'client',
			operation: 'create',
			phone: '79001234567',
			transport: 'whatsapp',
		});
		expect(again.items[0].json.id).toBe(clientId);
		expect(sim.clients()).toHaveLength(1);

		const found = await run({
			resource: 'client',
			operation: 'findByPhone',
			phone: '8 900 123 45 67'.replace(/^8/, '+7'),
		});
		expect(found.items.map((item) => item.json.id)).toEqual([clientId]);

		await run({
			resource: 'client',
			operation: 'update',
			clientId: String(clientId),
			updateFields: { comment: 'VIP customer', extraComment1: 'first' },
			customFields: {
				field: [
					{ fieldId: '1', value: 'Almaty' },
					{ fieldId: '2', value: 'A-1042' },
				],
			},
		});
		const read = await run({ resource: 'client', operation: 'get', clientId: String(clientId) });
		expect(read.items[0].json).toMatchObject({
			comment: 'VIP customer',
			extra_comment_1: 'first',
			custom_fields: { '1': 'Almaty', '2': 'A-1042' },
		});
	});

	it('sends a message with an external id that the simulator stores once', async () => {
		const { client_id } = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'Hi' });
		const sent = await run({
			resource: 'message',
			operation: 'send',
			clientId: String(client_id),
			text: 'Hello from n8n',
			additionalFields: { externalId: 'n8n:test-1' },
		});
		expect(sent.items[0].json).toMatchObject({
			client_id,
			type: 'to_client',
			transport: 'whatsapp',
			channel_id: 1,
		});
		expect(sim.messages({ external_id: 'n8n:test-1' })).toHaveLength(1);
	});

	it('resends once after a 502 when an external id allows a safe check', async () => {
		const { client_id } = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'Hi' });
		sim.addFault({ method: 'POST', path: '/v1/messages', status: 502, count: 1 });
		const sent = await run({
			resource: 'message',
			operation: 'send',
			clientId: String(client_id),
			text: 'Exactly once',
			additionalFields: { externalId: 'n8n:once' },
		});
		expect(sent.error).toBeUndefined();
		expect(sim.messages({ external_id: 'n8n:once' })).toHaveLength(1);
		expect(
			sim.requestsLog({ path: '/v1/messages' }).map((entry) => `${entry.method} ${entry.status}`),
		).toEqual(['POST 502', 'GET 200', 'POST 200']);
	});

	it('after a 502 without an external id, looks the text up and sends once when it was not stored', async () => {
		const { client_id } = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'Hi' });
		sim.addFault({ method: 'POST', path: '/v1/messages', status: 502, count: 1 });
		const sent = await run({
			resource: 'message',
			operation: 'send',
			clientId: String(client_id),
			text: 'Maybe',
		});
		expect(sent.error).toBeUndefined();
		expect(sim.requestsLog({ method: 'POST', path: '/v1/messages' })).toHaveLength(2);
		expect(sim.messages({ client_id, type: 'to_client' })).toHaveLength(1);
	});

	it('retries a send refused with 429', async () => {
		const { client_id } = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'Hi' });
		sim.addFault({ method: 'POST', path: '/v1/messages', status: 429, count: 2 });
		const sent = await run({
			resource: 'message',
			operation: 'send',
			clientId: String(client_id),
			text: 'Later',
		});
		expect(sent.error).toBeUndefined();
		expect(sim.messages({ client_id, type: 'to_client' })).toHaveLength(1);
	});

	it('reads all messages of a client with start_id paging (offset is ignored by Chat2Desk)', async () => {
		const { client_id } = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'm0' });
		for (let index = 1; index < 230; index++) sim.clientWrites({ client_id, text: `m${index}` });
		sim.clearRequestsLog();
		const { items } = await run({
			resource: 'message',
			operation: 'getAll',
			returnAll: true,
			filters: { clientId: String(client_id) },
		});
		expect(items).toHaveLength(230);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(230);
		expect(items[229].json.text).toBe('m229');
		const queries = sim.requestsLog({ path: '/v1/messages' }).map((entry) => entry.query);
		expect(queries).toHaveLength(2);
		expect(queries[1]).toContain('start_id=');
		expect(queries.join('&')).not.toContain('offset');
	});

	it('tags a client and a request, then removes them', async () => {
		const { client_id, request_id } = sim.clientWrites({
			phone: '79001234567',
			channel_id: 1,
			text: 'Hi',
		});
		await run({
			resource: 'tag',
			operation: 'assign',
			target: 'client',
			targetId: String(client_id),
			tagIds: [3, 4],
		});
		await run({
			resource: 'tag',
			operation: 'assign',
			target: 'request',
			targetId: String(request_id),
			tagIds: [1],
		});
		const client = await run({ resource: 'client', operation: 'get', clientId: String(client_id) });
		expect((client.items[0].json.tags as IDataObject[]).map((tag) => tag.id)).toEqual([3, 4]);
		const request = await run({
			resource: 'request',
			operation: 'get',
			requestId: String(request_id),
		});
		expect((request.items[0].json.tags as IDataObject[]).map((tag) => tag.id)).toEqual([1]);

		await run({
			resource: 'tag',
			operation: 'remove',
			target: 'client',
			targetId: String(client_id),
			tagIds: [4],
		});
		const after = await run({ resource: 'client', operation: 'get', clientId: String(client_id) });
		expect((after.items[0].json.tags as IDataObject[]).map((tag) => tag.id)).toEqual([3]);
		expect(sim.events().map((event) => event.event)).toEqual(
			expect.arrayContaining(['add_tag_to_client', 'add_tag_to_request', 'delete_tag_from_client']),
		);
	});

	it('reads request messages, assigns and closes the dialog', async () => {
		const first = sim.clientWrites({ phone: '79001234567', channel_id: 1, text: 'Question' });
		await run({
			resource: 'message',
			operation: 'send',
			clientId: String(first.client_id),
			text: 'Answer',
			additionalFields: { operatorId: 2 },
		});
		const messages = await run({
			resource: 'request',
			operation: 'getMessages',
			requestId: String(first.request_id),
		});
		expect(
			messages.items.map((item) => [item.json.type, item.json.text, item.json.clientId]),
		).toEqual([
			['in', 'Question', first.client_id],
			['out', 'Answer', first.client_id],
		]);
		const assigned = await run({
			resource: 'dialog',
			operation: 'update',
			dialogId: String(first.dialog_id),
			updateFields: { operatorId: 3 },
		});
		expect(assigned.items[0].json).toMatchObject({ id: first.dialog_id, operator_id: 3 });
		await run({
			resource: 'request',
			operation: 'close',
			closeBy: 'request',
			requestId: String(first.request_id),
		});
		const dialog = await run({
			resource: 'dialog',
			operation: 'get',
			dialogId: String(first.dialog_id),
		});
		expect(dialog.items[0].json.state).toBe('closed');
	});

	it('loads dropdowns from the account', async () => {
		const load = async (method: string) =>
			await harness.loadOptions({
				node: 'chat2Desk',
				method,
				parameters: { resource: 'message', operation: 'send' },
			});
		expect(await load('getChannels')).toEqual([
			{ name: 'Telegram bot (@sandbox_support_bot)', value: 2 },
			{ name: 'VK community (vk.com/sandbox)', value: 3 },
			{ name: 'WhatsApp (+7 900 000-00-01)', value: 1 },
		]);
		expect((await load('getTags')).map((option) => option.name)).toEqual([
			'Routing: Sales',
			'Routing: Support',
			'Status: Spam',
			'Status: VIP',
		]);
		expect(await load('getOperatorGroups')).toEqual([
			{ name: 'Sales team', value: 1 },
			{ name: 'Support team', value: 2 },
		]);
		expect((await load('getCustomClientFields')).map((option) => option.name)).toEqual([
			'City',
			'Customer ID',
			'Order number',
		]);
		expect(await load('getTransports')).toEqual(
			expect.arrayContaining([{ name: 'whatsapp', value: 'whatsapp' }]),
		);
	});

	it('explains a rejected token', async () => {
		const wrong = createHarness({
			token: 'wrong',
			apiHost: 'custom',
			customUrl: sim.baseUrl ?? '',
		});
		const { error } = await wrong.execute({
			node: 'chat2Desk',
			parameters: { resource: 'channel', operation: 'getAll' },
		});
		expect(error).toMatchObject({
			httpCode: '403',
			message: 'Token is not correct',
			description: expect.stringContaining('Check the API token'),
		});
	});
});
