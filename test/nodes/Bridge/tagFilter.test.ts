import nock from 'nock';

import { bridgeHarness, chat2desk, client, request } from './helpers';

const tag = (id: number, label = `Tag ${id}`) => ({
	id,
	group_id: 1,
	group_name: 'Routing',
	label,
	description: '',
});

describe('Chat2Desk Tag Filter', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());

	it('accepts tagged clients and looks every client up once per execution', async () => {
		const nine = chat2desk()
			.get('/v1/clients/9')
			.once()
			.reply(200, client(9, [tag(5, 'Sales'), tag(6)]));
		const ten = chat2desk()
			.get('/v1/clients/10')
			.once()
			.reply(200, client(10, [tag(6)]));

		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [5], tagSource: 'client' },
			input: [
				{ clientId: 9, text: 'a' },
				{ clientId: 10, text: 'b' },
				{ clientId: '9', text: 'c' },
				{ clientId: 9, text: 'd' },
			],
			credentialTypes: ['chat2DeskApi'],
		});

		expect(result.error).toBeUndefined();
		expect(nine.isDone() && ten.isDone()).toBe(true);
		const [passed, filteredOut] = result.outputs;
		expect(passed.map((item) => [item.json.text, item.pairedItem])).toEqual([
			['a', { item: 0 }],
			['c', { item: 2 }],
			['d', { item: 3 }],
		]);
		expect(filteredOut.map((item) => [item.json.text, item.pairedItem])).toEqual([
			['b', { item: 1 }],
		]);
		expect(passed[0].json).toEqual({
			clientId: 9,
			text: 'a',
			tagFilter: {
				mode: 'acceptTagged',
				matchedTagIds: [5],
				clientTagIds: [5, 6],
				requestTagIds: [],
			},
		});
		expect(filteredOut[0].json.tagFilter).toEqual({
			mode: 'acceptTagged',
			matchedTagIds: [],
			clientTagIds: [6],
			requestTagIds: [],
		});
	});

	it('rejects requests that carry all chosen tags (tags as ids or objects)', async () => {
		chat2desk()
			.get('/v1/requests/50')
			.reply(200, request(50, { tags: [1, '2'] }));
		chat2desk()
			.get('/v1/requests/51')
			.reply(200, request(51, { tags: [{ id: 1 }] }));

		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: {
				mode: 'rejectTagged',
				tagIds: ['1', '2'],
				tagSource: 'request',
				options: { tagMatch: 'all' },
			},
			input: [{ requestId: 50 }, { requestId: 51 }, { requestId: 50 }],
			credentialTypes: ['chat2DeskApi'],
		});

		expect(result.error).toBeUndefined();
		const [passed, filteredOut] = result.outputs;
		expect(passed.map((item) => item.json)).toEqual([
			{
				requestId: 51,
				tagFilter: {
					mode: 'rejectTagged',
					matchedTagIds: [1],
					clientTagIds: [],
					requestTagIds: [1],
				},
			},
		]);
		expect(filteredOut.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	it('treats a request without a tags field as untagged and says so', async () => {
		chat2desk().get('/v1/requests/77').reply(200, request(77, {}));

		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [1], tagSource: 'request' },
			input: [{ requestId: 77 }],
			credentialTypes: ['chat2DeskApi'],
		});

		expect(result.outputs[0]).toEqual([]);
		expect(result.outputs[1][0].json.tagFilter).toEqual({
			mode: 'acceptTagged',
			matchedTagIds: [],
			clientTagIds: [],
			requestTagIds: [],
			warnings: [
				'Chat2Desk returned no tags field for request 77; it was treated as having no tags',
			],
		});
	});

	it('combines client and request tags, one lookup of each', async () => {
		const calls = [
			chat2desk()
				.get('/v1/clients/9')
				.reply(200, client(9, [tag(1)])),
			chat2desk()
				.get('/v1/requests/50')
				.reply(200, request(50, { tags: [tag(2)] })),
		];

		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [2], tagSource: 'clientOrRequest' },
			input: [
				{ clientId: 9, requestId: 50 },
				{ clientId: 9, requestId: 50 },
			],
			credentialTypes: ['chat2DeskApi'],
		});

		expect(calls.every((call) => call.isDone())).toBe(true);
		expect(result.outputs[0]).toHaveLength(2);
		expect(result.outputs[0][1].json.tagFilter).toEqual({
			mode: 'acceptTagged',
			matchedTagIds: [2],
			clientTagIds: [1],
			requestTagIds: [2],
		});
	});

	it("passes everything without calling Chat2Desk in Don't Process Tags mode", async () => {
		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'ignoreTags' },
			input: [{ clientId: 9 }, { clientId: 10 }],
			credentialTypes: ['chat2DeskApi'],
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[1]).toEqual([]);
		expect(result.outputs[0]).toEqual([
			{
				json: {
					clientId: 9,
					tagFilter: { mode: 'ignoreTags', matchedTagIds: [], clientTagIds: [], requestTagIds: [] },
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					clientId: 10,
					tagFilter: { mode: 'ignoreTags', matchedTagIds: [], clientTagIds: [], requestTagIds: [] },
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('keeps binary data of items', async () => {
		chat2desk()
			.get('/v1/clients/9')
			.reply(200, client(9, [tag(5)]));
		const binary = { data: { data: 'aGk=', mimeType: 'text/plain', fileName: 'hi.txt' } };
		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [], tagSource: 'client' },
			input: [{ json: { clientId: 9 }, binary }],
			credentialTypes: ['chat2DeskApi'],
		});
		expect(result.outputs[0][0].binary).toEqual(binary);
		expect(result.outputs[0][0].json.tagFilter).toMatchObject({ matchedTagIds: [5] });
	});

	it('fails the item with its index when the client ID is empty', async () => {
		const result = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [1], tagSource: 'client' },
			input: [{ other: 1 }],
			credentialTypes: ['chat2DeskApi'],
		});
		expect(result.error?.message).toBe('Client ID is empty');
		expect(result.error?.context?.itemIndex).toBe(0);
	});

	it('reports a Chat2Desk error, or sends the item to Filtered Out with continue-on-fail', async () => {
		chat2desk()
			.get('/v1/clients/404')
			.times(2)
			.reply(404, { status: 'error', message: 'Client not found' });
		chat2desk()
			.get('/v1/clients/9')
			.reply(200, client(9, [tag(5)]));

		const failed = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [5], tagSource: 'client' },
			input: [{ clientId: 404 }],
			credentialTypes: ['chat2DeskApi'],
		});
		expect(failed.error?.message).toBe('Client not found');
		expect(failed.error?.httpCode).toBe('404');

		const continued = await bridgeHarness().execute({
			node: 'chat2DeskTagFilter',
			parameters: { mode: 'acceptTagged', tagIds: [5], tagSource: 'client' },
			input: [{ clientId: 404 }, { clientId: 9 }],
			credentialTypes: ['chat2DeskApi'],
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(continued.outputs[1]).toHaveLength(1);
		expect(continued.outputs[1][0]).toMatchObject({
			json: { clientId: 404, error: 'Client not found', httpCode: '404' },
			pairedItem: { item: 0 },
		});
	});

	it('offers the account tags with their group', async () => {
		chat2desk()
			.get('/v1/tags')
			.query(true)
			.reply(200, {
				status: 'success',
				data: [tag(2, 'Support'), tag(1, 'Sales')],
				meta: { total: 2, limit: 200, offset: 0 },
			});
		const options = await bridgeHarness().loadOptions({
			node: 'chat2DeskTagFilter',
			method: 'getTags',
			parameters: { mode: 'acceptTagged' },
			credentialTypes: ['chat2DeskApi'],
		});
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['Routing: Sales', 1],
			['Routing: Support', 2],
		]);
	});
});
