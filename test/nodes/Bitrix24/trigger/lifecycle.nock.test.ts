/**
 * Trigger edge cases the simulator cannot produce: a duplicate bind that event.get did not list, and an
 * installation event whose token belongs to another application of the same portal.
 */
import nock from 'nock';

import { bitrix24Harness } from '../helpers';

const PORTAL = 'https://portal.example.test';

const h = bitrix24Harness({
	bitrix24OAuth2Api: {
		portalUrl: PORTAL,
		clientId: 'local.app',
		clientSecret: 'secret',
		accessTokenUrl: 'https://oauth.example.test/oauth/token/',
		oauthTokenData: { access_token: 'acc', refresh_token: 'ref' },
	},
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

it('counts "Handler already binded" as success', async () => {
	const api = nock(PORTAL).matchHeader('authorization', 'Bearer acc');
	api.post('/rest/event.get').reply(200, { result: [] });
	api
		.post(
			'/rest/event.bind',
			(body: { event: string; handler: string }) => body.event === 'ONIMCONNECTORMESSAGEADD',
		)
		.reply(400, {
			error: 'ERROR_CORE',
			error_description: 'Unable to set event handler: Handler already binded',
		});
	api
		.post(
			'/rest/event.bind',
			(body: { event: string; handler: string }) =>
				body.event === 'ONIMCONNECTORLINEDELETE' && /\/webhook$/.test(body.handler),
		)
		.reply(200, { result: true });
	const result = await h.hook({
		node: 'bitrix24OpenLinesTrigger',
		method: 'create',
		parameters: {
			events: ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORLINEDELETE'],
		},
		credentialTypes: ['bitrix24OAuth2Api'],
	});
	expect(result.result).toBe(true);
	expect(result.staticData.boundEvents).toEqual([
		'ONIMCONNECTORMESSAGEADD',
		'ONIMCONNECTORLINEDELETE',
	]);
});

it('unbinds the selected events and the ones event.get lists for this URL', async () => {
	const url = 'http://127.0.0.1:5678/webhook/3f2b8c1e-5d4a-4c2b-9a7e-0c1d2e3f4a5b/webhook';
	const api = nock(PORTAL).matchHeader('authorization', 'Bearer acc');
	api.post('/rest/event.get').reply(200, {
		result: [
			{
				event: 'ONIMCONNECTORMESSAGEUPDATE',
				handler: url,
				auth_type: '0',
				offline: 0,
			},
			{
				event: 'ONIMCONNECTORMESSAGEADD',
				handler: 'https://elsewhere.test/x',
				auth_type: '0',
				offline: 0,
			},
		],
	});
	api
		.post('/rest/event.unbind', {
			event: 'ONIMCONNECTORMESSAGEADD',
			handler: url,
		})
		.reply(200, { result: { count: 1 } });
	api
		.post('/rest/event.unbind', {
			event: 'ONIMCONNECTORMESSAGEUPDATE',
			handler: url,
		})
		.reply(200, { result: { count: 1 } });
	const result = await h.hook({
		node: 'bitrix24OpenLinesTrigger',
		method: 'delete',
		parameters: { events: ['ONIMCONNECTORMESSAGEADD'] },
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData: {
			boundEvents: ['ONIMCONNECTORMESSAGEADD'],
			handlerUrl: url,
			applicationToken: 'kept',
		},
	});
	expect(result.result).toBe(true);
	expect(result.staticData).toEqual({ applicationToken: 'kept' });
});

it('refuses an installation whose token belongs to another application of the portal', async () => {
	nock(PORTAL)
		.matchHeader('authorization', 'Bearer other-app-token')
		.post('/rest/app.info')
		.reply(200, { result: { ID: 7, CODE: 'local.other' } });
	const result = await h.webhook({
		node: 'bitrix24OpenLinesTrigger',
		webhookName: 'setup',
		parameters: { events: ['ONIMCONNECTORMESSAGEADD'] },
		credentialTypes: ['bitrix24OAuth2Api'],
		request: {
			body: {
				event: 'ONAPPINSTALL',
				'auth[access_token]': 'other-app-token',
				'auth[application_token]': 'other-app-application-token',
				'auth[domain]': 'portal.example.test',
				'auth[client_endpoint]': 'https://portal.example.test/rest/',
			},
		},
	});
	expect(result.startsRun).toBe(false);
	expect(result.response.statusCode).toBe(401);
	expect(result.staticData.applicationToken).toBeUndefined();
});
