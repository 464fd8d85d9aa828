/**
 * The install URL fails closed (issue: a forged or replayed ONAPPINSTALL must never plant a token):
 * the event names the configured portal, its token belongs to our application and to an administrator,
 * only the first installation is accepted unless the owner re-arms the trigger, every check that cannot
 * be made refuses, and the owner can see whether a token is set without seeing it.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { WebhookResult } from '../../../helpers/n8n';
import { bitrix24Harness } from '../helpers';
import { forgetRecentRefusals } from '../../../../nodes/Bitrix24/domain/tokenVerification';
import { forgetVerifiedTokens } from '../../../../nodes/Bitrix24/trigger/trust';

// The harness reuses one workflow id: each test starts without the in-memory cooldown of the last.
beforeEach(() => {
	forgetRecentRefusals();
	forgetVerifiedTokens();
});

const PORTAL = 'https://portal.example.test';
const CLIENT_ID = 'local.app';

const h = bitrix24Harness({
	bitrix24OAuth2Api: {
		portalUrl: PORTAL,
		clientId: CLIENT_ID,
		clientSecret: 'secret',
		accessTokenUrl: 'https://oauth.example.test/oauth/token/',
		oauthTokenData: { access_token: 'acc', refresh_token: 'ref' },
	},
});

const GENUINE: IDataObject = {
	event: 'ONAPPINSTALL',
	'data[VERSION]': '1',
	'auth[access_token]': 'install-access',
	'auth[application_token]': 'app-token-1',
	'auth[domain]': 'portal.example.test',
	'auth[client_endpoint]': 'https://portal.example.test/rest/',
	'auth[member_id]': 'member-1',
};

function install(
	body: IDataObject,
	staticData: IDataObject = {},
	parameters: IDataObject = {},
): Promise<WebhookResult> {
	return h.webhook({
		node: 'bitrix24OpenLinesTrigger',
		webhookName: 'setup',
		parameters: { events: ['ONIMCONNECTORMESSAGEADD'], ...parameters },
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData,
		request: { body },
	});
}

function portalAnswers(options: { code?: string; admin?: unknown; bind?: boolean } = {}) {
	const api = nock(PORTAL).matchHeader('authorization', 'Bearer install-access');
	api.post('/rest/app.info').reply(200, { result: { ID: 3, CODE: options.code ?? CLIENT_ID } });
	if (options.code === undefined || options.code === CLIENT_ID) {
		api.post('/rest/user.admin').reply(200, { result: options.admin ?? true });
	}
	if (options.bind !== false && (options.admin ?? true) === true) {
		api.post('/rest/event.bind').reply(200, { result: true });
	}
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

it('accepts the first verified installation by an administrator', async () => {
	portalAnswers();
	const result = await install(GENUINE);
	expect(result.startsRun).toBe(true);
	expect(result.staticData).toMatchObject({
		applicationToken: 'app-token-1',
		tokenSource: 'installation',
		memberId: 'member-1',
	});
});

it.each([
	[
		'without auth[domain] and auth[client_endpoint]',
		{ 'auth[domain]': undefined, 'auth[client_endpoint]': undefined },
	],
	['without auth[domain]', { 'auth[domain]': undefined }],
	['without auth[client_endpoint]', { 'auth[client_endpoint]': undefined }],
	[
		'naming another portal in client_endpoint',
		{ 'auth[client_endpoint]': 'https://evil.test/rest/' },
	],
])('401 %s, with no call to the portal', async (_name, changes) => {
	const body = { ...GENUINE };
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) delete body[key];
		else body[key] = value;
	}
	const result = await install(body);
	expect(result.startsRun).toBe(false);
	expect(result.response.statusCode).toBe(401);
	expect(result.staticData.applicationToken).toBeUndefined();
});

it('401 when app.info fails (the same-application check fails closed), one call only', async () => {
	nock(PORTAL).post('/rest/app.info').reply(503, { error: 'QUERY_LIMIT_EXCEEDED' });
	const result = await install(GENUINE);
	expect(result.response.statusCode).toBe(401);
	expect(result.staticData.applicationToken).toBeUndefined();
});

it('401 when app.info names no application code', async () => {
	nock(PORTAL)
		.post('/rest/app.info')
		.reply(200, { result: { ID: 3 } });
	const result = await install(GENUINE);
	expect(result.response.statusCode).toBe(401);
	expect(result.staticData.applicationToken).toBeUndefined();
});

it('401 when the installing user is not an administrator', async () => {
	portalAnswers({ admin: false });
	const result = await install(GENUINE);
	expect(result.response.statusCode).toBe(401);
	expect(result.staticData.applicationToken).toBeUndefined();
});

it('a second installation with another token is refused (409) without any call; the token stays', async () => {
	const result = await install(
		{ ...GENUINE, 'auth[application_token]': 'attacker-token' },
		{ applicationToken: 'app-token-1' },
	);
	expect(result.response.statusCode).toBe(409);
	expect(result.startsRun).toBe(false);
	expect(result.staticData.applicationToken).toBe('app-token-1');
});

it('a replay of the accepted installation is answered 200 without any call or run', async () => {
	const result = await install(GENUINE, { applicationToken: 'app-token-1' });
	expect(result.response.statusCode).toBe(200);
	expect(result.startsRun).toBe(false);
});

it('replaces the token after the owner re-arms the trigger', async () => {
	portalAnswers();
	const result = await install(
		{ ...GENUINE, 'auth[application_token]': 'app-token-2' },
		{ applicationToken: 'app-token-1' },
		{ acceptNewInstallation: true },
	);
	expect(result.startsRun).toBe(true);
	expect(result.staticData.applicationToken).toBe('app-token-2');
});

it('after a refused verification, further installation attempts make no call for a while', async () => {
	nock(PORTAL).post('/rest/app.info').reply(401, { error: 'invalid_token' });
	const first = await install(GENUINE);
	expect(first.response.statusCode).toBe(401);
	const again = await install(
		{ ...GENUINE, 'auth[access_token]': 'other-access' },
		first.staticData,
	);
	expect(again.response.statusCode).toBe(401);
	expect(again.staticData.applicationToken).toBeUndefined();
});

describe('GET on the install URL', () => {
	const status = (staticData: IDataObject) =>
		h.webhook({
			node: 'bitrix24OpenLinesTrigger',
			webhookName: 'setup',
			parameters: { events: ['ONIMCONNECTORMESSAGEADD'] },
			credentialTypes: ['bitrix24OAuth2Api'],
			staticData,
			request: { method: 'GET' },
		});

	it('says "no" before an installation', async () => {
		const result = await status({});
		expect(result.startsRun).toBe(false);
		expect(result.response.body).toEqual({
			installed: 'no',
			tokenSource: null,
			acceptingNewInstallation: false,
		});
	});

	it('says "yes" and where the token came from, never the token', async () => {
		const result = await status({
			applicationToken: 'app-token-1',
			tokenSource: 'installation',
		});
		expect(result.response.body).toMatchObject({
			installed: 'yes',
			tokenSource: 'installation',
		});
		expect(JSON.stringify(result.response.body)).not.toContain('app-token-1');
	});
});
