import nock from 'nock';

import { ACCESS_TOKEN, bridgeHarness, chat2desk, client, PORTAL, request } from './helpers';

const lines = [
	{ ID: '1', LINE_NAME: 'Sales', ACTIVE: 'Y' },
	{ ID: '3', LINE_NAME: 'Support', ACTIVE: 'Y' },
	{ ID: '5', LINE_NAME: 'Archive', ACTIVE: 'N' },
];

function bitrix24(): nock.Scope {
	return nock(PORTAL).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`);
}

const channelRoutes = {
	routes: [
		{ channelId: 17, lineId: '3' },
		{ channelId: 18, lineId: '1' },
		{ channelId: 17, lineId: '5' },
	],
};

describe('Open Line Router', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());

	it('routes by channel without calling any API; unmatched items go to Unrouted unchanged', async () => {
		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: { logic: 'byChannel', channelRoutes, defaultLine: '' },
			input: [
				{ channelId: 17, text: 'a' },
				{ channelId: 99, text: 'b' },
				{ channelId: '18', text: 'c' },
			],
		});

		expect(result.error).toBeUndefined();
		const [routed, unrouted] = result.outputs;
		expect(routed).toEqual([
			{
				json: {
					channelId: 17,
					text: 'a',
					openLine: { lineId: 3, reason: 'channel', channelId: 17 },
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					channelId: '18',
					text: 'c',
					openLine: { lineId: 1, reason: 'channel', channelId: 18 },
				},
				pairedItem: { item: 2 },
			},
		]);
		expect(unrouted).toEqual([{ json: { channelId: 99, text: 'b' }, pairedItem: { item: 1 } }]);
	});

	it('uses the default line when no channel route matches', async () => {
		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: {
				logic: 'byChannel',
				channelRoutes,
				defaultLine: '5',
				channelId: '={{ $json.channel_id }}',
			},
			input: [{ channel_id: 42 }],
		});
		expect(result.outputs[0][0].json.openLine).toEqual({ lineId: 5, reason: 'default' });
		expect(result.outputs[1]).toEqual([]);
	});

	it('routes by the first listed tag among client and request tags, one lookup each', async () => {
		chat2desk()
			.get('/v1/clients/9')
			.once()
			.reply(200, client(9, [{ id: 200, label: 'VIP' }]));
		chat2desk()
			.get('/v1/requests/50')
			.once()
			.reply(200, request(50, { tags: [{ id: 100 }] }));
		chat2desk().get('/v1/clients/10').once().reply(200, client(10, []));
		chat2desk()
			.get('/v1/requests/51')
			.once()
			.reply(200, request(51, { tags: [] }));

		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: {
				logic: 'byTag',
				tagSource: 'clientOrRequest',
				tagRoutes: {
					routes: [
						{ tagId: 100, lineId: '1' },
						{ tagId: 200, lineId: '3' },
					],
				},
				defaultLine: '',
			},
			input: [
				{ clientId: 9, requestId: 50 },
				{ clientId: 10, requestId: 51 },
				{ clientId: 9, requestId: 50 },
			],
		});

		expect(result.error).toBeUndefined();
		const [routed, unrouted] = result.outputs;
		expect(routed.map((item) => [item.json.openLine, item.pairedItem])).toEqual([
			[{ lineId: 1, reason: 'tag', tagId: 100 }, { item: 0 }],
			[{ lineId: 1, reason: 'tag', tagId: 100 }, { item: 2 }],
		]);
		expect(unrouted).toEqual([{ json: { clientId: 10, requestId: 51 }, pairedItem: { item: 1 } }]);
	});

	it('reads only client tags when the tag source is client', async () => {
		chat2desk()
			.get('/v1/clients/9')
			.reply(200, client(9, [{ id: 200 }]));

		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: {
				logic: 'byTag',
				tagSource: 'client',
				tagRoutes: {
					routes: [
						{ tagId: 100, lineId: '1' },
						{ tagId: 200, lineId: '3' },
					],
				},
			},
			input: [{ clientId: 9, requestId: 50 }],
		});
		expect(result.outputs[0][0].json.openLine).toEqual({ lineId: 3, reason: 'tag', tagId: 200 });
	});

	it('adds the line name with one Bitrix24 call per execution', async () => {
		bitrix24()
			.post('/rest/imopenlines.config.list.get', {
				PARAMS: { order: { ID: 'ASC' }, limit: 200, offset: 0 },
			})
			.once()
			.reply(200, { result: lines, time: {} });

		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: { logic: 'byChannel', channelRoutes, options: { includeLineName: true } },
			input: [{ channelId: 17 }, { channelId: 18 }],
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.openLine)).toEqual([
			{ lineId: 3, reason: 'channel', channelId: 17, lineName: 'Support' },
			{ lineId: 1, reason: 'channel', channelId: 18, lineName: 'Sales' },
		]);
	});

	it('sends failing items to Unrouted with continue-on-fail', async () => {
		const result = await bridgeHarness().execute({
			node: 'openLineRouter',
			parameters: {
				logic: 'byTag',
				tagSource: 'request',
				tagRoutes: { routes: [{ tagId: 1, lineId: '1' }] },
			},
			input: [{ clientId: 9 }],
			continueOnFail: true,
		});
		expect(result.outputs[0]).toEqual([]);
		expect(result.outputs[1]).toEqual([
			{
				json: {
					clientId: 9,
					error: 'Request ID is empty',
					description:
						'The tag source needs it. Map it from the Chat2Desk Trigger output, e.g. {{ $json.requestId }}.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('loads Open Lines from Bitrix24 and channels from Chat2Desk in one node', async () => {
		bitrix24()
			.post('/rest/imopenlines.config.list.get')
			.times(2)
			.reply(200, { result: lines, time: {} });
		chat2desk()
			.get('/v1/channels')
			.query(true)
			.reply(200, {
				status: 'success',
				data: [{ id: 17, name: 'WhatsApp', phone: '79001234567' }],
				meta: { total: 1 },
			});
		const harness = bridgeHarness();
		const base = { node: 'openLineRouter', parameters: { logic: 'byChannel' } };

		expect(
			(await harness.loadOptions({ ...base, method: 'getLines' })).map((o) => [o.name, o.value]),
		).toEqual([
			['Archive (inactive)', '5'],
			['Sales', '1'],
			['Support', '3'],
		]);
		expect(
			(await harness.loadOptions({ ...base, method: 'getLinesOrNone' })).map((o) => [
				o.name,
				o.value,
			]),
		).toEqual([
			['None (Leave Unrouted)', ''],
			['Archive (inactive)', '5'],
			['Sales', '1'],
			['Support', '3'],
		]);
		expect(await harness.loadOptions({ ...base, method: 'getChannels' })).toEqual([
			{ name: 'WhatsApp (79001234567)', value: 17 },
		]);
	});
});
