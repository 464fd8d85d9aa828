import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { Bitrix24Api } from '../../../../credentials/Bitrix24Api.credentials';
import { Bitrix24OAuth2Api } from '../../../../credentials/Bitrix24OAuth2Api.credentials';
import { bitrix24Retries } from '../../../../nodes/Bitrix24/transport';
import { N8nHarness } from '../../../helpers/n8n';
import { Bitrix24TransportProbe, useNockedBitrix24Transport } from './probe';

const PORTAL = 'https://portal.example.test';
const OAUTH = 'https://oauth.example.test';

function harness(): N8nHarness {
	return new N8nHarness({
		nodes: [new Bitrix24TransportProbe()],
		credentialTypes: [new Bitrix24OAuth2Api(), new Bitrix24Api()],
		credentials: {
			bitrix24OAuth2Api: {
				portalUrl: `${PORTAL}/`,
				clientId: 'local.app',
				clientSecret: 'app-secret',
				accessTokenUrl: `${OAUTH}/oauth/token/`,
				oauthTokenData: { access_token: 'old-access', refresh_token: 'old-refresh' },
			},
			bitrix24Api: { webhookUrl: `${PORTAL}/rest/1/hook-secret/profile.json` },
		},
	});
}

async function probe(
	h: N8nHarness,
	call: IDataObject,
	credentialType: 'bitrix24OAuth2Api' | 'bitrix24Api' = 'bitrix24OAuth2Api',
) {
	const options = { ...((call.options as IDataObject) ?? {}), credentialType };
	const run = await h.execute({
		node: 'bitrix24TransportProbe',
		parameters: { call: JSON.stringify({ ...call, options }) },
		credentialTypes: [credentialType],
	});
	return { result: run.items[0]?.json.result, error: run.error };
}

const oauth = () => nock(PORTAL).matchHeader('authorization', 'Bearer old-access');

useNockedBitrix24Transport({ maxRetries: 3, baseDelayMs: 2, maxDelayMs: 10, random: () => 0.5 });

describe('bitrix24ApiRequest: the two credentials', () => {
	it('OAuth2: POSTs JSON to <portal>/rest/<method> with the Bearer token and unwraps result', async () => {
		oauth()
			.matchHeader('content-type', /application\/json/)
			.post('/rest/crm.lead.get', { id: 5 })
			.reply(200, { result: { ID: '5', TITLE: 'Lead' }, time: { start: 1 } });
		const { result, error } = await probe(harness(), {
			fn: 'request',
			method: 'crm.lead.get',
			params: { id: 5 },
		});
		expect(error).toBeUndefined();
		expect(result).toEqual({ ID: '5', TITLE: 'Lead' });
	});

	it('incoming webhook: POSTs to <webhookUrl><method> with no Authorization header', async () => {
		nock(PORTAL, { badheaders: ['authorization'] })
			.post('/rest/1/hook-secret/crm.deal.list', { filter: { '>ID': 1 } })
			.reply(200, { result: [{ ID: '2' }], total: 1 });
		const { result } = await probe(
			harness(),
			{ fn: 'request', method: 'crm.deal.list', params: { filter: { '>ID': 1 } } },
			'bitrix24Api',
		);
		expect(result).toEqual([{ ID: '2' }]);
	});

	it('incoming webhook: maps WRONG_AUTH_TYPE of an application-only method', async () => {
		nock(PORTAL)
			.post('/rest/1/hook-secret/event.bind')
			.reply(403, {
				error: 'WRONG_AUTH_TYPE',
				error_description: 'Current authorization type is denied for this method Application context required',
			});
		const { error } = await probe(
			harness(),
			{ fn: 'request', method: 'event.bind', params: { event: 'X', handler: 'https://n8n.test/x' } },
			'bitrix24Api',
		);
		expect(error).toMatchObject({
			message: expect.stringContaining('WRONG_AUTH_TYPE'),
			httpCode: '403',
			description: expect.stringMatching(/OAuth2/),
		});
	});

	it('returns the whole envelope from bitrix24ApiRequestEnvelope', async () => {
		oauth()
			.post('/rest/crm.lead.list')
			.reply(200, { result: [], total: 0, time: { duration: 0.1 } });
		const { result } = await probe(harness(), { fn: 'full', method: 'crm.lead.list', params: {} });
		expect(result).toEqual({ result: [], total: 0, time: { duration: 0.1 } });
	});
});

