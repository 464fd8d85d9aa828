/** Resource locators of the Chat2Desk node: list searches and the ids they (or legacy values) feed. */
import { Chat2Desk } from '../../../../nodes/Chat2Desk/Chat2Desk.node';
import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

const search = async (method: string, filter?: string, paginationToken?: string) =>
	await harness.listSearch({
		node: 'chat2Desk',
		method,
		filter,
		paginationToken,
		parameters: { resource: 'client', operation: 'get' },
	});

const ann = {
	id: 55,
	phone: '79001234567',
	client_phone: null,
	name: 'Ann',
	assigned_name: 'Ann Lee',
};
const bot = { id: 56, phone: '[tg] 807892', client_phone: null, name: 'Peter' };

function dialog(id: number, lastRequestId: number | null, client: object, state = 'open') {
	return {
		id,
		state,
		last_request_id: lastRequestId,
		last_message: { id: id * 10, client_id: (client as { id: number }).id, client },
	};
}

describe('Chat2Desk pickers › descriptions', () => {
	const { properties } = new Chat2Desk().description;

	it.each(['clientId', 'dialogId', 'requestId'])(
		'every %s parameter is a resource locator with a list and an id mode',
		(name) => {
			const found = properties.filter((property) => property.name === name);
			expect(found.length).toBeGreaterThan(0);
			for (const property of found.filter((p) => p.type !== 'string')) {
				expect(property.type).toBe('resourceLocator');
				expect(property.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
				expect(property.modes?.[0].typeOptions?.searchListMethod).toMatch(/^search/);
			}
			// Optional filters (message Get Many, web analytics) keep a plain field; required ids all pick.
			const required = found.filter((p) => p.required);
			expect(required.every((p) => p.type === 'resourceLocator')).toBe(true);
		},
	);
});

describe('Chat2Desk pickers › searchClients', () => {
	it('searches by the digits of a typed phone, newest first', async () => {
		api()
			.get('/v1/clients')
			.query({ order: 'desc', phone: '79001234567', limit: '50', offset: '0' })
			.reply(200, envelope([ann]));
		expect(await search('searchClients', '+7 (900) 123-45-67')).toEqual({
			results: [{ name: 'Ann Lee (79001234567) · #55', value: '55' }],
			paginationToken: undefined,
		});
	});

	it('filters a page by name when the text has no digits', async () => {
		api()
			.get('/v1/clients')
			.query({ order: 'desc', limit: '50', offset: '0' })
			.reply(200, envelope([ann, bot]));
		const { results } = await search('searchClients', 'peter');
		expect(results).toEqual([{ name: 'Peter ([tg] 807892) · #56', value: '56' }]);
	});

	it('pages with the offset as token while pages are full', async () => {
		const full = Array.from({ length: 50 }, (_, k) => ({ id: 1000 - k, phone: `7900${k}` }));
		api()
			.get('/v1/clients')
			.query({ order: 'desc', limit: '50', offset: '0' })
			.reply(200, envelope(full))
			.get('/v1/clients')
			.query({ order: 'desc', limit: '50', offset: '50' })
			.reply(200, envelope([ann]));
		const first = await search('searchClients');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await search('searchClients', undefined, first.paginationToken);
		expect(second).toEqual({
			results: [{ name: 'Ann Lee (79001234567) · #55', value: '55' }],
			paginationToken: undefined,
		});
	});
});

describe('Chat2Desk pickers › dialogs and requests', () => {
	const dialogs = [
		dialog(942, 5357, ann),
		dialog(941, 5300, bot, 'closed'),
		dialog(940, null, bot),
	];

	it('lists dialogs with state and client, filtered by the typed text', async () => {
		api()
			.get('/v1/dialogs')
			.query({ order: 'desc', limit: '50', offset: '0' })
			.times(2)
			.reply(200, envelope(dialogs));
		expect((await search('searchDialogs')).results).toEqual([
			{ name: 'Dialog #942 · open · Ann Lee', value: '942' },
			{ name: 'Dialog #941 · closed · Peter', value: '941' },
			{ name: 'Dialog #940 · open · Peter', value: '940' },
		]);
		expect((await search('searchDialogs', 'CLOSED')).results).toEqual([
			{ name: 'Dialog #941 · closed · Peter', value: '941' },
		]);
	});

	it("lists each dialog's latest request, skipping dialogs without one", async () => {
		api()
			.get('/v1/dialogs')
			.query({ order: 'desc', limit: '50', offset: '0' })
			.reply(200, envelope(dialogs));
		expect((await search('searchRequests')).results).toEqual([
			{ name: 'Request #5357 · Ann Lee · dialog #942 · open', value: '5357' },
			{ name: 'Request #5300 · Peter · dialog #941 · closed', value: '5300' },
		]);
	});
});

describe('Chat2Desk pickers › values reach the API', () => {
	it.each([
		['a legacy plain string', '55'],
		['a legacy number', 55],
		['a list pick', { __rl: true, mode: 'list', value: '55', cachedResultName: 'Ann' }],
		['an id', { __rl: true, mode: 'id', value: ' 55 ' }],
		['an expression in id mode', { __rl: true, mode: 'id', value: '={{ $json.client }}' }],
	])('client Get accepts %s', async (_label, clientId) => {
		api().get('/v1/clients/55').reply(200, envelope(ann));
		const { items, error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'client', operation: 'get', clientId },
			input: [{ client: 55 }],
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: ann, pairedItem: { item: 0 } }]);
	});

	it('request Close by request and dialog Get read the picked ids', async () => {
		api()
			.put('/v1/requests/close', { request_id: 5357 })
			.reply(200, envelope({ closed: true }))
			.get('/v1/dialogs/942')
			.reply(200, envelope({ id: 942 }));
		const closed = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'request',
				operation: 'close',
				closeBy: 'request',
				requestId: { __rl: true, mode: 'list', value: '5357' },
			},
		});
		expect(closed.error).toBeUndefined();
		const got = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'dialog',
				operation: 'get',
				dialogId: { __rl: true, mode: 'id', value: '942' },
			},
		});
		expect(got.items[0].json).toEqual({ id: 942 });
	});

	it('rejects an id that is not a whole number, typed or from an expression', async () => {
		const typed = await harness
			.execute({
				node: 'chat2Desk',
				parameters: {
					resource: 'client',
					operation: 'get',
					clientId: { __rl: true, mode: 'id', value: 'abc' },
				},
			})
			.catch((error: Error) => ({ error }));
		expect(typed.error?.message).toContain('Not a valid ID');
		const computed = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'client',
				operation: 'get',
				clientId: { __rl: true, mode: 'id', value: '={{ $json.client }}' },
			},
			input: [{ client: 'abc' }],
		});
		expect(computed.error?.message).toBe('Client ID must be a positive whole number, got "abc"');
	});
});
