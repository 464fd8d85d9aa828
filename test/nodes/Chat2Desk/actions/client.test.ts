import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

const client = { id: 55, phone: '79001234567', client_phone: null, name: 'Ann' };

describe('Chat2Desk › Client', () => {
	it('gets a client', async () => {
		api().get('/v1/clients/55').reply(200, envelope(client));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'get', clientId: '55' },
		});
		expect(items).toEqual([{ json: client, pairedItem: { item: 0 } }]);
	});

	it('gets many clients filtered by phone digits and tags', async () => {
		api()
			.get('/v1/clients')
			.query({ phone: '79001234567', tags: '3,4', order: 'desc', limit: '10', offset: '0' })
			.reply(200, envelope([client], { total: 1 }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'getAll',
				returnAll: false,
				limit: 10,
				filters: { phone: '+7 (900) 123-45-67', tagIds: [3, 4], order: 'desc' },
			},
		});
		expect(items).toEqual([{ json: client, pairedItem: { item: 0 } }]);
	});

	it('finds a client by phone, or returns nothing for that item', async () => {
		api()
			.get('/v1/clients')
			.query({ phone: '79001234567', limit: '20' })
			.reply(200, envelope([{ id: 1, phone: '[wa] x' }, client]))
			.get('/v1/clients')
			.query({ phone: '79990000000', limit: '20' })
			.reply(200, envelope([]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'findByPhone', phone: '={{ $json.phone }}' },
			input: [{ phone: '+7 900 123-45-67' }, { phone: '8 (999) 000-00-00'.replace(/^8/, '7') }],
		});
		expect(items).toEqual([{ json: client, pairedItem: { item: 0 } }]);
	});

	it('rejects a phone without digits', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'findByPhone', phone: '[tg] abc' },
		});
		expect(error?.message).toBe('"[tg] abc" contains no digits of a phone number');
	});

	it('creates a client', async () => {
		api()
			.post('/v1/clients', {
				phone: '79001234567',
				transport: 'whatsapp',
				channel_id: 17,
				nickname: 'Ann',
				assigned_phone: '79001112233',
			})
			.reply(200, envelope(client));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'create',
				phone: '+7 900 123 45 67',
				transport: 'whatsapp',
				additionalFields: { channelId: 17, nickname: 'Ann', assignedPhone: '+7 900 111 22 33' },
			},
		});
		expect(items).toEqual([{ json: client, pairedItem: { item: 0 } }]);
	});

	const duplicate = {
		status: 'error',
		message: 'Validation error',
		errors: { client: ['Client already exist', '{"id":55}'] },
	};

	it('returns the existing client on a duplicate by default', async () => {
		api()
			.post('/v1/clients')
			.reply(400, duplicate)
			.get('/v1/clients/55')
			.reply(200, envelope(client));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'create',
				phone: '79001234567',
				transport: 'whatsapp',
			},
		});
		expect(items).toEqual([{ json: client, pairedItem: { item: 0 } }]);
	});

	it('fails on a duplicate when asked to', async () => {
		api().post('/v1/clients').reply(400, duplicate);
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'create',
				phone: '79001234567',
				transport: 'whatsapp',
				ifExists: 'error',
			},
		});
		expect(error).toMatchObject({
			httpCode: '400',
			message: 'Validation error',
			description: expect.stringContaining('client: Client already exist'),
		});
	});

	it('updates a client including custom fields', async () => {
		api()
			.put('/v1/clients/55', {
				nickname: 'Ann (VIP)',
				comment: 'called',
				extra_comment_2: 'second',
				external_id: 'crm-1',
				custom_fields: { '42': 'gold', '43': '' },
			})
			.reply(200, envelope({ ...client, assigned_name: 'Ann (VIP)' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'update',
				clientId: '55',
				updateFields: {
					nickname: 'Ann (VIP)',
					comment: 'called',
					extraComment2: 'second',
					externalId: 'crm-1',
				},
				customFields: {
					field: [
						{ fieldId: '42', value: 'gold' },
						{ fieldId: '43', value: '' },
					],
				},
			},
		});
		expect(items[0].json).toMatchObject({ id: 55, assigned_name: 'Ann (VIP)' });
	});

	it('refuses an update without fields', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'update', clientId: '55' },
		});
		expect(error?.message).toBe('Add at least one field to update');
	});

	it('gets the transports of a client, one item per channel', async () => {
		const transports = [
			{ channel_id: 17, transports: ['whatsapp'] },
			{ channel_id: 18, transports: ['telegram', 'viber'] },
		];
		api().get('/v1/clients/55/transport').reply(200, envelope(transports));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'getTransports', clientId: '55' },
		});
		expect(items).toEqual(transports.map((json) => ({ json, pairedItem: { item: 0 } })));
	});

	it('lists custom field definitions', async () => {
		const fields = [{ id: 42, name: 'Level', type: 'text', editable: true }];
		api().get('/v1/custom_client_fields').reply(200, { status: 'ok', data: fields });
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'getCustomFields' },
		});
		expect(items).toEqual([{ json: fields[0], pairedItem: { item: 0 } }]);
	});
});
