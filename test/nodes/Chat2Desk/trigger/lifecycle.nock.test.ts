import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

const parameters = { events: ['inbox'] };
const staticData = () => ({
	webhookId: 7,
	webhookUrl: 'x',
	webhookEvents: ['inbox'],
	webhookChannels: [],
});

describe('Chat2Desk Trigger › lifecycle edge cases', () => {
	it('delete returns false and forgets the webhook when Chat2Desk keeps failing', async () => {
		api()
			.delete('/v1/webhooks/7')
			.times(5)
			.reply(500, { status: 'error', message: 'Server Error' });
		const { result, staticData: after } = await harness.hook({
			node: 'chat2DeskTrigger',
			method: 'delete',
			parameters,
			staticData: staticData(),
		});
		expect(result).toBe(false);
		expect(after).toEqual({});
	});

	it('delete treats a 404 as already deleted', async () => {
		api()
			.delete('/v1/webhooks/7')
			.reply(404, { status: 'error', message: 'not_found', errors: 'Webhook not found' });
		const { result } = await harness.hook({
			node: 'chat2DeskTrigger',
			method: 'delete',
			parameters,
			staticData: staticData(),
		});
		expect(result).toBe(true);
	});

	it('create adopts the webhook when the URL was registered concurrently', async () => {
		const { webhookUrl } = await (async () => {
			api().get('/v1/webhooks').reply(200, envelope([]));
			return await harness.hook({ node: 'chat2DeskTrigger', method: 'checkExists', parameters });
		})();
		api()
			.get('/v1/webhooks')
			.reply(200, envelope([]))
			.post('/v1/webhooks', {
				name: 'n8n wf-test',
				url: webhookUrl,
				events: ['inbox'],
				status: 'enable',
			})
			.reply(400, {
				status: 'error',
				message: 'Validation error',
				errors: { url: ['This url is already used by another webhook'] },
			})
			.get('/v1/webhooks')
			.reply(
				200,
				envelope([{ id: 12, url: webhookUrl, events: ['outbox'], status: 'enable', channels: [] }]),
			)
			.put('/v1/webhooks/12', {
				name: 'n8n wf-test',
				url: webhookUrl,
				events: ['inbox'],
				status: 'enable',
				channels: [],
			})
			.reply(200, envelope({ id: 12 }));
		const { result, staticData: after } = await harness.hook({
			node: 'chat2DeskTrigger',
			method: 'create',
			parameters,
		});
		expect(result).toBe(true);
		expect(after.webhookId).toBe(12);
	});

	it('create fails clearly when Chat2Desk answers without an id', async () => {
		api()
			.get('/v1/webhooks')
			.reply(200, envelope([]))
			.post('/v1/webhooks')
			.reply(200, envelope({ ok: true }));
		await expect(
			harness.hook({ node: 'chat2DeskTrigger', method: 'create', parameters }),
		).rejects.toMatchObject({
			message: 'Chat2Desk did not return the id of the new webhook',
		});
	});

	it('create refuses to register without events', async () => {
		await expect(
			harness.hook({ node: 'chat2DeskTrigger', method: 'create', parameters: { events: [] } }),
		).rejects.toMatchObject({ message: 'Choose at least one event for the Chat2Desk Trigger' });
	});

	it('checkExists surfaces API errors instead of guessing', async () => {
		api().get('/v1/webhooks').reply(403, { status: 'error', message: 'Token is not correct' });
		await expect(
			harness.hook({
				node: 'chat2DeskTrigger',
				method: 'checkExists',
				parameters,
				staticData: staticData(),
			}),
		).rejects.toMatchObject({ httpCode: '403', message: 'Token is not correct' });
	});
});
