/**
 * Bitrix24 simulator — platform conventions from the reference: `batch` (references, 50-command cap,
 * nested batch, halt, inherited auth), list pagination (`total`/`next`, `start=-1`), PHP bracket
 * bodies, `crm.*.fields` shape with UTM and user fields, legacy CRM errors, injected faults.
 */
import axios, { type AxiosInstance } from 'axios';

import { createBitrix24Simulator, type Bitrix24Simulator } from '../../../sandbox/bitrix24';

let sim: Bitrix24Simulator;
let baseUrl: string;
let api: AxiosInstance;

async function call(method: string, params: Record<string, unknown> = {}) {
	return await api.post(`/rest/${method}`, params);
}

beforeAll(async () => {
	sim = createBitrix24Simulator({ crmDelayMs: 20, eventDelayMs: 1, rateLimit: { enabled: false } });
	baseUrl = await sim.listen(0);
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
	const { access_token: token } = sim.issueTokens();
	api = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

describe('batch', () => {
	it('runs bracket-query commands with $result references and reports every section', async () => {
		const response = await call('batch', {
			halt: 0,
			cmd: {
				add: 'crm.lead.add?fields[TITLE]=From%20batch&fields[NAME]=Ann&fields[PHONE][0][VALUE]=%2B15550001&fields[PHONE][0][VALUE_TYPE]=WORK',
				get: 'crm.lead.get?id=$result[add]',
				list: 'crm.lead.list?filter[ID]=$result[add]&select[]=ID&select[]=TITLE&select[]=PHONE',
				name: 'crm.lead.list?filter[NAME]=$result[get][NAME]&select[]=ID',
			},
		});
		expect(response.status).toBe(200);
		const { result } = response.data;
		const id = result.result.add;
		expect(typeof id).toBe('number');
		expect(result.result.get).toMatchObject({ ID: String(id), TITLE: 'From batch', NAME: 'Ann' });
		expect(result.result.get.PHONE).toEqual([
			{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '+15550001', TYPE_ID: 'PHONE' },
		]);
		expect(result.result.list).toEqual([
			{ ID: String(id), TITLE: 'From batch', PHONE: result.result.get.PHONE },
		]);
		expect(result.result.name).toEqual([{ ID: String(id) }]);
		expect(result.result_error).toEqual([]);
		expect(result.result_total).toEqual({ list: 1, name: 1 });
		expect(result.result_next).toEqual([]);
		expect(Object.keys(result.result_time).sort()).toEqual(['add', 'get', 'list', 'name']);
		expect(response.data.time).toBeDefined();
	});

	it('accepts cmd as an array and returns list-shaped sections', async () => {
		const response = await call('batch', {
			cmd: ['crm.lead.add?fields[TITLE]=A', 'crm.lead.get?id=$result[0]'],
		});
		expect(Array.isArray(response.data.result.result)).toBe(true);
		expect(response.data.result.result[1].TITLE).toBe('A');
	});

	it('gives commands beyond the 50th ERROR_BATCH_LENGTH_EXCEEDED in an HTTP 200 reply', async () => {
		const cmd = Array.from({ length: 52 }, () => 'crm.lead.fields');
		const response = await call('batch', { halt: 0, cmd });
		expect(response.status).toBe(200);
		expect(response.data.result.result).toHaveLength(50);
		const overflow = {
			error: 'ERROR_BATCH_LENGTH_EXCEEDED',
			error_description: 'Max batch length exceeded',
		};
		expect(response.data.result.result_error).toEqual({ 50: overflow, 51: overflow });
		expect(sim.getRequestsLog()).toEqual([
			expect.objectContaining({ method: 'batch', batch: true, commands: 52, http_status: 200 }),
		]);
	});

	it('refuses a nested batch per command and stops at the first error with halt=1', async () => {
		const nested = await call('batch', {
			halt: 0,
			cmd: { inner: 'batch?cmd[a]=crm.lead.fields', ok: 'crm.deal.fields', bad: 'no.such.method' },
		});
		expect(nested.status).toBe(200);
		expect(nested.data.result.result_error).toEqual({
			inner: {
				error: 'ERROR_BATCH_METHOD_NOT_ALLOWED',
				error_description: 'Method is not allowed for batch usage',
			},
			bad: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
		});
		expect(Object.keys(nested.data.result.result)).toEqual(['ok']);

		const halted = await call('batch', {
			halt: 1,
			cmd: { a: 'crm.lead.get?id=999', b: 'crm.lead.add?fields[TITLE]=never' },
		});
		expect(halted.data.result.result_error).toEqual({
			a: { error: '', error_description: 'Not found' },
		});
		expect(halted.data.result.result).toEqual([]);
		expect(sim.getLeads()).toHaveLength(0);
	});

	it('passes the outer authorization to sub-calls (webhook: imconnector refused per command)', async () => {
		const response = await axios.post(
			`${baseUrl}/rest/1/sandbox-webhook/batch.json`,
			'halt=0&cmd[s]=imconnector.status%3FCONNECTOR%3Dx&cmd[f]=crm.lead.fields',
			{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		expect(response.status).toBe(200);
		expect(response.data.result.result_error.s.error).toBe('WRONG_AUTH_TYPE');
		expect(response.data.result.result.f.TITLE.type).toBe('string');
	});
});

describe('pagination', () => {
	beforeEach(async () => {
		for (let chunk = 0; chunk < 3; chunk++) {
			const cmd: Record<string, string> = {};
			for (let i = 0; i < 40; i++)
				cmd[`l${i}`] = `crm.lead.add?fields[TITLE]=Lead ${chunk * 40 + i + 1}`;
			const response = await call('batch', { halt: 1, cmd });
			expect(response.data.result.result_error).toEqual([]);
		}
	});

	it('pages by 50 with total and next; the last page has no next', async () => {
		const first = await call('crm.lead.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } });
		expect(first.data.result).toHaveLength(50);
		expect(first.data.total).toBe(120);
		expect(first.data.next).toBe(50);
		expect(first.data.result[0]).toEqual({ ID: '1', TITLE: 'Lead 1' });
		const last = await call('crm.lead.list', { select: ['ID'], start: 100 });
		expect(last.data.result).toHaveLength(20);
		expect(last.data.total).toBe(120);
		expect(last.data).not.toHaveProperty('next');
	});

	it('start=-1 skips counting: "total": 0 and no next; >ID filters walk the table', async () => {
		const fast = await call('crm.lead.list', {
			select: ['ID'],
			order: { ID: 'ASC' },
			filter: { '>ID': 60 },
			start: -1,
		});
		expect(fast.data.result).toHaveLength(50);
		expect(fast.data.result[0].ID).toBe('61');
		expect(fast.data.total).toBe(0);
		expect(fast.data).not.toHaveProperty('next');
		const query = await api.get('/rest/crm.lead.list?start=-1&filter[>ID]=110&select[]=ID');
		expect(query.data.result.map((row: { ID: string }) => row.ID)).toEqual([
			'111',
			'112',
			'113',
			'114',
			'115',
			'116',
			'117',
			'118',
			'119',
			'120',
		]);
		expect(query.data.total).toBe(0);
	});
});

describe('CRM conventions', () => {
	it('describes lead and deal fields incl. UTM_* and the seeded user fields', async () => {
		for (const entity of ['lead', 'deal']) {
			const fields = (await call(`crm.${entity}.fields`)).data.result;
			for (const utm of ['UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM']) {
				expect(fields[utm]).toMatchObject({ type: 'string', isDynamic: false, isReadOnly: false });
			}
			for (const code of [
				'UF_CRM_C2D_CLIENT_ID',
				'UF_CRM_C2D_CITY',
				'UF_CRM_C2D_ORDER',
				'UF_CRM_C2D_UTM',
				'UF_CRM_C2D_CLICKED',
				'UF_CRM_C2D_MSG_ID',
			]) {
				expect(fields[code]).toMatchObject({ isDynamic: true, title: code, isMultiple: false });
				expect(typeof fields[code].listLabel).toBe('string');
				expect(fields[code].formLabel).toBe(fields[code].listLabel);
			}
			expect(fields.ID).toMatchObject({ type: 'integer', isReadOnly: true });
			expect(fields.CONTACT_ID.isDeprecated).toBe(true);
			expect(fields.SOURCE_ID).toMatchObject({ type: 'crm_status', statusType: 'SOURCE' });
		}
		const lead = (await call('crm.lead.fields')).data.result;
		expect(lead.PHONE).toMatchObject({ type: 'crm_multifield', isMultiple: true });
		const deal = (await call('crm.deal.fields')).data.result;
		expect(deal).not.toHaveProperty('PHONE');
		expect(deal.CATEGORY_ID).toMatchObject({ type: 'crm_category', isImmutable: true });
	});

	it('updates UTM and user fields, ignores unknown fields', async () => {
		const id = (await call('crm.deal.add', { fields: { TITLE: 'Deal', CATEGORY_ID: 0 } })).data
			.result;
		const update = await api.post(
			'/rest/crm.deal.update.json',
			`id=${id}&fields[UTM_SOURCE]=google&fields[UF_CRM_C2D_UTM]=utm_source%3Dgoogle%26utm_medium%3Dcpc&fields[NOPE]=x`,
			{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
		);
		expect(update.data.result).toBe(true);
		const deal = (await call('crm.deal.get', { id })).data.result;
		expect(deal).toMatchObject({
			ID: String(id),
			STAGE_ID: 'NEW',
			CATEGORY_ID: '0',
			UTM_SOURCE: 'google',
			UF_CRM_C2D_UTM: 'utm_source=google&utm_medium=cpc',
		});
		expect(deal).not.toHaveProperty('NOPE');
	});

	it('adds lead and deal user fields that crm.*.fields then describes and records accept', async () => {
		const added = await call('crm.lead.userfield.add', {
			fields: {
				FIELD_NAME: 'C2D_PROMO',
				USER_TYPE_ID: 'string',
				XML_ID: 'c2d_promo',
				EDIT_FORM_LABEL: { en: 'Promo code' },
				LIST_COLUMN_LABEL: { en: 'Promo' },
			},
		});
		expect(typeof added.data.result).toBe('number');
		const lead = (await call('crm.lead.fields')).data.result;
		expect(lead.UF_CRM_C2D_PROMO).toMatchObject({
			type: 'string',
			isDynamic: true,
			title: 'UF_CRM_C2D_PROMO',
			formLabel: 'Promo code',
			listLabel: 'Promo',
		});
		// A lead field is not a deal field.
		expect((await call('crm.deal.fields')).data.result).not.toHaveProperty('UF_CRM_C2D_PROMO');
		const listed = await call('crm.lead.userfield.list', {
			filter: { FIELD_NAME: 'UF_CRM_C2D_PROMO', LANG: 'en' },
		});
		expect(listed.data.result).toEqual([
			expect.objectContaining({
				ID: String(added.data.result),
				ENTITY_ID: 'CRM_LEAD',
				FIELD_NAME: 'UF_CRM_C2D_PROMO',
				USER_TYPE_ID: 'string',
				XML_ID: 'c2d_promo',
				EDIT_FORM_LABEL: 'Promo code',
			}),
		]);
		const unlabelled = await call('crm.lead.userfield.list', {
			filter: { FIELD_NAME: 'UF_CRM_C2D_PROMO' },
		});
		expect(unlabelled.data.result[0]).not.toHaveProperty('EDIT_FORM_LABEL');
		const fields = { TITLE: 'L', UF_CRM_C2D_PROMO: 'SPRING' };
		const id = (await call('crm.lead.add', { fields })).data.result;
		expect((await call('crm.lead.get', { id })).data.result.UF_CRM_C2D_PROMO).toBe('SPRING');

		const duplicate = { FIELD_NAME: 'UF_CRM_C2D_PROMO', USER_TYPE_ID: 'string' };
		const again = await call('crm.lead.userfield.add', { fields: duplicate });
		expect(again.status).toBe(400);
		expect(again.data.error_description).toMatch(/already exists/);
		const deal = await call('crm.deal.userfield.add', { fields: duplicate });
		expect(typeof deal.data.result).toBe('number');
		expect((await call('crm.deal.fields')).data.result).toHaveProperty('UF_CRM_C2D_PROMO');
		const seeded = await call('crm.deal.userfield.list', {
			filter: { FIELD_NAME: 'UF_CRM_C2D_UTM' },
		});
		expect(seeded.data.result).toHaveLength(1);
		const badName = { FIELD_NAME: 'bad name', USER_TYPE_ID: 'string' };
		expect((await call('crm.deal.userfield.add', { fields: badName })).status).toBe(400);
		const tooLong = { FIELD_NAME: 'C2D_MESSAGE_ID', USER_TYPE_ID: 'string' };
		expect((await call('crm.deal.userfield.add', { fields: tooLong })).status).toBe(400);
		const badType = { FIELD_NAME: 'X1', USER_TYPE_ID: 'nope' };
		expect((await call('crm.deal.userfield.add', { fields: badType })).status).toBe(400);
	});

	it('returns legacy errors with an empty code', async () => {
		const missing = await call('crm.lead.get', { id: 4242 });
		expect(missing.status).toBe(400);
		expect(missing.data).toEqual({ error: '', error_description: 'Not found' });
		const invalid = await call('crm.deal.update', { id: 'abc', fields: {} });
		expect(invalid.data).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
		const noFields = await call('crm.lead.add', {});
		expect(noFields.data).toEqual({
			error: '',
			error_description: "Parameter 'fields' must be array.",
		});
		const unknown = await call('crm.nothing.here');
		expect(unknown.status).toBe(404);
		expect(unknown.data).toEqual({
			error: 'ERROR_METHOD_NOT_FOUND',
			error_description: 'Method not found!',
		});
	});

	it('finds duplicates by phone and filters multifields exactly', async () => {
		await call('crm.lead.add', {
			fields: { TITLE: 'P', PHONE: [{ VALUE: '+7 (999) 000-11-22', VALUE_TYPE: 'WORK' }] },
		});
		const dup = await call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['79990001122'] });
		expect(dup.data.result).toEqual({ LEAD: [1] });
		const none = await call('crm.duplicate.findbycomm', { type: 'EMAIL', values: ['x@y.z'] });
		expect(none.data.result).toEqual([]);
	});
});

describe('faults and the requests log', () => {
	it('injects a fault for the next call(s) of a method, then recovers', async () => {
		const fault = await axios.post(`${baseUrl}/_sim/faults`, {
			method: 'crm.lead.list',
			status: 500,
			error: 'INTERNAL_SERVER_ERROR',
			error_description: 'boom',
			count: 1,
		});
		expect(fault.status).toBe(200);
		const failed = await call('crm.lead.list');
		expect(failed.status).toBe(500);
		expect(failed.data).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'boom' });
		expect((await call('crm.lead.list')).status).toBe(200);
		const log = (await axios.get(`${baseUrl}/_sim/requests-log`)).data;
		expect(
			log.map((entry: { method: string; http_status: number }) => [
				entry.method,
				entry.http_status,
			]),
		).toEqual([
			['crm.lead.list', 500],
			['crm.lead.list', 200],
		]);
	});
});
