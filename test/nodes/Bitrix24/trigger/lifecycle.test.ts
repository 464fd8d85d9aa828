/** Bitrix24 Open Lines Trigger: event.bind / event.get / event.unbind lifecycle against the simulator. */
import type { IDataObject } from 'n8n-workflow';

import type { N8nHarness } from '../../../helpers/n8n';
import {
	bitrix24Harness,
	simCall,
	type SimContext,
	simCredentials,
	useBitrix24Simulator,
} from '../helpers';

let ctx: SimContext;
let h: N8nHarness;
let staticData: IDataObject;

useBitrix24Simulator((suite) => ({ ctx, h } = suite));
beforeAll(async () => {
	staticData = {};
});

function hook(method: 'checkExists' | 'create' | 'delete', events: string[], harness = h) {
	return harness.hook({
		node: 'bitrix24OpenLinesTrigger',
		method,
		parameters: { events, connector: '' },
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData,
	});
}

const bindingsFor = (url: string) =>
	ctx.sim
		.getBindings()
		.filter((binding) => binding.handler === url)
		.map((binding) => binding.event)
		.sort();

describe('lifecycle', () => {
	let url: string;

	it('reports nothing bound on a fresh portal', async () => {
		const result = await hook('checkExists', [
			'ONIMCONNECTORMESSAGEADD',
			'ONIMCONNECTORSTATUSDELETE',
		]);
		expect(result.result).toBe(false);
		url = result.webhookUrl;
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:5678\/webhook\/.+\/webhook$/);
	});

	it('binds every selected event to the webhook URL', async () => {
		const result = await hook('create', ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE']);
		expect(result.result).toBe(true);
		expect(bindingsFor(url)).toEqual(['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE']);
		expect(result.staticData).toMatchObject({
			boundEvents: ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE'],
			handlerUrl: url,
		});
		expect(
			await hook('checkExists', ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE']),
		).toMatchObject({
			result: true,
		});
	});

	it('is idempotent: a second create binds nothing twice', async () => {
		ctx.sim.clearRequestsLog();
		await hook('create', ['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE']);
		expect(ctx.sim.getRequestsLog().filter((entry) => entry.method === 'event.bind')).toHaveLength(
			0,
		);
		expect(bindingsFor(url)).toEqual(['ONIMCONNECTORMESSAGEADD', 'ONIMCONNECTORSTATUSDELETE']);
	});

	it('follows a change of the selected events (binds new, unbinds dropped)', async () => {
		const events = [
			'ONIMCONNECTORMESSAGEADD',
			'ONIMCONNECTORMESSAGEUPDATE',
			'ONIMCONNECTORDIALOGSTART',
		];
		expect((await hook('checkExists', events)).result).toBe(false);
		await hook('create', events);
		expect(bindingsFor(url)).toEqual([...events].sort());
	});

	it('unbinds everything of this URL and leaves other handlers alone', async () => {
		await simCall(ctx, 'event.bind', {
			event: 'ONIMCONNECTORMESSAGEADD',
			handler: 'https://other.example.test/hook',
		});
		const result = await hook('delete', ['ONIMCONNECTORMESSAGEADD']);
		expect(result.result).toBe(true);
		expect(bindingsFor(url)).toEqual([]);
		expect(bindingsFor('https://other.example.test/hook')).toEqual(['ONIMCONNECTORMESSAGEADD']);
		expect(result.staticData.boundEvents).toBeUndefined();
	});

	it('returns false from delete (and logs) when Bitrix24 fails', async () => {
		ctx.sim.addFault({
			method: 'event.get',
			status: 400,
			error: 'ACCESS_DENIED',
			error_description: 'Denied',
			count: 1,
		});
		const result = await hook('delete', ['ONIMCONNECTORMESSAGEADD']);
		expect(result.result).toBe(false);
	});

	it('treats a failing event.get as "not bound" in checkExists', async () => {
		ctx.sim.addFault({
			method: 'event.get',
			status: 400,
			error: 'ACCESS_DENIED',
			error_description: 'Denied',
			count: 1,
		});
		expect((await hook('checkExists', ['ONIMCONNECTORMESSAGEADD'])).result).toBe(false);
	});

	it('fails activation when Bitrix24 refuses to bind (e.g. unknown event)', async () => {
		await expect(hook('create', ['ONIMCONNECTORSOMETHING'])).rejects.toThrow(
			/ERROR_EVENT_NOT_FOUND/,
		);
	});
});

describe('before the credential is connected', () => {
	it('lets activation succeed without calls, so the install URL can receive the installation', async () => {
		const notConnected = bitrix24Harness(simCredentials(ctx, { oauthTokenData: undefined }));
		ctx.sim.clearRequestsLog();
		staticData = {};
		expect((await hook('checkExists', ['ONIMCONNECTORMESSAGEADD'], notConnected)).result).toBe(
			false,
		);
		const created = await hook('create', ['ONIMCONNECTORMESSAGEADD'], notConnected);
		expect(created.result).toBe(true);
		expect(created.staticData.pendingBind).toBe(true);
		expect(ctx.sim.getRequestsLog()).toEqual([]);
	});
});
