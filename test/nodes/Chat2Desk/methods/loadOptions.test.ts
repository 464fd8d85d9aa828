import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

const load = async (method: string, node = 'chat2Desk') =>
	await harness.loadOptions({
		node,
		method,
		parameters: { resource: 'message', operation: 'send' },
	});

describe('Chat2Desk dropdowns', () => {
	it('lists channels with phone, sorted', async () => {
		api()
			.get('/v1/channels')
			.query({ limit: '200', offset: '0' })
			.reply(
				200,
				envelope([
					{ id: 2, name: 'Telegram bot', phone: null },
					{ id: 1, name: 'Sales WhatsApp', phone: '79001234567' },
				]),
			);
		expect(await load('getChannels')).toEqual([
			{ name: 'Sales WhatsApp (79001234567)', value: 1 },
			{ name: 'Telegram bot', value: 2 },
		]);
	});

	it('lists channels for the trigger too', async () => {
		api()
			.get('/v1/channels')
			.query(true)
			.reply(200, envelope([{ id: 1, name: 'A' }]));
		expect(await load('getChannels', 'chat2DeskTrigger')).toEqual([{ name: 'A', value: 1 }]);
	});

	it('lists operators by name and email', async () => {
		api()
			.get('/v1/operators')
			.query(true)
			.reply(
				200,
				envelope([
					{ id: 5, first_name: 'Ann', last_name: 'Lee', email: 'ann@x.io' },
					{ id: 6, email: 'bot@x.io' },
				]),
			);
		expect(await load('getOperators')).toEqual([
			{ name: 'Ann Lee (ann@x.io)', value: 5 },
			{ name: 'bot@x.io', value: 6 },
		]);
	});

	it('lists operator groups', async () => {
		api()
			.get('/v1/operators_groups')
			.query(true)
			.reply(200, envelope([{ id: 3, name: 'Sales', operator_ids: [] }]));
		expect(await load('getOperatorGroups')).toEqual([{ name: 'Sales', value: 3 }]);
	});

	it('lists tags with their group, and tag groups from the tags', async () => {
		const tags = [
			{ id: 10, group_id: 1, group_name: 'Status', label: 'VIP', description: 'Important' },
			{ id: 11, group_id: 2, group_name: 'Source', label: 'Ads', description: '' },
			{ id: 12, group_id: 1, group_name: 'Status', label: 'Churn' },
		];
		api().get('/v1/tags').query(true).times(2).reply(200, envelope(tags));
		expect(await load('getTags')).toEqual([
			{ name: 'Source: Ads', value: 11, description: undefined },
			{ name: 'Status: Churn', value: 12, description: undefined },
			{ name: 'Status: VIP', value: 10, description: 'Important' },
		]);
		expect(await load('getTagGroups')).toEqual([
			{ name: 'Source', value: 2 },
			{ name: 'Status', value: 1 },
		]);
	});

	it('lists transports whether they come as strings or objects', async () => {
		api()
			.get('/v1/help/transports')
			.reply(200, envelope(['whatsapp', { name: 'telegram' }, 'whatsapp', '']));
		expect(await load('getTransports')).toEqual([
			{ name: 'telegram', value: 'telegram' },
			{ name: 'whatsapp', value: 'whatsapp' },
		]);
	});

	it('lists editable custom client fields by id', async () => {
		api()
			.get('/v1/custom_client_fields')
			.reply(200, {
				status: 'ok',
				data: [
					{ id: 42, name: 'Level', type: 'text', editable: true },
					{ id: 43, name: 'Locked', type: 'text', editable: false },
				],
			});
		expect(await load('getCustomClientFields')).toEqual([
			{ name: 'Level', value: '42', description: 'text' },
		]);
	});
});