describe('bitrix24ApiRequest: errors', () => {
	it.each([
		[
			'legacy CRM error with an empty code',
			400,
			{ error: '', error_description: 'Not found' },
			{ message: 'Bitrix24 error Not found', httpCode: '400' },
		],
		[
			'webhook calling an application-only method',
			403,
			{
				error: 'WRONG_AUTH_TYPE',
				error_description:
					'Current authorization type is denied for this method Application context required',
			},
			{
				message:
					'Bitrix24 error WRONG_AUTH_TYPE: Current authorization type is denied for this method Application context required',
				httpCode: '403',
				description: expect.stringMatching(/OAuth2/),
			},
		],
		[
			'inactive line',
			400,
			{
				error: 'NOT_ACTIVE_LINE',
				error_description: 'The line with this ID is inactive or does not exist',
			},
			{
				message: expect.stringContaining('NOT_ACTIVE_LINE'),
				description: expect.stringMatching(/Activate/),
			},
		],
	])(
		'maps %s to a NodeApiError with code and description',
		async (_name, status, body, expected) => {
			oauth().post('/rest/imconnector.send.messages').reply(status, body);
			const { error } = await probe(harness(), {
				fn: 'request',
				method: 'imconnector.send.messages',
				params: {},
			});
			expect(error).toMatchObject(expected);
		},
	);

	it.each([
		[
			'{result:false} of imconnector.register',
			{
				result: {
					result: false,
					error: 'CONNECTOR_ID_REQUIRED',
					error_description: 'Connector id is required',
				},
			},
			'Bitrix24 error CONNECTOR_ID_REQUIRED: Connector id is required',
		],
		[
			'SUCCESS:false of a message method',
			{ result: { SUCCESS: false, ERRORS: ['Chat not found'] } },
			'Bitrix24 error SUCCESS_FALSE: Chat not found',
		],
		[
			'an error body with HTTP 200',
			{ error: 'ACCESS_DENIED', error_description: 'Denied' },
			'Bitrix24 error ACCESS_DENIED: Denied',
		],
	])('turns an HTTP-200 logical error into an error: %s', async (_name, body, message) => {
		oauth().post('/rest/imconnector.register').reply(200, body);
		const { error } = await probe(harness(), {
			fn: 'request',
			method: 'imconnector.register',
			params: {},
		});
		expect(error?.message).toBe(message);
	});

	it('can hand logical failures back when asked', async () => {
		oauth()
			.post('/rest/imconnector.send.messages')
			.reply(200, { result: { SUCCESS: false, DATA: { RESULT: [] } } });
		const { result } = await probe(harness(), {
			fn: 'request',
			method: 'imconnector.send.messages',
			params: {},
			options: { allowLogicalFailure: true },
		});
		expect(result).toEqual({ SUCCESS: false, DATA: { RESULT: [] } });
	});
});

