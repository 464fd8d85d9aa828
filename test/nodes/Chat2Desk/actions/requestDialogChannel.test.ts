import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

describe('Chat2Desk › Request', () => {
	it('gets a request', async () => {
		api()
			.get('/v1/requests/8')
			.reply(200, envelope({ id: 8, dialog_id: 4 }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'request', operation: 'get', requestId: '8' },
		});
		expect(items).toEqual([{ json: { id: 8, dialog_id: 4 }, pairedItem: { item: 0 } }]);
	});

	it('gets the messages of a request from the bare array, normalised and oldest first', async () => {
		api()
			.get('/v1/requests/8/messages')
			.reply(200, [
				{
					id: 12,
					text: 'second',
					type: 'out',
					created: 1743681010,
					clientID: 9,
					operatorID: 5,
					channelID: 3,
					dialogID: 4,
				},
				{
					id: 11,
					text: 'first',
					type: 'in',
					created: 1743681006,
					clientID: 9,
					operatorID: null,
					channelID: 3,
					dialogID: 4,
				},
			]);
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'request', operation: 'getMessages', requestId: '8' },
		});
		expect(items.map((item) => item.json.text)).toEqual(['first', 'second']);
		expect(items[0]).toEqual({
			json: expect.objectContaining({
				id: 11,
				clientId: 9,
				operatorId: null,
				channelId: 3,
				dialogId: 4,
				requestId: 8,
				created: '2025-04-03T11:50:06.000Z',
				createdRaw: 1743681006,
			}),
			pairedItem: { item: 0 },
		});
	});

	it('closes a request by id or the current request of a client', async () => {
		api()
			.put('/v1/requests/close', { request_id: 8 })
			.reply(200, envelope({}))
			.put('/v1/requests/close', { client_id: 9 })
			.reply(200, envelope({}));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'request',
				operation: 'close',
				closeBy: '={{ $json.by }}',
				requestId: '={{ $json.id }}',
				clientId: '={{ $json.id }}',
			},
			input: [
				{ by: 'request', id: 8 },
				{ by: 'client', id: 9 },
			],
		});
		expect(items).toEqual([
			{ json: { request_id: 8, closed: true }, pairedItem: { item: 0 } },
			{ json: { client_id: 9, closed: true }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Chat2Desk › Dialog', () => {
	it('gets a dialog', async () => {
		api()
			.get('/v1/dialogs/4')
			.reply(200, envelope({ id: 4, state: 'open' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'dialog', operation: 'get', dialogId: '4' },
		});
		expect(items[0].json).toEqual({ id: 4, state: 'open' });
	});

	it('gets many dialogs with filters', async () => {
		api()
			.get('/v1/dialogs')
			.query({ operator_id: '5', state: 'open', order: 'desc', limit: '200', offset: '0' })
			.reply(200, envelope([{ id: 4 }, { id: 3 }]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'dialog',
				operation: 'getAll',
				returnAll: true,
				filters: { operatorId: 5, state: 'open', order: 'desc' },
			},
		});
		expect(items.map((item) => item.json.id)).toEqual([4, 3]);
	});

	it('assigns an operator with force_assign', async () => {
		api()
			.put('/v1/dialogs/4', { operator_id: 5, state: 'open', force_assign: true })
			.reply(200, envelope({ id: 4, operator_id: 5, state: 'open' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'dialog',
				operation: 'update',
				dialogId: '4',
				updateFields: { operatorId: 5, state: 'open', forceAssign: true },
			},
		});
		expect(items[0].json).toEqual({ id: 4, operator_id: 5, state: 'open' });
	});

	it('refuses an update without operator or state', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'dialog',
				operation: 'update',
				dialogId: '4',
				updateFields: { forceAssign: true },
			},
		});
		expect(error?.message).toBe('Choose an operator or a state to update');
	});

	it('closes a dialog', async () => {
		api()
			.put('/v1/dialogs/4', { state: 'closed' })
			.reply(200, envelope({ id: 4, state: 'closed' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'dialog', operation: 'close', dialogId: '4' },
		});
		expect(items[0].json).toEqual({ id: 4, state: 'closed' });
	});
});

describe('Chat2Desk › Channel, Operator, Web Analytics', () => {
	it('gets a channel and many channels by phone', async () => {
		api()
			.get('/v1/channels/17')
			.reply(200, envelope({ id: 17, name: 'WhatsApp' }))
			.get('/v1/channels')
			.query({ phone: '79001234567', limit: '50', offset: '0' })
			.reply(200, envelope([{ id: 17 }]));
		const one = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'channel', operation: 'get', channelId: '17' },
		});
		expect(one.items[0].json).toEqual({ id: 17, name: 'WhatsApp' });
		const many = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'channel',
				operation: 'getAll',
				filters: { phone: '+7 900 123-45-67' },
			},
		});
		expect(many.items.map((item) => item.json)).toEqual([{ id: 17 }]);
	});

	it('gets operators and operator groups', async () => {
		api()
			.get('/v1/operators')
			.query({ email: 'a@b.c', online: '1', limit: '200', offset: '0' })
			.reply(200, envelope([{ id: 5, email: 'a@b.c' }]))
			.get('/v1/operators_groups')
			.query({ limit: '200', offset: '0' })
			.reply(200, envelope([{ id: 3, name: 'Sales', operator_ids: [5] }]));
		const operators = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'operator',
				operation: 'getAll',
				returnAll: true,
				filters: { email: 'a@b.c', online: '1' },
			},
		});
		expect(operators.items.map((item) => item.json.id)).toEqual([5]);
		const groups = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'operator', operation: 'getGroups', returnAll: true },
		});
		expect(groups.items[0].json).toEqual({ id: 3, name: 'Sales', operator_ids: [5] });
	});

	it('gets web analytics of a client for a date range', async () => {
		const row = { client_id: 9, utm_source: 'google', utm_medium: 'cpc' };
		api()
			.get('/v1/web_analytics_data')
			.query({
				client_id: '9',
				date_from: '2025-03-01',
				date_to: '2025-03-31',
				limit: '50',
				offset: '0',
			})
			.reply(200, envelope([row]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'webAnalytics',
				operation: 'getAll',
				clientId: '9',
				filters: { dateFrom: '2025-03-01T00:00:00', dateTo: '2025-03-31T00:00:00' },
			},
		});
		expect(items).toEqual([{ json: row, pairedItem: { item: 0 } }]);
	});
});
