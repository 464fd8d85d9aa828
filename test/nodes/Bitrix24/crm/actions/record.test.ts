/** Bitrix24 CRM node against the simulator, with both credentials. */
import type {
	IDataObject,
	INodeParameters,
	ResourceMapperField,
	ResourceMapperValue,
} from 'n8n-workflow';

import type { N8nHarness } from '../../../../helpers/n8n';
import {
	clientWrites,
	setUpConnector,
	simCall,
	type SimContext,
	useBitrix24Simulator,
} from '../../helpers';

let ctx: SimContext;
let h: N8nHarness;
let leadSchema: ResourceMapperField[];

type Auth = 'bitrix24OAuth2Api' | 'bitrix24Api';
const VIA_APP: Auth = 'bitrix24OAuth2Api';
const VIA_HOOK: Auth = 'bitrix24Api';

function crm(
	parameters: INodeParameters,
	options: { auth?: Auth; input?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	const auth = options.auth ?? 'bitrix24OAuth2Api';
	return h.execute({
		node: 'bitrix24Crm',
		parameters: { authentication: auth, ...parameters },
		credentialTypes: [auth],
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

function columns(value: IDataObject, schema: ResourceMapperField[]): ResourceMapperValue {
	return {
		mappingMode: 'defineBelow',
		value: value as ResourceMapperValue['value'],
		matchingColumns: [],
		schema,
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

useBitrix24Simulator((suite) => ({ ctx, h } = suite), { simulator: { crmDelayMs: 200 } });
beforeAll(async () => {
	const fields = await h.resourceMapping({
		node: 'bitrix24Crm',
		method: 'getCrmFieldsForCreate',
		parameters: { authentication: VIA_APP, resource: 'lead', operation: 'create' },
		credentialTypes: ['bitrix24OAuth2Api'],
	});
	leadSchema = fields.fields;
});

describe('resourceMapper fields', () => {
	it('loads lead fields with user-field labels, UTM fields and hidden read-only fields', () => {
		const byId = (id: string) => leadSchema.find((field) => field.id === id);
		expect(byId('ID')).toBeUndefined();
		expect(byId('TITLE')).toMatchObject({ display: true, type: 'string' });
		expect(byId('UTM_SOURCE')).toMatchObject({ display: true, type: 'string' });
		expect(byId('UF_CRM_C2D_CLIENT_ID')).toMatchObject({
			displayName: 'Chat2Desk client ID (UF_CRM_C2D_CLIENT_ID)',
			display: true,
		});
		expect(byId('PHONE')).toMatchObject({ type: 'string', display: true });
		expect(byId('DATE_CREATE')).toMatchObject({ display: false });
	});

	it('loads deal fields for update through the incoming webhook', async () => {
		const fields = await h.resourceMapping({
			node: 'bitrix24Crm',
			method: 'getCrmFieldsForUpdate',
			parameters: { authentication: VIA_HOOK, resource: 'deal', operation: 'update' },
			credentialTypes: ['bitrix24Api'],
		});
		const ids = fields.fields.map((field) => field.id);
		expect(ids).toEqual(
			expect.arrayContaining(['TITLE', 'STAGE_ID', 'UTM_CAMPAIGN', 'UF_CRM_C2D_UTM']),
		);
		expect(ids).not.toContain('PHONE');
		expect(fields.fields.every((field) => field.required === false)).toBe(true);
		expect(
			ctx.sim
				.getRequestsLog()
				.some((entry) => entry.method === 'crm.deal.fields' && entry.auth === 'webhook'),
		).toBe(true);
	});
});

describe('lead: create, get, update, getAll', () => {
	let leadId: number;

	it('creates a lead from mapped fields (multifield and user field included)', async () => {
		const { items, error } = await crm(
			{
				resource: 'lead',
				operation: 'create',
				columns: columns(
					{
						TITLE: '={{ "Chat2Desk: " + $json.name }}',
						NAME: '={{ $json.name }}',
						PHONE: '={{ $json.phone }}',
						UTM_SOURCE: 'google',
						UF_CRM_C2D_CLIENT_ID: '={{ $json.cid }}',
					},
					leadSchema,
				),
			},
			{ input: [{ name: 'Anna', phone: '+49 151 111, +49 151 222', cid: '17340089' }] },
		);
		expect(error).toBeUndefined();
		leadId = items[0].json.id as number;
		expect(leadId).toBeGreaterThan(0);
		const stored = ctx.sim.getLeads().find((lead) => Number(lead.ID) === leadId) as IDataObject;
		expect(stored).toMatchObject({
			TITLE: 'Chat2Desk: Anna',
			NAME: 'Anna',
			UTM_SOURCE: 'google',
			UF_CRM_C2D_CLIENT_ID: '17340089',
		});
		expect((stored.PHONE as IDataObject[]).map((phone) => phone.VALUE)).toEqual([
			'+49 151 111',
			'+49 151 222',
		]);
	});

	it('gets it back with both credentials', async () => {
		for (const auth of ['bitrix24OAuth2Api', 'bitrix24Api'] as const) {
			const { items } = await crm(
				{ resource: 'lead', operation: 'get', id: String(leadId) },
				{ auth },
			);
			expect(items[0].json).toMatchObject({ ID: String(leadId), TITLE: 'Chat2Desk: Anna' });
		}
	});

	it('updates UTM and user fields', async () => {
		const { items, error } = await crm({
			resource: 'lead',
			operation: 'update',
			id: String(leadId),
			columns: columns({ UTM_MEDIUM: 'cpc', UF_CRM_C2D_CITY: 'Berlin' }, leadSchema),
			options: { registerSonetEvent: false },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			id: leadId,
			updated: true,
			fields: { UTM_MEDIUM: 'cpc', UF_CRM_C2D_CITY: 'Berlin' },
		});
		expect(ctx.sim.getLeads().find((lead) => Number(lead.ID) === leadId)).toMatchObject({
			UTM_MEDIUM: 'cpc',
			UF_CRM_C2D_CITY: 'Berlin',
			UTM_SOURCE: 'google',
		});
	});

	it('refuses an update with no mapped field and an invalid id', async () => {
		const empty = await crm({
			resource: 'lead',
			operation: 'update',
			id: String(leadId),
			columns: columns({}, leadSchema),
		});
		expect(empty.error?.message).toBe('Map at least one field to update');
		const invalid = await crm({ resource: 'lead', operation: 'get', id: 'abc' });
		expect(invalid.error?.message).toBe('"abc" is not a valid record ID');
	});

	it('reports Bitrix24\'s legacy "Not found" for a missing lead', async () => {
		const { error } = await crm({ resource: 'lead', operation: 'get', id: '999999' });
		expect(error?.message).toBe('Bitrix24 error Not found');
		expect(error?.httpCode).toBe('400');
	});

	it('reads many leads page by page, with filter, select and limit', async () => {
		for (let i = 0; i < 60; i++) {
			await simCall(ctx, 'crm.lead.add', {
				fields: { TITLE: `Bulk ${i}`, STATUS_ID: 'IN_PROCESS' },
			});
		}
		ctx.sim.clearRequestsLog();
		const all = await crm({
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filter: '{"STATUS_ID": "IN_PROCESS"}',
			select: 'ID, TITLE',
		});
		expect(all.items).toHaveLength(60);
		expect(all.items[0].json).toEqual({ ID: expect.any(String), TITLE: 'Bulk 0' });
		const listCalls = ctx.sim.getRequestsLog().filter((entry) => entry.method === 'crm.lead.list');
		expect(listCalls).toHaveLength(2);

		const limited = await crm({
			resource: 'lead',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
			filter: '{}',
			select: 'ID',
		});
		expect(limited.items).toHaveLength(7);

		const ordered = await crm({
			resource: 'lead',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			filter: '{"STATUS_ID": "IN_PROCESS"}',
			select: 'ID, TITLE',
			options: { order: '{"ID": "DESC"}' },
		});
		expect(ordered.items.map((item) => item.json.TITLE)).toEqual(['Bulk 59', 'Bulk 58', 'Bulk 57']);
	});

	it('rejects a filter that is not a JSON object', async () => {
		const { error } = await crm({
			resource: 'lead',
			operation: 'getAll',
			returnAll: true,
			filter: '[1]',
			select: 'ID',
		});
		expect(error?.message).toBe('Filter must be a JSON object');
	});
});

describe('deal: create with the incoming webhook', () => {
	it('creates and reads a deal', async () => {
		const schema = (
			await h.resourceMapping({
				node: 'bitrix24Crm',
				method: 'getCrmFieldsForCreate',
				parameters: { authentication: VIA_HOOK, resource: 'deal', operation: 'create' },
				credentialTypes: ['bitrix24Api'],
			})
		).fields;
		const created = await crm(
			{
				resource: 'deal',
				operation: 'create',
				columns: columns({ TITLE: 'Deal 1', UTM_CAMPAIGN: 'spring' }, schema),
			},
			{ auth: 'bitrix24Api' },
		);
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.id as number;
		const read = await crm(
			{ resource: 'deal', operation: 'get', id: String(id) },
			{ auth: 'bitrix24Api' },
		);
		expect(read.items[0].json).toMatchObject({
			ID: String(id),
			TITLE: 'Deal 1',
			UTM_CAMPAIGN: 'spring',
		});
	});
});

describe('findByOpenLineChat', () => {
	beforeAll(async () => {
		await setUpConnector(ctx, [1, 2, 3]);
	});

	function find(resource: string, lookupValue: string, extra: INodeParameters = {}) {
		return crm({
			resource,
			operation: 'findByOpenLineChat',
			lookupBy: 'chatId',
			lookupValue,
			...extra,
		});
	}

	async function newChat(line: number, client: string): Promise<string> {
		const sent = (await clientWrites(ctx, line, client, 'first message')) as {
			result: { DATA: { RESULT: Array<{ session: { CHAT_ID: string } }> } };
		};
		return sent.result.DATA.RESULT[0].session.CHAT_ID;
	}

	it('waits for the lead Bitrix24 creates after the first message, then returns it', async () => {
		const chatId = await newChat(1, 'crm-client-1');
		expect(ctx.sim.getChat(chatId).entity_data_2).not.toMatch(/LEAD\|[1-9]/);
		const { items, error } = await find('lead', chatId, { waitSeconds: 3 });
		expect(error).toBeUndefined();
		const json = items[0].json;
		expect(json).toMatchObject({
			found: true,
			resource: 'lead',
			chatId: Number(chatId),
			userCode: expect.stringContaining('crm-client-1'),
		});
		expect(json.attempts).toBeGreaterThan(1);
		expect(json.record).toMatchObject({ ID: String(json.id), NAME: 'Ivan' });
		expect((json.crm as IDataObject).leadId).toBe(json.id);
	});

	it('finds the deal of a deal line, without the record when not wanted', async () => {
		const chatId = await newChat(2, 'crm-client-2');
		const { items } = await find('deal', chatId, { waitSeconds: 3, includeRecord: false });
		expect(items[0].json).toMatchObject({
			found: true,
			resource: 'deal',
			crm: { leadId: null, contactId: expect.any(Number) },
		});
		expect(items[0].json.record).toBeUndefined();
	});

	it('returns an empty result after the wait when the line creates nothing', async () => {
		const chatId = await newChat(3, 'crm-client-3');
		const started = Date.now();
		const { items } = await find('lead', chatId, { waitSeconds: 0.3 });
		expect(Date.now() - started).toBeLessThan(2000);
		expect(items[0].json).toMatchObject({
			found: false,
			id: null,
			chatId: Number(chatId),
			crm: { leadId: null },
		});
	});

	it('fails when asked to, with a hint', async () => {
		const chatId = await newChat(3, 'crm-client-4');
		const { error } = await find('deal', chatId, { waitSeconds: 0, ifNotFound: 'error' });
		expect(error?.message).toBe('No deal is bound to this Open Line chat yet (waited 0 s)');
		expect(error?.description).toMatch(/CRM settings of the Open Line/);
	});
});

describe('user fields: create (idempotent) and list', () => {
	const userFieldCalls = () =>
		ctx.sim
			.getRequestsLog()
			.filter((entry) => /^crm\.(lead|deal)\.userfield\./.test(String(entry.method)))
			.map((entry) => entry.method);

	it('creates a deal field by its short name; the mapper then offers it', async () => {
		const before = userFieldCalls().length;
		const { items, error } = await crm({
			resource: 'deal',
			operation: 'createUserField',
			fieldName: 'c2d promo',
			label: 'Promo code',
			userTypeId: 'string',
			options: { xmlId: 'c2d_promo' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			FIELD_NAME: 'UF_CRM_C2D_PROMO',
			EDIT_FORM_LABEL: 'Promo code',
			created: true,
		});
		expect(userFieldCalls().slice(before)).toEqual([
			'crm.deal.userfield.list',
			'crm.deal.userfield.add',
		]);
		const mapper = await h.resourceMapping({
			node: 'bitrix24Crm',
			method: 'getCrmFieldsForUpdate',
			parameters: { authentication: VIA_APP, resource: 'deal', operation: 'update' },
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(mapper.fields.find((field) => field.id === 'UF_CRM_C2D_PROMO')?.displayName).toBe(
			'Promo code (UF_CRM_C2D_PROMO)',
		);
	});

	it('returns the existing field when run again, and lists it', async () => {
		const before = userFieldCalls().length;
		const { items } = await crm({
			resource: 'deal',
			operation: 'createUserField',
			fieldName: 'UF_CRM_C2D_PROMO',
			label: 'Promo code',
		});
		expect(items[0].json).toMatchObject({
			FIELD_NAME: 'UF_CRM_C2D_PROMO',
			ENTITY_ID: 'CRM_DEAL',
			EDIT_FORM_LABEL: 'Promo code',
			XML_ID: 'c2d_promo',
			created: false,
		});
		expect(userFieldCalls().slice(before)).toEqual(['crm.deal.userfield.list']);

		const listed = await crm({
			resource: 'deal',
			operation: 'getUserFields',
			fieldName: 'C2D_PROMO',
		});
		expect(listed.items.map((item) => item.json.FIELD_NAME)).toEqual(['UF_CRM_C2D_PROMO']);
		const all = await crm({ resource: 'lead', operation: 'getUserFields' });
		expect(all.items.map((item) => item.json.FIELD_NAME)).toContain('UF_CRM_C2D_UTM');
		expect(all.items.map((item) => item.json.FIELD_NAME)).not.toContain('UF_CRM_C2D_PROMO');
	});

	it('lets Bitrix24 refuse a duplicate when asked to fail, and refuses an invalid name', async () => {
		const duplicate = await crm(
			{
				resource: 'deal',
				operation: 'createUserField',
				fieldName: 'C2D_PROMO',
				label: 'Promo',
				ifExists: 'fail',
			},
			{ continueOnFail: true },
		);
		expect(String(duplicate.items[0].json.error)).toMatch(/already exists/);
		const invalid = await crm(
			{ resource: 'lead', operation: 'createUserField', fieldName: 'promo code!', label: 'City' },
			{ continueOnFail: true },
		);
		expect(String(invalid.items[0].json.error)).toMatch(/not a valid user field name/);
	});
});