describe('bitrix24ApiRequest: rate limits and retries', () => {
	it('retries 503 QUERY_LIMIT_EXCEEDED with backoff, then succeeds', async () => {
		oauth()
			.post('/rest/crm.lead.get')
			.times(2)
			.reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
		oauth()
			.post('/rest/crm.lead.get')
			.reply(200, { result: { ID: '1' } });
		const started = Date.now();
		const { result } = await probe(harness(), {
			fn: 'request',
			method: 'crm.lead.get',
			params: { id: 1 },
		});
		expect(result).toEqual({ ID: '1' });
		// Two waits of the (shrunk) schedule: 1.5 ms + 3 ms at least.
		expect(Date.now() - started).toBeGreaterThanOrEqual(4);
	});

	it('retries 429 OPERATION_TIME_LIMIT and 500', async () => {
		oauth()
			.post('/rest/crm.deal.get')
			.reply(429, {
				error: 'OPERATION_TIME_LIMIT',
				error_description: 'Method is blocked due to operation time limit.',
			});
		oauth()
			.post('/rest/crm.deal.get')
			.reply(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'x' });
		oauth()
			.post('/rest/crm.deal.get')
			.reply(200, { result: { ID: '9' } });
		const { result } = await probe(harness(), {
			fn: 'request',
			method: 'crm.deal.get',
			params: { id: 9 },
		});
		expect(result).toEqual({ ID: '9' });
	});

	it('gives up after maxRetries and reports the rate limit', async () => {
		bitrix24Retries.configure({ maxRetries: 2 });
		oauth()
			.post('/rest/crm.lead.get')
			.times(3)
			.reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
		const { error } = await probe(harness(), {
			fn: 'request',
			method: 'crm.lead.get',
			params: { id: 1 },
		});
		expect(error).toMatchObject({
			message: 'Bitrix24 error QUERY_LIMIT_EXCEEDED: Too many requests',
			httpCode: '503',
			description: expect.stringMatching(/rate limit/),
		});
	});

	it('does not retry a 400', async () => {
		oauth()
			.post('/rest/crm.lead.get')
			.once()
			.reply(400, { error: 'ERROR_ARGUMENT', error_description: 'bad' });
		const { error } = await probe(harness(), { fn: 'request', method: 'crm.lead.get', params: {} });
		expect(error?.message).toBe('Bitrix24 error ERROR_ARGUMENT: bad');
	});
});

