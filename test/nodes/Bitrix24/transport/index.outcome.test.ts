import nock from 'nock';

import { Bitrix24Api } from '../../../../credentials/Bitrix24Api.credentials';
import { Bitrix24OAuth2Api } from '../../../../credentials/Bitrix24OAuth2Api.credentials';
import { N8nHarness } from '../../../helpers/n8n';
import { Bitrix24TransportProbe, useNockedBitrix24Transport } from './probe';

/**
 * A call that may have been carried out is never repeated blindly: Bitrix24 can store
 * imconnector.send.messages and still answer 504 (or time out).
 */
const PORTAL = 'https://portal.example.test';

function harness(): N8nHarness {
	return new N8nHarness({
		nodes: [new Bitrix24TransportProbe()],
		credentialTypes: [new Bitrix24OAuth2Api(), new Bitrix24Api()],
		credentials: {
			bitrix24OAuth2Api: {
				portalUrl: `${PORTAL}/`,
				clientId: 'local.app',
				clientSecret: 'app-secret',
				accessTokenUrl: 'https://oauth.example.test/oauth/token/',
				oauthTokenData: { access_token: 'token', refresh_token: 'refresh' },
			},
		},
	});
}

async function call(fn: string, method: string, params: object) {
	const run = await harness().execute({
		node: 'bitrix24TransportProbe',
		parameters: {
			call: JSON.stringify({ fn, method, params, options: { credentialType: 'bitrix24OAuth2Api' } }),
		},
		credentialTypes: ['bitrix24OAuth2Api'],
	});
	return { result: run.items[0]?.json.result as Record<string, unknown> | undefined, error: run.error };
}

const message = (id: string) => ({
	user: { id: 'client-7' },
	message: { id, text: `text ${id}` },
	chat: { id: 'client-7' },
});
const params = (ids: string[]) => ({ CONNECTOR: 'chat2desk', LINE: '1', MESSAGES: ids.map(message) });
const ok = (id: string) => ({ SUCCESS: true, message: { id }, chat: { id: 'client-7' } });
const notFound = (id: string) => ({ SUCCESS: false, ERRORS: ['Message not found'], message: { id } });
const gateway504 = '<html><body><h1>504 Gateway Time-out</h1></body></html>';

useNockedBitrix24Transport({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 });

describe('transport: which failures are retried', () => {
	it('does not repeat imconnector.send.messages after a 504, and says the outcome is unknown', async () => {
		const scope = nock(PORTAL).post('/rest/imconnector.send.messages').once().reply(504, gateway504);
		const { error } = await call('request', 'imconnector.send.messages', params(['m1']));
		expect(scope.isDone()).toBe(true);
		expect(error?.message).toMatch(/may have carried out imconnector\.send\.messages/);
	});

	it('does not repeat a create (crm.lead.add) after a timeout-like 500', async () => {
		nock(PORTAL).post('/rest/crm.lead.add').once().reply(500, { error: 'INTERNAL_SERVER_ERROR' });
		const { error } = await call('request', 'crm.lead.add', { fields: { TITLE: 'x' } });
		expect(error?.message).toMatch(/crm\.lead\.add/);
	});

	it('still retries the rate limit for a write that must not be repeated: the portal did nothing', async () => {
		nock(PORTAL)
			.post('/rest/imconnector.send.messages')
			.reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
			.post('/rest/imconnector.send.messages')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m1')] } } });
		const { error, result } = await call('request', 'imconnector.send.messages', params(['m1']));
		expect(error).toBeUndefined();
		expect(result).toMatchObject({ SUCCESS: true });
	});

	it('retries a 504 for a method that is safe to repeat (crm.lead.update)', async () => {
		nock(PORTAL)
			.post('/rest/crm.lead.update')
			.reply(504, gateway504)
			.post('/rest/crm.lead.update')
			.reply(200, { result: true });
		const { error, result } = await call('request', 'crm.lead.update', { id: 1, fields: {} });
		expect(error).toBeUndefined();
		expect(result).toBe(true);
	});

	it('treats a batch as unrepeatable when one of its commands is', async () => {
		nock(PORTAL).post('/rest/batch').once().reply(502, 'Bad Gateway');
		const { error } = await call('request', 'batch', {
			halt: 0,
			cmd: { a: 'crm.lead.get?id=1', b: 'imconnector.send.messages?CONNECTOR=c' },
		});
		expect(error?.message).toMatch(/may have carried out batch/);
	});
});

