/**
 * Bitrix24 simulator — authentication and limits, checked with a plain HTTP client written from the
 * API reference: the OAuth code flow and refresh rotation, the three token placements, webhook calls
 * refused for application-only methods, expired/unknown tokens, and the leaky-bucket limit.
 */
import axios, { type AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import { createBitrix24Simulator, type Bitrix24Simulator } from '../../../sandbox/bitrix24';

const CLIENT_ID = 'local.test.client';
const CLIENT_SECRET = 'test-secret';
const WEBHOOK = 'hook-code-1';
const WRONG_AUTH_TYPE = {
	error: 'WRONG_AUTH_TYPE',
	error_description:
		'Current authorization type is denied for this method Application context required',
};

let sim: Bitrix24Simulator;
let baseUrl: string;
let http: AxiosInstance;

function form(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
	sim = createBitrix24Simulator({
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		webhookCode: WEBHOOK,
		crmDelayMs: 20,
		eventDelayMs: 1,
	});
	baseUrl = await sim.listen(0);
	http = axios.create({ baseURL: baseUrl, validateStatus: () => true, maxRedirects: 0 });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
	sim.configure({ rateLimit: { enabled: true, burst: 50, drainPerSecond: 2 } });
});

describe('OAuth authorization-code flow', () => {
	async function authorize(state: string): Promise<URL> {
		const response = await http.get('/oauth/authorize/', {
			params: {
				client_id: CLIENT_ID,
				state,
				redirect_uri: 'http://127.0.0.1:5678/rest/oauth2-credential/callback',
				response_type: 'code',
				scope: 'crm,imopenlines,imconnector',
			},
		});
		expect(response.status).toBe(302);
		return new URL(response.headers.location as string);
	}

	it('redirects to the handler with code, state, domain, member_id, scope and server_domain', async () => {
		const location = await authorize('st-1');
		const host = new URL(baseUrl).host;
		expect(location.origin + location.pathname).toBe(
			'http://127.0.0.1:5678/rest/oauth2-credential/callback',
		);
		expect(location.searchParams.get('state')).toBe('st-1');
		expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
		expect(location.searchParams.get('domain')).toBe(host);
		expect(location.searchParams.get('member_id')).toMatch(/^[0-9a-f]{32}$/);
		expect(location.searchParams.get('scope')).toBe('crm,imopenlines,imconnector');
		expect(location.searchParams.get('server_domain')).toBe(host);
	});

	it('exchanges the code (POST form), refreshes with rotation, and rejects the old refresh token', async () => {
		const code = (await authorize('st-2')).searchParams.get('code') as string;
		const exchange = await http.post(
			'/oauth/token/',
			form({
				grant_type: 'authorization_code',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				code,
			}),
			{ headers: formHeaders },
		);
		expect(exchange.status).toBe(200);
		const first = exchange.data as Record<string, unknown>;
		expect(Object.keys(first).sort()).toEqual(
			[
				'access_token',
				'client_endpoint',
				'domain',
				'expires_in',
				'member_id',
				'refresh_token',
				'scope',
				'server_endpoint',
				'status',
			].sort(),
		);
		expect(first).not.toHaveProperty('token_type');
		expect(first.client_endpoint).toBe(`${baseUrl}/rest/`);
		expect(first.server_endpoint).toBe(`${baseUrl}/rest/`);
		expect(first.expires_in).toBe(3600);
		expect(first.scope).toBe('crm,imopenlines,imconnector');

		// the code is single-use
		const again = await http.post(
			'/oauth/token/',
			form({
				grant_type: 'authorization_code',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				code,
			}),
			{ headers: formHeaders },
		);
		expect(again.status).toBe(400);
		expect(again.data.error).toBe('invalid_grant');

		// refresh by GET with query parameters (as documented)
		const refresh = await http.get('/oauth/token/', {
			params: {
				grant_type: 'refresh_token',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				refresh_token: first.refresh_token,
			},
		});
		expect(refresh.status).toBe(200);
		expect(refresh.data.refresh_token).not.toBe(first.refresh_token);
		expect(refresh.data.access_token).not.toBe(first.access_token);
		expect(refresh.data.user_id).toBe(1);
		expect(typeof refresh.data.expires).toBe('number');
		const issuedAt = Date.parse(refresh.headers.date as string) / 1000;
		expect(Math.abs(refresh.data.expires - 3600 - issuedAt)).toBeLessThanOrEqual(2);

		const reuse = await http.get('/oauth/token/', {
			params: {
				grant_type: 'refresh_token',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				refresh_token: first.refresh_token,
			},
		});
		expect(reuse.status).toBe(400);
		expect(reuse.data).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });

		// client credentials via HTTP Basic, refresh by POST form
		const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
		const third = await http.post(
			'/oauth/token/',
			form({ grant_type: 'refresh_token', refresh_token: refresh.data.refresh_token }),
			{ headers: { ...formHeaders, Authorization: `Basic ${basic}` } },
		);
		expect(third.status).toBe(200);

		const profile = await http.get('/rest/profile.json', {
			headers: { Authorization: `Bearer ${third.data.access_token}` },
		});
		expect(profile.status).toBe(200);
		expect(profile.data.result).toMatchObject({ ID: '1', ADMIN: true });
	});

	it('answers invalid_client for a wrong secret', async () => {
		const code = (await authorize('st-3')).searchParams.get('code') as string;
		const response = await http.get('/oauth/token/', {
			params: {
				grant_type: 'authorization_code',
				client_id: CLIENT_ID,
				client_secret: 'nope',
				code,
			},
		});
		expect(response.status).toBe(401);
		expect(response.data.error).toBe('invalid_client');
	});
});