describe('OAuth2 token refresh', () => {
	it('refreshes on 401 expired_token through n8n, retries with the new token and stores it', async () => {
		const h = harness();
		oauth()
			.post('/rest/imconnector.status', { CONNECTOR: 'c2d', LINE: 1 })
			.reply(401, {
				error: 'expired_token',
				error_description: 'The access token provided has expired',
			});
		nock(OAUTH)
			.post('/oauth/token/', (body: Record<string, string>) => {
				return (
					body.grant_type === 'refresh_token' &&
					body.refresh_token === 'old-refresh' &&
					body.client_id === 'local.app' &&
					body.client_secret === 'app-secret'
				);
			})
			.reply(200, {
				access_token: 'new-access',
				refresh_token: 'new-refresh',
				expires_in: 3600,
				domain: 'oauth.bitrix.info',
				member_id: 'm1',
			});
		nock(PORTAL)
			.matchHeader('authorization', 'Bearer new-access')
			.post('/rest/imconnector.status', { CONNECTOR: 'c2d', LINE: 1 })
			.reply(200, { result: { STATUS: true } });
		const { result, error } = await probe(h, {
			fn: 'request',
			method: 'imconnector.status',
			params: { CONNECTOR: 'c2d', LINE: 1 },
		});
		expect(error).toBeUndefined();
		expect(result).toEqual({ STATUS: true });
		expect(h.credentialsHelper.tokenUpdates).toHaveLength(1);
		expect(h.credentialsHelper.tokenUpdates[0]).toMatchObject({
			access_token: 'new-access',
			refresh_token: 'new-refresh',
		});
	});

	it('surfaces a failed refresh as an error', async () => {
		oauth()
			.post('/rest/app.info')
			.reply(401, {
				error: 'expired_token',
				error_description: 'The access token provided has expired',
			});
		nock(OAUTH)
			.post('/oauth/token/')
			.reply(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
		const { error } = await probe(harness(), { fn: 'request', method: 'app.info', params: {} });
		expect(error?.message).toBe(
			'The credential "bitrix24OAuth2Api (test)" needs to be reconnected.',
		);
	});
});

describe('requests that get no reply', () => {
	it("keep n8n's own connection error and are not retried", async () => {
		oauth().post('/rest/app.info').once().replyWithError('connect ECONNREFUSED 10.0.0.1:443');
		const { error } = await probe(harness(), { fn: 'request', method: 'app.info', params: {} });
		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
	});
});

describe('bitrix24ApiRequestAllItems', () => {
	const page = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => ({ ID: String(from + i) }));

	it('follows start/next pages', async () => {
		oauth()
			.post('/rest/crm.lead.list', { filter: { STATUS_ID: 'NEW' }, start: 0 })
			.reply(200, { result: page(1, 50), next: 50, total: 107 });
		oauth()
			.post('/rest/crm.lead.list', { filter: { STATUS_ID: 'NEW' }, start: 50 })
			.reply(200, { result: page(51, 50), next: 100, total: 107 });
		oauth()
			.post('/rest/crm.lead.list', { filter: { STATUS_ID: 'NEW' }, start: 100 })
			.reply(200, { result: page(101, 7), total: 107 });
		const { result } = await probe(harness(), {
			fn: 'all',
			method: 'crm.lead.list',
			params: { filter: { STATUS_ID: 'NEW' } },
		});
		expect((result as IDataObject[]).map((item) => item.ID)).toEqual(
			page(1, 107).map((item) => item.ID),
		);
	});

	it('stops when next does not move forward', async () => {
		oauth()
			.post('/rest/crm.lead.list', { start: 0 })
			.reply(200, { result: page(1, 50), next: 50 });
		oauth()
			.post('/rest/crm.lead.list', { start: 50 })
			.times(5)
			.reply(200, { result: page(51, 50), next: 50 });
		const { result } = await probe(harness(), { fn: 'all', method: 'crm.lead.list', params: {} });
		expect(result).toHaveLength(100);
		nock.cleanAll();
	});

	it('stops when the server repeats the same page under a new next', async () => {
		let next = 0;
		oauth()
			.post('/rest/crm.lead.list')
			.times(5)
			.reply(200, () => {
				next += 50;
				return { result: page(1, 50), next };
			});
		const { result } = await probe(harness(), { fn: 'all', method: 'crm.lead.list', params: {} });
		expect(result).toHaveLength(50);
		nock.cleanAll();
	});

	it('stops at the limit without fetching further pages', async () => {
		oauth()
			.post('/rest/crm.lead.list', { start: 0 })
			.reply(200, { result: page(1, 50), next: 50, total: 500 });
		oauth()
			.post('/rest/crm.lead.list', { start: 50 })
			.reply(200, { result: page(51, 50), next: 100, total: 500 });
		const { result } = await probe(harness(), {
			fn: 'all',
			method: 'crm.lead.list',
			params: {},
			options: { limit: 60 },
		});
		expect(result).toHaveLength(60);
		expect((result as IDataObject[])[59]).toEqual({ ID: '60' });
	});

	it('pages by ID with start=-1 in keyset mode', async () => {
		oauth()
			.post('/rest/crm.deal.list', {
				filter: { CATEGORY_ID: 0 },
				select: ['ID'],
				order: { ID: 'ASC' },
				start: -1,
			})
			.reply(200, { result: page(1, 50), total: 0 });
		oauth()
			.post('/rest/crm.deal.list', {
				filter: { CATEGORY_ID: 0, '>ID': 50 },
				select: ['ID'],
				order: { ID: 'ASC' },
				start: -1,
			})
			.reply(200, { result: page(51, 50), total: 0 });
		oauth()
			.post('/rest/crm.deal.list', {
				filter: { CATEGORY_ID: 0, '>ID': 100 },
				select: ['ID'],
				order: { ID: 'ASC' },
				start: -1,
			})
			.reply(200, { result: page(101, 3), total: 0 });
		const { result } = await probe(harness(), {
			fn: 'all',
			method: 'crm.deal.list',
			params: { filter: { CATEGORY_ID: 0 }, select: ['ID'] },
			options: { keyset: true },
		});
		expect(result).toHaveLength(103);
	});
});