describe('sendConnectorMessagesOnce: look up instead of guessing', () => {
	it('finds every message stored after a 504 and sends nothing again', async () => {
		nock(PORTAL).post('/rest/imconnector.send.messages').once().reply(504, gateway504);
		nock(PORTAL)
			.post('/rest/imconnector.update.messages', (body) => body.MESSAGES.length === 2)
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m1'), ok('m2')] } } });
		const { error, result } = await call('sendOnce', '', params(['m1', 'm2']));
		expect(error).toBeUndefined();
		expect(result).toMatchObject({
			SUCCESS: true,
			DATA: { RESULT: [{ recovered: true, message: { id: 'm1' } }, { recovered: true, message: { id: 'm2' } }] },
		});
	});

	it('sends again only the messages the portal does not have', async () => {
		nock(PORTAL).post('/rest/imconnector.send.messages').once().reply(504, gateway504);
		nock(PORTAL)
			.post('/rest/imconnector.update.messages')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m1'), notFound('m2'), ok('m3')] } } });
		const resend = nock(PORTAL)
			.post('/rest/imconnector.send.messages', (body) =>
				body.MESSAGES.length === 1 && body.MESSAGES[0].message.id === 'm2',
			)
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m2')] } } });
		const { error, result } = await call('sendOnce', '', params(['m1', 'm2', 'm3']));
		expect(error).toBeUndefined();
		expect(resend.isDone()).toBe(true);
		const rows = (result?.DATA as { RESULT: Array<Record<string, unknown>> }).RESULT;
		expect(rows.map((row) => [(row.message as { id: string }).id, row.recovered === true])).toEqual([
			['m1', true],
			['m2', false],
			['m3', true],
		]);
	});

	it('looks up again when the second send is unclear too', async () => {
		nock(PORTAL)
			.post('/rest/imconnector.send.messages')
			.reply(504, gateway504)
			.post('/rest/imconnector.update.messages')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [notFound('m1')] } } })
			.post('/rest/imconnector.send.messages')
			.reply(504, gateway504)
			.post('/rest/imconnector.update.messages')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m1')] } } });
		const { error, result } = await call('sendOnce', '', params(['m1']));
		expect(error).toBeUndefined();
		expect(result).toMatchObject({ DATA: { RESULT: [{ recovered: true }] } });
	});

	it('takes a 400 to the look-up (newer portals) as "not stored", message by message', async () => {
		nock(PORTAL).post('/rest/imconnector.send.messages').once().reply(504, gateway504);
		nock(PORTAL)
			.post('/rest/imconnector.update.messages', (body) => body.MESSAGES.length === 2)
			.reply(400, { error: 'ERROR_ARGUMENT', error_description: 'Message not found' })
			.post('/rest/imconnector.update.messages', (body) => body.MESSAGES[0].message.id === 'm1')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m1')] } } })
			.post('/rest/imconnector.update.messages', (body) => body.MESSAGES[0].message.id === 'm2')
			.reply(400, { error: 'ERROR_ARGUMENT', error_description: 'Message not found' });
		nock(PORTAL)
			.post('/rest/imconnector.send.messages', (body) => body.MESSAGES.length === 1 && body.MESSAGES[0].message.id === 'm2')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('m2')] } } });
		const { error, result } = await call('sendOnce', '', params(['m1', 'm2']));
		expect(error).toBeUndefined();
		expect(result).toMatchObject({ DATA: { RESULT: [{ recovered: true }, { message: { id: 'm2' } }] } });
	});

	it('fails with the original error when the look-up cannot be done', async () => {
		nock(PORTAL).post('/rest/imconnector.send.messages').reply(504, gateway504);
		nock(PORTAL).post('/rest/imconnector.update.messages').times(4).reply(500, 'boom');
		const { error } = await call('sendOnce', '', params(['m1']));
		expect(error?.message).toMatch(/may have carried out imconnector\.send\.messages/);
	});

	it('does not guess for messages without an external id', async () => {
		nock(PORTAL).post('/rest/imconnector.send.messages').reply(504, gateway504);
		const { error } = await call('sendOnce', '', {
			CONNECTOR: 'chat2desk',
			LINE: '1',
			MESSAGES: [{ user: { id: 'u' }, message: { text: 'no id' }, chat: { id: 'c' } }],
		});
		expect(error?.message).toMatch(/may have carried out/);
	});
});
