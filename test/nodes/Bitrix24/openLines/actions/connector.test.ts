/** Bitrix24 Open Lines node, resource Connector, against the Bitrix24 simulator. */
import type { IDataObject } from 'n8n-workflow';

import type { N8nHarness } from '../../../../helpers/n8n';
import { CONNECTOR, type SimContext, useBitrix24Simulator } from '../../helpers';

let ctx: SimContext;
let h: N8nHarness;

useBitrix24Simulator((suite) => ({ ctx, h } = suite));

function run(operation: string, parameters: Record<string, unknown> = {}, input?: IDataObject[]) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: { resource: 'connector', operation, ...parameters },
		credentialTypes: ['bitrix24OAuth2Api'],
		input,
	});
}

describe('connector lifecycle', () => {
	it('registers a connector with our default icon and the chosen flags', async () => {
		const { items, error } = await run('register', {
			connector: CONNECTOR,
			name: 'Chat2Desk',
			placementHandler: 'https://n8n.example.com/webhook/settings',
			options: {
				needSignature: false,
				needSystemMessages: false,
				chatGroup: false,
				comment: 'via n8n',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ connector: CONNECTOR, registered: true }]);
		const connector = ctx.sim.getConnectors().find((entry) => entry.id === CONNECTOR) as Record<
			string,
			unknown
		>;
		expect(connector).toBeDefined();
		expect(JSON.stringify(connector)).toContain('data:image/svg+xml,');
		expect(connector).toMatchObject({ name: 'Chat2Desk' });
		expect(JSON.stringify(connector)).toMatch(/NEED_SIGNATURE"?:"?(N|false)/i);
		const register = ctx.sim
			.getRequestsLog()
			.filter((entry) => entry.method === 'imconnector.register');
		expect(register).toHaveLength(1);
		expect(register[0]).toMatchObject({ http_status: 200, token_placement: 'bearer' });
	});

	it('refuses a connector ID with a dot before calling Bitrix24', async () => {
		ctx.sim.clearRequestsLog();
		const { error } = await run('register', {
			connector: 'my.connector',
			name: 'x',
			placementHandler: 'https://x.test',
		});
		expect(error?.message).toBe('Connector ID may contain only letters, digits and underscores');
		expect(ctx.sim.getRequestsLog()).toHaveLength(0);
	});

	it('activates on two lines (one item each) and reports the status', async () => {
		const { items } = await run('activate', { connector: CONNECTOR, line: '={{ $json.line }}' }, [
			{ line: 1 },
			{ line: 2 },
		]);
		expect(items.map((item) => item.json)).toEqual([
			{ connector: CONNECTOR, line: '1', active: true },
			{ connector: CONNECTOR, line: '2', active: true },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const status = await run('getStatus', { connector: CONNECTOR, line: '1' });
		expect(status.items[0].json).toMatchObject({
			connector: CONNECTOR,
			line: '1',
			active: true,
			configured: true,
			error: false,
		});
	});

	it('sets the channel data of a line', async () => {
		const { items } = await run('setData', {
			connector: CONNECTOR,
			line: '1',
			data: {
				id: 'c2d-channel-1',
				name: 'WhatsApp +49',
				url: 'https://wa.me/49',
				urlIm: 'https://wa.me/49?chat',
			},
		});
		expect(items[0].json).toEqual({
			connector: CONNECTOR,
			line: '1',
			updated: true,
			data: {
				ID: 'c2d-channel-1',
				NAME: 'WhatsApp +49',
				URL: 'https://wa.me/49',
				URL_IM: 'https://wa.me/49?chat',
			},
		});
		const status = ctx.sim
			.getStatuses()
			.find((entry) => entry.connector === CONNECTOR && String(entry.line) === '1');
		expect(JSON.stringify(status)).toContain('c2d-channel-1');
	});

	it('lists connectors as items', async () => {
		const { items } = await run('getAll');
		expect(items.map((item) => item.json)).toContainEqual({ id: CONNECTOR, name: 'Chat2Desk' });
	});

	it('deactivates a line with ACTIVE=0', async () => {
		const { items } = await run('deactivate', { connector: CONNECTOR, line: '2' });
		expect(items[0].json).toEqual({ connector: CONNECTOR, line: '2', active: false });
		const status = await run('getStatus', { connector: CONNECTOR, line: '2' });
		expect(status.items[0].json).toMatchObject({ active: false });
	});

	it('unregisters the connector', async () => {
		const { items } = await run('unregister', { connector: CONNECTOR });
		expect(items[0].json).toEqual({ connector: CONNECTOR, unregistered: true });
		expect(ctx.sim.getConnectors().find((entry) => entry.id === CONNECTOR)).toBeUndefined();
	});

	it('maps a logical unregister failure (HTTP 200, result:false) to an error', async () => {
		const { error, items } = await run('unregister', { connector: 'never_registered' });
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^Bitrix24 error /);
		expect(error?.httpCode).toBe('200');
	});

	it('returns an error item per failing input with Continue On Fail', async () => {
		const { items, error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'connector',
				operation: 'register',
				connector: '={{ $json.id }}',
				name: 'Again',
				placementHandler: 'https://n8n.example.com/placement',
			},
			credentialTypes: ['bitrix24OAuth2Api'],
			input: [{ id: 'bad.id' }, { id: 'second_connector' }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: 'Connector ID may contain only letters, digits and underscores' }, { item: 0 }],
			[{ connector: 'second_connector', registered: true }, { item: 1 }],
		]);
	});
});
