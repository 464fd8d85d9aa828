import nock from 'nock';

import { chat2DeskRetries } from '../../../../nodes/Chat2Desk/transport';
import { BASE_URL, TOKEN, createHarness, envelope } from '../helpers';

const harness = createHarness();
let restoreRetries: () => void;

beforeAll(() => {
	nock.disableNetConnect();
	restoreRetries = chat2DeskRetries.configure({ wait: async () => {}, random: () => 0.5 });
});
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => {
	restoreRetries();
	nock.enableNetConnect();
});

const api = () => nock(BASE_URL).matchHeader('authorization', TOKEN);

describe('Chat2Desk › Message › Send', () => {
	const parameters = {
		resource: 'message',
		operation: 'send',
		clientId: '={{ $json.cid }}',
		text: '={{ "Hello " + $json.name }}',
		additionalFields: {
			externalId: '={{ "n8n:" + $json.cid }}',
			channelId: 17,
			type: 'to_client',
			openDialog: false,
			attachmentUrl: 'https://files.example/a.pdf',
			attachmentFilename: 'a.pdf',
		},
	};

	it('sends one message per item with the exact body and pairs the outputs', async () => {
		api()
			.post('/v1/messages', {
				client_id: 11,
				text: 'Hello Ann',
				attachment: 'https://files.example/a.pdf',
				attachment_filename: 'a.pdf',
				type: 'to_client',
				channel_id: 17,
				external_id: 'n8n:11',
				open_dialog: false,
			})
			.reply(200, envelope({ message_id: 501, client_id: 11, request_id: 3 }))
			.post('/v1/messages', (body) => body.client_id === 12 && body.text === 'Hello Bob')
			.reply(200, envelope({ message_id: 502, client_id: 12, request_id: 4 }));
		const { items, error } = await harness.execute({
			node: 'chat2Desk',
			parameters,
			input: [
				{ cid: 11, name: 'Ann' },
				{ cid: 12, name: 'Bob' },
			],
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { message_id: 501, client_id: 11, request_id: 3 }, pairedItem: { item: 0 } },
			{ json: { message_id: 502, client_id: 12, request_id: 4 }, pairedItem: { item: 1 } },
		]);
	});

	it('rejects an item without text or attachment before calling the API', async () => {
		const { items, error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'message', operation: 'send', clientId: '5', text: '' },
		});
		expect(items).toEqual([]);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Enter a text, an attachment URL or a PDF URL',
			context: expect.objectContaining({ itemIndex: 0 }),
		});
	});

	it('rejects a non-numeric client id', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'message', operation: 'send', clientId: 'abc', text: 'x' },
		});
		expect(error?.message).toBe('Client ID must be a positive whole number, got "abc"');
	});

	it('continues on fail with paired error items', async () => {
		api()
			.post('/v1/messages', { client_id: 1, text: 'ok' })
			.reply(200, envelope({ message_id: 1 }))
			.post('/v1/messages', { client_id: 999, text: 'ok' })
			.reply(400, {
				status: 'error',
				message: 'Client not found',
				errors: { client_id: ['not found'] },
			});
		const { items, error } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'send',
				clientId: '={{ $json.cid }}',
				text: 'ok',
			},
			input: [{ cid: 1 }, { cid: 999 }, { cid: '' }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { message_id: 1 }, pairedItem: { item: 0 } },
			{
				json: {
					error: 'Client not found',
					httpCode: '400',
					description: 'client_id: not found — POST /v1/messages',
				},
				pairedItem: { item: 1 },
			},
			{
				json: { error: 'Client ID must be a positive whole number, got ""' },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('stops at the first failing item without continue-on-fail, with its index', async () => {
		api()
			.post('/v1/messages')
			.reply(400, { status: 'error', message: 'Validation error', errors: { text: ['too long'] } });
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'message', operation: 'send', clientId: '1', text: 'x' },
		});
		expect(error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '400',
			context: expect.objectContaining({ itemIndex: 0 }),
		});
	});
});

