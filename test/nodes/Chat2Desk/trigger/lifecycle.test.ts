import axios from 'axios';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createChat2DeskSimulator, type Chat2DeskSimulator } from '../../../../sandbox/chat2desk';
import type { N8nHarness } from '../../../helpers/n8n';
import { TOKEN, createHarness } from '../helpers';

let sim: Chat2DeskSimulator;
let baseUrl: string;
let harness: N8nHarness;

const parameters = { events: ['inbox', 'close_request'], channelIds: [1, 2] };
const hook = async (
	method: 'checkExists' | 'create' | 'delete',
	staticData: IDataObject = {},
	params: INodeParameters = parameters,
) => await harness.hook({ node: 'chat2DeskTrigger', method, parameters: params, staticData });

/** Registers a webhook directly through the simulator's API (someone else's, or an orphan). */
async function registerElsewhere(url: string, events = ['inbox']): Promise<number> {
	const response = await axios.post(
		`${baseUrl}/v1/webhooks`,
		{ name: 'other', url, events },
		{ headers: { Authorization: TOKEN } },
	);
	return (response.data as { data: { id: number } }).data.id;
}

let webhookUrl: string;

beforeAll(async () => {
	sim = createChat2DeskSimulator({
		token: TOKEN,
		retrySchedule: [20, 20, 20],
		webhookTimeoutMs: 500,
		requestsPerSecond: 0,
		sendRatePerSecond: 0,
	});
	baseUrl = await sim.listen(0, '127.0.0.1');
	harness = createHarness({ token: TOKEN, apiHost: 'custom', customUrl: baseUrl });
	webhookUrl = (await hook('checkExists')).webhookUrl;
});
beforeEach(() => sim.reset());
afterAll(async () => {
	await sim.close();
});

describe('Chat2Desk Trigger › lifecycle against the simulator', () => {
	it('creates the webhook with our URL, events and channels, and remembers its id', async () => {
		const { result, staticData } = await hook('create');
		expect(result).toBe(true);
		const webhooks = sim.webhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			name: 'n8n wf-test',
			url: webhookUrl,
			events: ['inbox', 'close_request'],
			channels: [1, 2],
			status: 'enable',
		});
		expect(staticData).toEqual({
			webhookId: webhooks[0].id,
			webhookUrl,
			webhookEvents: ['inbox', 'close_request'],
			webhookChannels: [1, 2],
		});
		expect(webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:5678\/webhook\/.+\/webhook$/);
	});

	it('omits channels when none are chosen', async () => {
		await hook('create', {}, { events: ['inbox'] });
		expect(sim.webhooks()[0]).toMatchObject({ events: ['inbox'], channels: [] });
	});

	it('checkExists is true while the webhook matches, false (and forgets) once it is gone', async () => {
		const created = await hook('create');
		const exists = await hook('checkExists', created.staticData);
		expect(exists.result).toBe(true);
		expect(exists.staticData.webhookId).toBe(created.staticData.webhookId);

		sim.reset();
		const gone = await hook('checkExists', { ...created.staticData });
		expect(gone.result).toBe(false);
		expect(gone.staticData).toEqual({});
	});

	it('checkExists is false when the events changed, and create then updates the same webhook', async () => {
		const created = await hook('create');
		const changed = { events: ['inbox', 'outbox'], channelIds: [] };
		expect((await hook('checkExists', created.staticData, changed)).result).toBe(false);
		const adopted = await hook('create', created.staticData, changed);
		expect(adopted.result).toBe(true);
		const webhooks = sim.webhooks();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			id: created.staticData.webhookId,
			events: ['inbox', 'outbox'],
			channels: [],
		});
	});

	it('adopts a webhook already registered for our URL instead of failing', async () => {
		const orphan = await registerElsewhere(webhookUrl, ['outbox']);
		const { result, staticData } = await hook('create');
		expect(result).toBe(true);
		expect(staticData.webhookId).toBe(orphan);
		expect(sim.webhooks()).toEqual([
			expect.objectContaining({
				id: orphan,
				name: 'n8n wf-test',
				events: ['inbox', 'close_request'],
			}),
		]);
	});

	it('delete removes the webhook; deleting again (already gone) still succeeds', async () => {
		const created = await hook('create');
		const deleted = await hook('delete', { ...created.staticData });
		expect(deleted.result).toBe(true);
		expect(deleted.staticData).toEqual({});
		expect(sim.webhooks()).toEqual([]);

		const again = await hook('delete', { ...created.staticData });
		expect(again.result).toBe(true);
		expect(again.staticData).toEqual({});
	});

	it('delete finds the webhook by URL when static data was lost', async () => {
		await hook('create');
		const other = await registerElsewhere('https://elsewhere.example/hook');
		expect((await hook('delete', {})).result).toBe(true);
		expect(sim.webhooks().map((webhook) => webhook.id)).toEqual([other]);
	});

	it('fails with a clear error when the company already has 5 webhooks', async () => {
		for (let index = 1; index <= 5; index++)
			await registerElsewhere(`https://elsewhere.example/${index}`);
		await expect(hook('create')).rejects.toMatchObject({
			name: 'NodeApiError',
			message: 'Chat2Desk allows at most 5 webhooks per company, and 5 are already registered',
			description: expect.stringContaining('"other" (https://elsewhere.example/1)'),
		});
		expect(sim.webhooks()).toHaveLength(5);
	});
});

describe('Chat2Desk Trigger › deliveries signed by the simulator', () => {
	async function deliveriesFor(params: INodeParameters, write: () => void) {
		await hook('create', {}, params);
		write();
		await sim.webhooksIdle();
		return sim.webhookDeliveries();
	}

	it('accepts a real delivery and emits one item for the client message', async () => {
		let written: { client_id: number; message_id: number; request_id: number } | undefined;
		const deliveries = await deliveriesFor({ events: ['inbox'], channelIds: [1] }, () => {
			written = sim.clientWrites({
				phone: '79001234567',
				name: 'Peter',
				channel_id: 1,
				text: 'Hi there',
			});
		});
		expect(deliveries.map((entry) => entry.event)).toEqual(['inbox']);
		const attempt = deliveries[0].attempts[0];
		const result = await harness.webhook({
			node: 'chat2DeskTrigger',
			parameters: { events: ['inbox'], channelIds: [1] },
			request: {
				body: JSON.parse(deliveries[0].raw_body),
				rawBody: deliveries[0].raw_body,
				headers: {
					'X-Signature': attempt.signature ?? '',
					'X-Timestamp': String(attempt.timestamp),
				},
			},
		});
		expect(result.startsRun).toBe(true);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			event: 'inbox',
			eventId: `inbox:${written!.message_id}`,
			clientId: written!.client_id,
			requestId: written!.request_id,
			channelId: 1,
			text: 'Hi there',
			transport: 'whatsapp',
			isNewRequest: true,
			isNewClient: true,
		});
	});

	it('gets no delivery for a channel that was not chosen', async () => {
		const deliveries = await deliveriesFor({ events: ['inbox'], channelIds: [2] }, () => {
			sim.clientWrites({ phone: '79001234568', channel_id: 1, text: 'Hi' });
		});
		expect(deliveries).toEqual([]);
	});
});
