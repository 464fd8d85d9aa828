/**
 * The trigger's install URL (webhook "setup"): the local application's "Initial installation path".
 * ONAPPINSTALL is trusted only after its access token works on the configured portal; then the
 * application_token is stored and the selected events are bound with that token.
 */
import type { IDataObject } from 'n8n-workflow';

import type { N8nHarness, WebhookResult } from '../../../helpers/n8n';
import { startFormReceiver, type FormReceiver, type ReceivedForm } from '../formReceiver';
import {
	APP_TOKEN,
	bitrix24Harness,
	fastTimers,
	simCredentials,
	startSimulator,
	type SimContext,
} from '../helpers';
import { forgetRecentRefusals } from '../../../../nodes/Bitrix24/domain/tokenVerification';
import { forgetVerifiedTokens } from '../../../../nodes/Bitrix24/trigger/trust';

beforeEach(() => {
	forgetRecentRefusals();
	forgetVerifiedTokens();
});

const OTHER_PORTAL = 'evil.bitrix24.com';

const EVENTS = ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORMESSAGEUPDATE'];
const PRODUCTION_URL = 'http://127.0.0.1:5678/webhook/3f2b8c1e-5d4a-4c2b-9a7e-0c1d2e3f4a5b/webhook';

let ctx: SimContext;
let receiver: FormReceiver;
let restore: () => void;
let install: ReceivedForm;

beforeAll(async () => {
	restore = fastTimers();
	ctx = await startSimulator();
	receiver = await startFormReceiver();
	const delivery = await ctx.sim.installApp({ handler: receiver.url });
	expect(delivery.delivered).toBe(true);
	[install] = await receiver.waitFor(1);
});
afterAll(async () => {
	restore();
	await ctx.sim.close();
	await receiver.close();
});

function installTo(
	h: N8nHarness,
	form: IDataObject,
	staticData: IDataObject = {},
): Promise<WebhookResult> {
	return h.webhook({
		node: 'bitrix24OpenLinesTrigger',
		webhookName: 'setup',
		parameters: { events: EVENTS, connector: '' },
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData,
		request: {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
			rawBody: '',
		},
	});
}

const productionBindings = () =>
	ctx.sim
		.getBindings()
		.filter((binding) => binding.handler === PRODUCTION_URL)
		.map((binding) => binding.event)
		.sort();

describe('ONAPPINSTALL on a credential that is not connected yet (fresh setup)', () => {
	let result: WebhookResult;

	beforeAll(async () => {
		const notConnected = bitrix24Harness(simCredentials(ctx, { oauthTokenData: undefined }));
		result = await installTo(notConnected, install.form, { pendingBind: true });
	});

	it('is a real installation event', () => {
		expect(install.form.event).toBe('ONAPPINSTALL');
		expect(install.form['auth[application_token]']).toBe(APP_TOKEN);
	});

	it('verifies the token with app.info on the configured portal, using the token from the event', () => {
		const appInfo = ctx.sim.getRequestsLog().filter((entry) => entry.method === 'app.info');
		expect(appInfo).toHaveLength(1);
		expect(appInfo[0]).toMatchObject({ http_status: 200, token_placement: 'bearer' });
	});

	it('stores the application token and portal identity, and starts a run', () => {
		expect(result.startsRun).toBe(true);
		expect(result.staticData).toMatchObject({
			applicationToken: APP_TOKEN,
			memberId: install.form['auth[member_id]'],
			domain: install.form['auth[domain]'],
		});
		expect(result.staticData.pendingBind).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{
				event: 'ONAPPINSTALL',
				domain: install.form['auth[domain]'],
				memberId: install.form['auth[member_id]'],
				applicationId: 1,
				version: install.form['data[VERSION]'],
				applicationTokenStored: true,
				boundEvents: EVENTS,
				bindErrors: [],
			},
		]);
		expect(JSON.stringify(result.items)).not.toContain(String(install.form['auth[access_token]']));
	});

	it('binds the selected events to the production URL with the installation token', () => {
		expect(productionBindings()).toEqual([...EVENTS].sort());
	});

	it('lets events with that token in afterwards', async () => {
		const h = bitrix24Harness(simCredentials(ctx));
		const event = await h.webhook({
			node: 'bitrix24OpenLinesTrigger',
			parameters: { events: ['ONIMCONNECTORLINEDELETE'], connector: '' },
			credentialTypes: ['bitrix24OAuth2Api'],
			staticData: result.staticData,
			request: {
				body: {
					event: 'ONIMCONNECTORLINEDELETE',
					data: '5',
					'auth[application_token]': APP_TOKEN,
					'auth[domain]': String(install.form['auth[domain]']),
					'auth[member_id]': String(install.form['auth[member_id]']),
				},
			},
		});
		expect(event.items.map((item) => item.json)).toEqual([
			{ event: 'ONIMCONNECTORLINEDELETE', line: '5' },
		]);
	});

	it('a second installation (binds already there) still succeeds', async () => {
		const again = await installTo(bitrix24Harness(simCredentials(ctx)), install.form);
		expect(again.items[0].json).toMatchObject({ boundEvents: EVENTS, bindErrors: [] });
		expect(productionBindings()).toEqual([...EVENTS].sort());
	});
});

describe('refused installations (no run, nothing stored)', () => {
	const h = () => bitrix24Harness(simCredentials(ctx));
	const forged = (changes: Record<string, string | undefined>) => {
		const form: IDataObject = { ...install.form };
		for (const [key, value] of Object.entries(changes)) {
			if (value === undefined) delete form[key];
			else form[key] = value;
		}
		return form;
	};

	it('401 when the enclosed access token does not work on the portal', async () => {
		const result = await installTo(
			h(),
			forged({ 'auth[access_token]': 'forged', 'auth[application_token]': 'attacker' }),
		);
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({ statusCode: 401, ended: true });
		expect(result.staticData.applicationToken).toBeUndefined();
	});

	it('401 without calling anything when it names another portal', async () => {
		ctx.sim.clearRequestsLog();
		const result = await installTo(h(), forged({ 'auth[domain]': OTHER_PORTAL }));
		expect(result.response.statusCode).toBe(401);
		expect(ctx.sim.getRequestsLog()).toEqual([]);
		const endpoint = await installTo(
			h(),
			forged({ 'auth[client_endpoint]': `https://${OTHER_PORTAL}/rest/` }),
		);
		expect(endpoint.response.statusCode).toBe(401);
	});

	it('still trusts a verified installation when the credential cannot run its own app.info', async () => {
		const broken = bitrix24Harness(
			simCredentials(ctx, {
				oauthTokenData: { access_token: 'unknown-to-the-portal', refresh_token: 'x' },
			}),
		);
		const result = await installTo(broken, install.form);
		expect(result.startsRun).toBe(true);
	});

	it.each([
		['no application token', { 'auth[application_token]': undefined }],
		['no access token', { 'auth[access_token]': undefined }],
		['another event', { event: 'ONIMCONNECTORMESSAGEADD' }],
	])('400 for %s', async (_name, changes) => {
		const result = await installTo(h(), forged(changes));
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBe(400);
	});
});