describe('bitrix24Batch', () => {
	it('splits 60 commands into two batch calls and maps per-command results and errors', async () => {
		const commands = Array.from({ length: 60 }, (_, i) => ({
			key: `u${i}`,
			method: 'crm.lead.update',
			params: { id: i + 1, fields: { UTM_SOURCE: 'google ads' } },
		}));
		const firstCmd = Object.fromEntries(
			commands
				.slice(0, 50)
				.map((c) => [c.key, `crm.lead.update?id=${c.params.id}&fields[UTM_SOURCE]=google%20ads`]),
		);
		const secondCmd = Object.fromEntries(
			commands
				.slice(50)
				.map((c) => [c.key, `crm.lead.update?id=${c.params.id}&fields[UTM_SOURCE]=google%20ads`]),
		);
		oauth()
			.post('/rest/batch', { halt: 0, cmd: firstCmd })
			.reply(200, {
				result: {
					result: Object.fromEntries(commands.slice(0, 50).map((c) => [c.key, true])),
					result_error: [],
					result_total: [],
					result_next: [],
					result_time: {},
				},
			});
		oauth()
			.post('/rest/batch', { halt: 0, cmd: secondCmd })
			.reply(200, {
				result: {
					result: Object.fromEntries(commands.slice(51).map((c) => [c.key, true])),
					result_error: { u50: { error: '', error_description: 'Not found' } },
					result_total: [],
					result_next: [],
					result_time: {},
				},
			});
		const { result } = await probe(harness(), { fn: 'batch', commands });
		const list = result as IDataObject[];
		expect(list).toHaveLength(60);
		expect(list[0]).toEqual({ key: 'u0', ok: true, result: true });
		expect(list[50]).toEqual({
			key: 'u50',
			ok: false,
			error: { code: '', description: 'Not found' },
		});
		expect(list[59]).toEqual({ key: 'u59', ok: true, result: true });
	});

	it('keeps $result references intact and stops after a failing chunk with halt', async () => {
		const commands = [
			{
				key: 'find',
				method: 'crm.lead.list',
				params: { filter: { '=IM': 'imol|c|1|2|2' }, select: ['ID'] },
			},
			{
				key: 'upd',
				method: 'crm.lead.update',
				params: { id: '$result[find][0][ID]', fields: { UTM_SOURCE: 'x' } },
			},
			...Array.from({ length: 50 }, (_, i) => ({ key: `n${i}`, method: 'app.info' })),
		];
		oauth()
			.post('/rest/batch', (body: { halt: number; cmd: Record<string, string> }) => {
				return (
					body.halt === 1 &&
					Object.keys(body.cmd).length === 50 &&
					body.cmd.find === 'crm.lead.list?filter[%3DIM]=imol%7Cc%7C1%7C2%7C2&select[0]=ID' &&
					body.cmd.upd === 'crm.lead.update?id=$result[find][0][ID]&fields[UTM_SOURCE]=x'
				);
			})
			.reply(200, {
				result: {
					result: { find: [{ ID: '7' }] },
					result_error: { upd: { error: 'ACCESS_DENIED', error_description: 'Access denied.' } },
					result_total: { find: 1 },
					result_next: [],
					result_time: {},
				},
			});
		const { result } = await probe(harness(), { fn: 'batch', commands, options: { halt: true } });
		const list = result as IDataObject[];
		expect(list).toHaveLength(52);
		expect(list[0]).toEqual({ key: 'find', ok: true, result: [{ ID: '7' }], total: 1 });
		expect(list[1]).toMatchObject({ key: 'upd', ok: false, error: { code: 'ACCESS_DENIED' } });
		expect(list[2]).toMatchObject({ key: 'n0', ok: false, error: { code: 'BATCH_NOT_EXECUTED' } });
		expect(list[51]).toMatchObject({
			key: 'n49',
			ok: false,
			error: { code: 'BATCH_NOT_EXECUTED' },
		});
	});
});