describe('REST authentication', () => {
	it('accepts the token as Bearer header, `auth` and `access_token` (query, JSON and form body)', async () => {
		const { access_token: token } = sim.issueTokens();
		const bearer = await http.post(
			'/rest/profile',
			{},
			{ headers: { Authorization: `Bearer ${token}` } },
		);
		const lowerBearer = await http.get('/rest/profile', {
			headers: { Authorization: `bearer ${token}` },
		});
		const authQuery = await http.get(`/rest/profile.json?auth=${token}`);
		const authJson = await http.post('/rest/profile.json', { auth: token });
		const accessTokenForm = await http.post('/rest/profile.json', form({ access_token: token }), {
			headers: formHeaders,
		});
		for (const response of [bearer, lowerBearer, authQuery, authJson, accessTokenForm]) {
			expect(response.status).toBe(200);
			expect(response.data.result.ID).toBe('1');
			expect(Object.keys(response.data.time).sort()).toEqual(
				[
					'date_finish',
					'date_start',
					'duration',
					'finish',
					'operating',
					'operating_reset_at',
					'processing',
					'start',
				].sort(),
			);
		}
		expect(sim.getRequestsLog().map((entry) => entry.token_placement)).toEqual([
			'bearer',
			'bearer',
			'auth',
			'auth',
			'access_token',
		]);
	});

	it('ignores a non-Bearer Authorization header and prefers Bearer over parameters', async () => {
		const { access_token: token } = sim.issueTokens();
		const basicPlusAuth = await http.get(`/rest/profile?auth=${token}`, {
			headers: { Authorization: 'Basic dXNlcjpwYXNz' },
		});
		expect(basicPlusAuth.status).toBe(200);
		const basicOnly = await http.get('/rest/profile', {
			headers: { Authorization: `Basic ${token}` },
		});
		expect(basicOnly.status).toBe(401);
		expect(basicOnly.data).toEqual({
			error: 'NO_AUTH_FOUND',
			error_description: 'Wrong authorization data',
		});
		const bearerWins = await http.get('/rest/profile?auth=garbage', {
			headers: { Authorization: `Bearer ${token}` },
		});
		expect(bearerWins.status).toBe(200);
	});

	it('answers 401 NO_AUTH_FOUND without a token and 401 invalid_token for an unknown one', async () => {
		const none = await http.post('/rest/crm.lead.list', {});
		expect(none.status).toBe(401);
		expect(none.data).toEqual({
			error: 'NO_AUTH_FOUND',
			error_description: 'Wrong authorization data',
		});
		const unknown = await http.post('/rest/crm.lead.list', { auth: 'not-a-token' });
		expect(unknown.status).toBe(401);
		expect(unknown.data.error).toBe('invalid_token');
		sim.configure({ unknownTokenError: 'NO_AUTH_FOUND' });
		const unknown2 = await http.post('/rest/crm.lead.list', { auth: 'not-a-token' });
		expect(unknown2.data.error).toBe('NO_AUTH_FOUND');
		sim.configure({ unknownTokenError: 'invalid_token' });
	});

	it('answers the exact expired_token 401 after expiry and works again after a refresh', async () => {
		const tokens = sim.issueTokens();
		const expire = await http.post('/_sim/tokens/expire', {});
		expect(expire.status).toBe(200);
		expect(expire.data.expired).toBeGreaterThanOrEqual(1);
		const expired = await http.get('/rest/crm.lead.fields', {
			headers: { Authorization: `Bearer ${tokens.access_token}` },
		});
		expect(expired.status).toBe(401);
		expect(expired.data).toEqual({
			error: 'expired_token',
			error_description: 'The access token provided has expired',
		});
		const refreshed = await http.post(
			'/oauth/token/',
			form({
				grant_type: 'refresh_token',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
				refresh_token: tokens.refresh_token,
			}),
			{ headers: formHeaders },
		);
		expect(refreshed.status).toBe(200);
		const ok = await http.get('/rest/crm.lead.fields', {
			headers: { Authorization: `Bearer ${refreshed.data.access_token}` },
		});
		expect(ok.status).toBe(200);
	});

	it('issues tokens from the control API in the token-endpoint shape', async () => {
		const response = await http.post('/_sim/tokens', { scope: 'crm' });
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({
			client_endpoint: `${baseUrl}/rest/`,
			scope: 'crm',
			expires_in: 3600,
			status: 'L',
		});
		// a crm-only token may not call imopenlines
		const denied = await http.get('/rest/imopenlines.config.list.get', {
			headers: { Authorization: `Bearer ${response.data.access_token}` },
		});
		expect(denied.status).toBe(401);
		expect(denied.data.error).toBe('insufficient_scope');
	});
});