describe('Chat2Desk › Message › Get / Get Many / Transfer', () => {
	it('gets a message', async () => {
		api()
			.get('/v1/messages/77')
			.reply(200, envelope({ id: 77, text: 'hi' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'message', operation: 'get', messageId: '77' },
		});
		expect(items).toEqual([{ json: { id: 77, text: 'hi' }, pairedItem: { item: 0 } }]);
	});

	it('gets many messages with filters by start_id paging', async () => {
		api()
			.get('/v1/messages')
			.query({
				client_id: '9',
				dialog_id: '4',
				channel_id: '17',
				operator_id: '5',
				type: 'from_client',
				transport: 'telegram',
				read: '0',
				start_date: '01-03-2025',
				finish_date: '31-03-2025',
				start_id: '100',
				order: 'asc',
				limit: '3',
			})
			.reply(200, envelope([{ id: 100 }, { id: 101 }, { id: 105 }]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'getAll',
				returnAll: false,
				limit: 3,
				filters: {
					clientId: '9',
					dialogId: '4',
					channelId: 17,
					operatorId: 5,
					type: 'from_client',
					transport: 'telegram',
					read: '0',
					startDate: '2025-03-01T00:00:00',
					finishDate: '2025-03-31T00:00:00',
					startId: '100',
				},
			},
		});
		expect(items.map((item) => item.json.id)).toEqual([100, 101, 105]);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	it('returns all messages across pages', async () => {
		const page = (from: number, count: number) =>
			envelope(Array.from({ length: count }, (_, index) => ({ id: from + index })));
		api()
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200' })
			.reply(200, page(1, 200))
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200', start_id: '201' })
			.reply(200, page(201, 2));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'getAll',
				returnAll: true,
				filters: { clientId: '9' },
			},
		});
		expect(items).toHaveLength(202);
	});

	it('returns the newest messages with descending order', async () => {
		api()
			.get('/v1/messages')
			.query({ client_id: '9', order: 'desc', limit: '2' })
			.reply(200, envelope([{ id: 9 }, { id: 8 }]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { clientId: '9', order: 'desc' },
			},
		});
		expect(items.map((item) => item.json.id)).toEqual([9, 8]);
	});

	it('transfers to an operator and to a group', async () => {
		api()
			.get('/v1/messages/77/transfer')
			.query({ operator_id: '5', force_assign: 'true' })
			.reply(200, envelope({}))
			.get('/v1/messages/78/transfer_to_group')
			.query({ group_id: '3' })
			.reply(200, envelope({}));
		const first = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'transfer',
				messageId: '77',
				transferTo: 'operator',
				operatorId: 5,
				forceAssign: true,
			},
		});
		expect(first.items).toEqual([
			{ json: { messageId: 77, operator_id: 5, force_assign: true }, pairedItem: { item: 0 } },
		]);
		const second = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'message',
				operation: 'transfer',
				messageId: '78',
				transferTo: 'group',
				groupId: 3,
			},
		});
		expect(second.items[0].json).toEqual({ messageId: 78, group_id: 3 });
	});
});

describe('Chat2Desk › failed items with "On Error: Continue (using error output)"', () => {
	it('sends a refused item to the error output with the reason in details', async () => {
		api().post('/v1/messages').reply(400, { status: 'error', message: 'Client not found', errors: { client_id: ['Client not found'] } });
		api().post('/v1/messages').reply(200, envelope({ message_id: 501, client_id: 8 }));
		const result = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'message', operation: 'send', clientId: '={{ $json.cid }}', text: 'Hi' },
			input: [{ cid: 7 }, { cid: 8 }],
			continueOnFail: 'errorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(1);
		expect(result.outputs[0][0].json).toMatchObject({ message_id: 501 });
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(result.outputs[1][0].json).sort()).toEqual(['details', 'error']);
		expect(result.outputs[1][0].json.error).toMatch(/Client not found/);
	});
});
