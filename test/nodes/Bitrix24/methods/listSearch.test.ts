/** Resource locators of the Bitrix24 nodes (Open Line, lead/deal) against the simulator. */
import type { INodeParameters } from 'n8n-workflow';

import { Bitrix24Crm } from '../../../../nodes/Bitrix24/Bitrix24Crm.node';
import { Bitrix24OpenLines } from '../../../../nodes/Bitrix24/Bitrix24OpenLines.node';
import type { N8nHarness } from '../../../helpers/n8n';
import { CONNECTOR, simCall, type SimContext, useBitrix24Simulator } from '../helpers';

let ctx: SimContext;
let h: N8nHarness;
const leads: Record<string, number> = {};
let dealId: number;

useBitrix24Simulator((suite) => ({ ctx, h } = suite), { simulator: { crmDelayMs: 50 } });
beforeAll(async () => {
	for (const title of ['Website request', 'Call back Anna', 'Website order']) {
		const added = await simCall(ctx, 'crm.lead.add', { fields: { TITLE: title } });
		leads[title] = Number(added.result);
	}
	dealId = Number(
		(await simCall(ctx, 'crm.deal.add', { fields: { TITLE: 'Annual plan' } })).result,
	);
});

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const VIA_APP = 'bitrix24OAuth2Api';

describe('descriptions', () => {
	it('asks for the Open Line with a picker wherever a line is asked for', () => {
		const lines = new Bitrix24OpenLines().description.properties.filter((p) => p.name === 'line');
		expect(lines.length).toBeGreaterThan(5);
		for (const line of lines) {
			expect(line.type).toBe('resourceLocator');
			expect(line.modes?.[0].typeOptions?.searchListMethod).toBe('searchLines');
		}
	});

	it('asks for the lead or deal with list, ID and URL modes', () => {
		const ids = new Bitrix24Crm().description.properties.filter((p) => p.name === 'id');
		expect(ids.length).toBeGreaterThan(0);
		for (const id of ids) expect(id.modes?.map((mode) => mode.name)).toEqual(['list', 'id', 'url']);
	});
});

describe('searchLines', () => {
	const search = async (filter?: string) =>
		await h.listSearch({
			node: 'bitrix24OpenLines',
			method: 'searchLines',
			filter,
			parameters: { resource: 'message', operation: 'send' },
			credentialTypes: ['bitrix24OAuth2Api'],
		});

	it('lists the portal lines and filters them by the typed text', async () => {
		ctx.sim.updateLine(3, { ACTIVE: 'N' });
		expect((await search()).results).toEqual([
			{ name: 'Sales · #1', value: '1' },
			{ name: 'Support · #2', value: '2' },
			{ name: 'No CRM (inactive) · #3', value: '3' },
		]);
		expect((await search('supp')).results).toEqual([{ name: 'Support · #2', value: '2' }]);
		expect((await search('#3')).results).toEqual([{ name: 'No CRM (inactive) · #3', value: '3' }]);
	});
});

describe('searchCrmRecords', () => {
	const search = async (resource: string, filter?: string, auth = 'bitrix24OAuth2Api') =>
		await h.listSearch({
			node: 'bitrix24Crm',
			method: 'searchCrmRecords',
			filter,
			parameters: { authentication: auth, resource, operation: 'get' },
			credentialTypes: [auth],
		});

	it('finds leads by a part of the title, newest first, linking to their cards', async () => {
		const { results } = await search('lead', 'website');
		expect(results).toEqual([
			{
				name: `Website order · #${leads['Website order']}`,
				value: String(leads['Website order']),
				url: `${ctx.baseUrl}/crm/lead/details/${leads['Website order']}/`,
			},
			{
				name: `Website request · #${leads['Website request']}`,
				value: String(leads['Website request']),
				url: `${ctx.baseUrl}/crm/lead/details/${leads['Website request']}/`,
			},
		]);
	});

	it('finds a lead by ID, and deals with the webhook credential', async () => {
		const byId = await search('lead', `#${leads['Call back Anna']}`);
		expect(byId.results.map((r) => r.name)).toEqual([
			`Call back Anna · #${leads['Call back Anna']}`,
		]);
		const deals = await search('deal', 'annual', 'bitrix24Api');
		expect(deals.results).toEqual([
			{
				name: `Annual plan · #${dealId}`,
				value: String(dealId),
				url: `${ctx.baseUrl}/crm/deal/details/${dealId}/`,
			},
		]);
	});

	it("pages with Bitrix24's next offset", async () => {
		for (let i = 0; i < 55; i++)
			await simCall(ctx, 'crm.lead.add', { fields: { TITLE: `Bulk ${i}` } });
		const first = await search('lead', 'bulk');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await h.listSearch({
			node: 'bitrix24Crm',
			method: 'searchCrmRecords',
			filter: 'bulk',
			paginationToken: first.paginationToken,
			parameters: { authentication: VIA_APP, resource: 'lead', operation: 'get' },
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(second.results.map((r) => r.name)).toEqual(
			['Bulk 4', 'Bulk 3', 'Bulk 2', 'Bulk 1', 'Bulk 0'].map((t) => expect.stringContaining(t)),
		);
		expect(second.paginationToken).toBeUndefined();
	});
});

describe('picked values reach the API', () => {
	const getLead = (id: unknown) =>
		h.execute({
			node: 'bitrix24Crm',
			parameters: {
				authentication: VIA_APP,
				resource: 'lead',
				operation: 'get',
				id,
			} as INodeParameters,
			credentialTypes: ['bitrix24OAuth2Api'],
		});

	it.each([
		['a legacy plain ID', (id: number) => String(id)],
		['a legacy number', (id: number) => id],
		['a list pick', (id: number) => rl('list', String(id))],
		['an ID', (id: number) => rl('id', String(id))],
		[
			'a card URL',
			(id: number) => rl('url', `https://portal.example/crm/lead/details/${id}/?IFRAME=Y`),
		],
	])('lead Get accepts %s', async (_label, value) => {
		const id = leads['Call back Anna'];
		const { items, error } = await getLead(value(id));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ ID: String(id), TITLE: 'Call back Anna' });
	});

	it.each([
		['a legacy plain ID', '1'],
		['a picked line', rl('list', '1')],
	])('connector Get Status reads the line from %s', async (_label, line) => {
		await simCall(ctx, 'imconnector.register', {
			ID: CONNECTOR,
			NAME: 'Chat2Desk (test)',
			ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
			PLACEMENT_HANDLER: 'https://n8n.example.com/placement',
		});
		const { items, error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'connector',
				operation: 'getStatus',
				connector: CONNECTOR,
				line,
			} as INodeParameters,
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ line: '1' });
	});
});