describe('incoming webhook', () => {
	it('runs CRM methods on /rest/<user>/<code>/<method>[.json]', async () => {
		const add = await http.post(`/rest/1/${WEBHOOK}/crm.lead.add.json`, {
			fields: { TITLE: 'Hook lead' },
		});
		expect(add.status).toBe(200);
		expect(typeof add.data.result).toBe('number');
		const get = await http.get(`/rest/1/${WEBHOOK}/crm.lead.get?id=${add.data.result}`);
		expect(get.data.result.TITLE).toBe('Hook lead');
		expect(sim.getRequestsLog()[0]).toMatchObject({ auth: 'webhook', method: 'crm.lead.add' });
	});

	it('refuses imconnector.* and event.* with 403 WRONG_AUTH_TYPE', async () => {
		const register = await http.post(`/rest/1/${WEBHOOK}/imconnector.register`, {
			ID: 'c2d',
			NAME: 'Chat2Desk',
			ICON: { DATA_IMAGE: 'data:image/svg+xml,x' },
			PLACEMENT_HANDLER: 'https://example.com/placement',
		});
		expect(register.status).toBe(403);
		expect(register.data).toEqual(WRONG_AUTH_TYPE);
		const bind = await http.post(`/rest/1/${WEBHOOK}/event.bind.json`, {
			event: 'OnImConnectorMessageAdd',
			handler: 'https://example.com/h',
		});
		expect(bind.status).toBe(403);
		expect(bind.data).toEqual(WRONG_AUTH_TYPE);
		const list = await http.post(`/rest/1/${WEBHOOK}/imconnector.list`, {});
		expect(list.data).toEqual({
			error: 'WRONG_AUTH_TYPE',
			error_description: 'Current authorization type is denied for this method',
		});
		expect(sim.state.connectors.size).toBe(0);
	});

	it('rejects a wrong webhook code', async () => {
		const response = await http.get('/rest/1/wrong-code/crm.lead.fields');
		expect(response.status).toBe(401);
		expect(response.data.error).toBe('INVALID_CREDENTIALS');
	});
});

describe('leaky-bucket rate limit', () => {
	it('answers 503 QUERY_LIMIT_EXCEEDED once the burst of 50 is used up', async () => {
		expect(sim.config.rateLimit).toEqual({ enabled: true, burst: 50, drainPerSecond: 2 });
		// keep the default burst; slow the drain so the count does not depend on machine speed
		sim.configure({ rateLimit: { drainPerSecond: 0.001 } });
		const { access_token: token } = sim.issueTokens();
		const client = axios.create({
			baseURL: baseUrl,
			validateStatus: () => true,
			headers: { Authorization: `Bearer ${token}` },
		});
		const responses = await Promise.all(
			Array.from({ length: 60 }, () => client.get('/rest/crm.lead.fields')),
		);
		const ok = responses.filter((response) => response.status === 200).length;
		const limited = responses.filter((response) => response.status === 503);
		expect(ok).toBe(50);
		expect(limited.length).toBe(10);
		expect(limited[0].data).toEqual({
			error: 'QUERY_LIMIT_EXCEEDED',
			error_description: 'Too many requests',
		});
		expect(sim.getRequestsLog().filter((entry) => entry.http_status === 503)).toHaveLength(60 - ok);
	});

	it('drains the bucket over time', async () => {
		sim.configure({ rateLimit: { burst: 2, drainPerSecond: 2 } });
		const headers = { Authorization: `Bearer ${sim.issueTokens().access_token}` };
		expect((await http.get('/rest/profile', { headers })).status).toBe(200);
		expect((await http.get('/rest/profile', { headers })).status).toBe(200);
		expect((await http.get('/rest/profile', { headers })).status).toBe(503);
		await sleep(600);
		expect((await http.get('/rest/profile', { headers })).status).toBe(200);
	});

	it('counts a batch as one request, whatever its length', async () => {
		sim.configure({ rateLimit: { burst: 3, drainPerSecond: 0.001 } });
		const { access_token: token } = sim.issueTokens();
		const headers = { Authorization: `Bearer ${token}` };
		const cmd = Object.fromEntries(
			Array.from({ length: 40 }, (_, i) => [`c${i}`, 'crm.lead.fields']),
		);
		expect((await http.post('/rest/batch', { halt: 0, cmd }, { headers })).status).toBe(200);
		expect((await http.post('/rest/batch', { halt: 0, cmd }, { headers })).status).toBe(200);
		expect((await http.get('/rest/profile', { headers })).status).toBe(200);
		const fourth = await http.get('/rest/profile', { headers });
		expect(fourth.status).toBe(503);
		// the webhook has its own bucket
		expect((await http.get(`/rest/1/${WEBHOOK}/profile`)).status).toBe(200);
		expect(sim.getRequestsLog().slice(0, 2)).toEqual([
			expect.objectContaining({ method: 'batch', batch: true, commands: 40, http_status: 200 }),
			expect.objectContaining({ method: 'batch', batch: true, commands: 40, http_status: 200 }),
		]);
	});
});
