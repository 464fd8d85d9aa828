import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import {
	chat2DeskApiRequest,
	chat2DeskApiRequestAllItems,
	chat2DeskGetMessagesByStartId,
	chat2DeskSendMessage,
	SEND_RECOVERY_LOOKBACK,
} from '../../../../nodes/Chat2Desk/transport';
import {
	BASE_URL,
	TOKEN,
	createHarness,
	envelope,
	recordingWait,
	runInContext,
} from '../helpers';

const harness = createHarness();
const fixedRetry = () => {
	const recorder = recordingWait();
	return {
		recorder,
		retry: {
			wait: recorder.wait,
			random: () => 0.5,
			baseDelayMs: 100,
			maxDelayMs: 1000,
			maxRetries: 3,
		},
	};
};

function rows(from: number, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ id: from + index }));
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('chat2DeskApiRequest', () => {
	it('sends the raw token in Authorization (no Bearer) and unwraps data', async () => {
		nock(BASE_URL, { badheaders: ['x-unexpected'] })
			.matchHeader('authorization', TOKEN)
			.get('/v1/clients/5')
			.reply(200, envelope({ id: 5, name: 'Peter' }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/clients/5');
		});
		expect(data).toEqual({ id: 5, name: 'Peter' });
	});

	it('uses the custom URL of the credential', async () => {
		const custom = createHarness({
			token: 'tok',
			apiHost: 'custom',
			customUrl: 'http://c2d.internal:4010/',
		});
		nock('http://c2d.internal:4010')
			.matchHeader('authorization', 'tok')
			.get('/v1/channels/1')
			.reply(200, envelope({ id: 1 }));
		const data = await runInContext(custom, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/channels/1');
		});
		expect(data).toEqual({ id: 1 });
	});

	it('uses a regional host', async () => {
		const kz = createHarness({ token: 'tok', apiHost: 'https://api-02.chat2desk.kz' });
		nock('https://api-02.chat2desk.kz')
			.get('/v1/companies/api_info')
			.reply(200, envelope({ company_name: 'KZ' }));
		const data = await runInContext(kz, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/companies/api_info');
		});
		expect(data).toEqual({ company_name: 'KZ' });
	});

	it('sends query strings and JSON bodies exactly', async () => {
		nock(BASE_URL)
			.matchHeader('content-type', /application\/json/)
			.put('/v1/dialogs/7', { state: 'closed', operator_id: 3 })
			.query({ force: '1' })
			.reply(200, envelope({ id: 7, state: 'closed' }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequest.call(this, 'PUT', '/v1/dialogs/7', {
				body: { state: 'closed', operator_id: 3 },
				qs: { force: 1 },
			});
		});
		expect(data).toEqual({ id: 7, state: 'closed' });
	});

	it('returns bare arrays and status "ok" envelopes', async () => {
		nock(BASE_URL)
			.get('/v1/requests/9/messages')
			.reply(200, [{ id: 1 }]);
		nock(BASE_URL)
			.get('/v1/custom_client_fields')
			.reply(200, { status: 'ok', data: [{ id: 2 }] });
		const data = await runInContext(harness, async function () {
			return [
				await chat2DeskApiRequest.call(this, 'GET', '/v1/requests/9/messages'),
				await chat2DeskApiRequest.call(this, 'GET', '/v1/custom_client_fields'),
			];
		});
		expect(data).toEqual([[{ id: 1 }], [{ id: 2 }]]);
	});

	it('maps a validation error to NodeApiError with field errors and HTTP code', async () => {
		nock(BASE_URL)
			.post('/v1/webhooks')
			.reply(400, {
				status: 'error',
				message: 'Validation error',
				errors: { url: ['has already been used'] },
			});
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'POST', '/v1/webhooks', { body: { url: 'x' } });
			}),
		).rejects.toMatchObject({
			name: 'NodeApiError',
			message: 'Validation error',
			httpCode: '400',
			description: expect.stringContaining('url: has already been used'),
		});
	});

	it('maps an error nested in data of a 200 answer', async () => {
		nock(BASE_URL)
			.get('/v1/requests/1')
			.reply(200, { data: { status: 'error', message: 'request not found' } });
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'GET', '/v1/requests/1');
			}),
		).rejects.toMatchObject({ message: 'request not found', httpCode: '200' });
	});

	it.each([401, 403])('adds a token hint to %i and does not retry', async (status) => {
		nock(BASE_URL)
			.get('/v1/operators')
			.once()
			.reply(status, { status: 'error', message: 'Token is not correct' });
		const { recorder, retry } = fixedRetry();
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'GET', '/v1/operators', {}, { retry });
			}),
		).rejects.toMatchObject({
			message: 'Token is not correct',
			httpCode: String(status),
			description: expect.stringContaining('Check the API token in the Chat2Desk API credential'),
		});
		expect(recorder.waits).toEqual([]);
	});
});

describe('retries', () => {
	it('retries 429 after the Retry-After delay', async () => {
		nock(BASE_URL)
			.get('/v1/tags')
			.reply(429, { status: 'error', message: 'Too Many Requests' }, { 'Retry-After': '2' })
			.get('/v1/tags')
			.reply(200, envelope([{ id: 1 }]));
		const { recorder, retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/tags', {}, { retry });
		});
		expect(data).toEqual([{ id: 1 }]);
		expect(recorder.waits).toEqual([2000]);
	});

	it('retries "Number of API requests exceeded" with exponential backoff', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/channels')
			.times(2)
			.reply(400, { status: 'error', message: 'Number of API requests exceeded' })
			.get('/v1/channels')
			.reply(200, envelope([]));
		const { recorder, retry } = fixedRetry();
		await runInContext(harness, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/channels', {}, { retry });
		});
		expect(scope.isDone()).toBe(true);
		expect(recorder.waits).toEqual([75, 150]);
	});

	it('fails fast on the monthly quota', async () => {
		nock(BASE_URL)
			.get('/v1/clients')
			.once()
			.reply(400, { status: 'error', message: 'API calls exceeded API limit per month' });
		const { recorder, retry } = fixedRetry();
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'GET', '/v1/clients', {}, { retry });
			}),
		).rejects.toMatchObject({
			message: 'Chat2Desk monthly API limit reached: API calls exceeded API limit per month',
			description: expect.stringContaining('monthly API requests'),
		});
		expect(recorder.waits).toEqual([]);
	});

	it('fails fast when Retry-After is longer than the node waits', async () => {
		nock(BASE_URL).get('/v1/tags').once().reply(429, {}, { 'Retry-After': '3600' });
		const { recorder, retry } = fixedRetry();
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'GET', '/v1/tags', {}, { retry });
			}),
		).rejects.toMatchObject({
			httpCode: '429',
			description: expect.stringContaining('asked to wait longer'),
		});
		expect(recorder.waits).toEqual([]);
	});

	it('retries a GET on 5xx until the budget is spent', async () => {
		nock(BASE_URL).get('/v1/dialogs/1').times(4).reply(503, 'Service Unavailable');
		const { recorder, retry } = fixedRetry();
		await expect(
			runInContext(harness, async function () {
				return await chat2DeskApiRequest.call(this, 'GET', '/v1/dialogs/1', {}, { retry });
			}),
		).rejects.toMatchObject({
			httpCode: '503',
			description: expect.stringContaining('kept failing'),
		});
		expect(recorder.waits).toEqual([75, 150, 300]);
	});

	it('retries a GET after a network error', async () => {
		nock(BASE_URL)
			.get('/v1/channels/2')
			.replyWithError('socket hang up')
			.get('/v1/channels/2')
			.reply(200, envelope({ id: 2 }));
		const { recorder, retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequest.call(this, 'GET', '/v1/channels/2', {}, { retry });
		});
		expect(data).toEqual({ id: 2 });
		expect(recorder.waits).toEqual([75]);
	});
});

describe('POST /v1/messages is never sent twice', () => {
	const message = { client_id: 9, text: 'Hello' };

	it('after a 5xx without external_id, finds the accepted message by its text and does not resend', async () => {
		const posts = nock(BASE_URL).post('/v1/messages', message).once().reply(502, 'Bad Gateway');
		nock(BASE_URL)
			.get('/v1/messages')
			.query({ client_id: '9', order: 'desc', limit: String(SEND_RECOVERY_LOOKBACK) })
			.reply(
				200,
				envelope([
					{
						id: 710,
						client_id: 9,
						type: 'to_client',
						text: message.text,
						created: new Date().toISOString(),
					},
				]),
			);
		const { retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskSendMessage.call(this, message, { retry });
		});
		expect(data).toMatchObject({ message_id: 710, recoveredAfterError: true });
		expect(posts.isDone()).toBe(true);
	});

	it('after a network error without external_id, resends once when no such message exists', async () => {
		const posts = nock(BASE_URL)
			.post('/v1/messages')
			.once()
			.replyWithError('socket hang up')
			.post('/v1/messages')
			.reply(200, envelope({ message_id: 711, client_id: 9 }));
		nock(BASE_URL)
			.get('/v1/messages')
			.query(true)
			.reply(200, envelope([{ id: 5, type: 'to_client', text: 'older', created: '2020-01-01 00:00:00' }]));
		const { retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskSendMessage.call(this, message, { retry });
		});
		expect(data).toEqual({ message_id: 711, client_id: 9 });
		expect(posts.isDone()).toBe(true);
	});

	it('returns the accepted message instead of resending when the external_id is found', async () => {
		const body = { ...message, external_id: 'n8n:42' };
		nock(BASE_URL)
			.post('/v1/messages', body)
			.once()
			.reply(500, { status: 'error', message: 'Internal error' });
		nock(BASE_URL)
			.get('/v1/messages')
			.query({ client_id: '9', order: 'desc', limit: String(SEND_RECOVERY_LOOKBACK) })
			.reply(
				200,
				envelope([
					{ id: 700, client_id: 9, external_id: 'other' },
					{
						id: 699,
						client_id: 9,
						channel_id: 3,
						dialog_id: 4,
						request_id: 5,
						type: 'to_client',
						transport: 'telegram',
						extra_data: { external_id: 'n8n:42' },
					},
				]),
			);
		const { retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskSendMessage.call(this, body, { retry });
		});
		expect(data).toEqual({
			message_id: 699,
			channel_id: 3,
			operator_id: null,
			transport: 'telegram',
			type: 'to_client',
			client_id: 9,
			dialog_id: 4,
			request_id: 5,
			external_id: 'n8n:42',
			recoveredAfterError: true,
		});
	});

	it('resends once when the external_id is not found', async () => {
		const body = { ...message, external_id: 'n8n:43' };
		const posts = nock(BASE_URL)
			.post('/v1/messages', body)
			.reply(504, 'Gateway Timeout')
			.post('/v1/messages', body)
			.reply(200, envelope({ message_id: 800, client_id: 9 }));
		nock(BASE_URL)
			.get('/v1/messages')
			.query(true)
			.reply(200, envelope([{ id: 1, external_id: 'n8n:1' }]));
		const { recorder, retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskSendMessage.call(this, body, { retry });
		});
		expect(data).toEqual({ message_id: 800, client_id: 9 });
		expect(posts.isDone()).toBe(true);
		expect(recorder.waits).toEqual([75]);
	});

	it('retries a send refused with 429 (it was not accepted)', async () => {
		nock(BASE_URL)
			.post('/v1/messages', message)
			.reply(
				429,
				{ status: 'error', message: 'Number of API requests exceeded' },
				{ 'Retry-After': '1' },
			)
			.post('/v1/messages', message)
			.reply(200, envelope({ message_id: 900 }));
		const { recorder, retry } = fixedRetry();
		const data = await runInContext(harness, async function () {
			return await chat2DeskSendMessage.call(this, message, { retry });
		});
		expect(data).toEqual({ message_id: 900 });
		expect(recorder.waits).toEqual([1000]);
	});
});

describe('pagination', () => {
	it('pages with limit/offset by 200 until a short page', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/clients')
			.query({ phone: '7900', limit: '200', offset: '0' })
			.reply(200, envelope(rows(1, 200), { total: 413, limit: 200, offset: 0 }))
			.get('/v1/clients')
			.query({ phone: '7900', limit: '200', offset: '200' })
			.reply(200, envelope(rows(201, 200), { total: 413, limit: 200, offset: 200 }))
			.get('/v1/clients')
			.query({ phone: '7900', limit: '200', offset: '400' })
			.reply(200, envelope(rows(401, 13), { total: 413, limit: 200, offset: 400 }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequestAllItems.call(this, '/v1/clients', { phone: '7900' });
		});
		expect(scope.isDone()).toBe(true);
		expect(data).toHaveLength(413);
		expect(data[412]).toEqual({ id: 413 });
	});

	it('stops at the limit and asks only for what is missing', async () => {
		nock(BASE_URL)
			.get('/v1/tags')
			.query({ limit: '200', offset: '0' })
			.reply(200, envelope(rows(1, 200)))
			.get('/v1/tags')
			.query({ limit: '50', offset: '200' })
			.reply(200, envelope(rows(201, 50)));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequestAllItems.call(this, '/v1/tags', {}, 250);
		});
		expect(data).toHaveLength(250);
	});

	it('stops when a server ignores offset and repeats the first page (no meta.total)', async () => {
		nock(BASE_URL)
			.get('/v1/tags')
			.query(true)
			.times(3)
			.reply(200, envelope(rows(1, 200)));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequestAllItems.call(this, '/v1/tags');
		});
		expect(data).toHaveLength(200);
		nock.cleanAll();
	});

	it('stops after the hard page cap even when every page is new', async () => {
		let served = 0;
		nock(BASE_URL)
			.get('/v1/clients')
			.query(true)
			.times(1100)
			.reply(200, () => {
				served += 1;
				return envelope(rows(served * 1000, 200));
			});
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequestAllItems.call(this, '/v1/clients');
		});
		expect(served).toBe(1000);
		expect(data).toHaveLength(200000);
		nock.cleanAll();
	}, 180000);

	it('stops when meta.total is reached', async () => {
		nock(BASE_URL)
			.get('/v1/operators')
			.query({ limit: '200', offset: '0' })
			.reply(200, envelope(rows(1, 200), { total: 200 }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskApiRequestAllItems.call(this, '/v1/operators');
		});
		expect(data).toHaveLength(200);
	});

	it('pages messages by start_id (inclusive, last id + 1), never by offset', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200' })
			.reply(200, envelope(rows(1001, 200)))
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200', start_id: '1201' })
			.reply(200, envelope(rows(1201, 200)))
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200', start_id: '1401' })
			.reply(200, envelope(rows(1401, 7)));
		const data = await runInContext(harness, async function () {
			return await chat2DeskGetMessagesByStartId.call(this, { client_id: 9, offset: 5 });
		});
		expect(scope.isDone()).toBe(true);
		expect(data.map((row) => row.id)).toEqual(rows(1001, 407).map((row) => row.id));
	});

	it('stops at a full page that holds meta.total messages (counted from start_id), without an empty page', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200' })
			.reply(200, envelope(rows(1001, 200), { total: 400 }))
			.get('/v1/messages')
			.query({ client_id: '9', order: 'asc', limit: '200', start_id: '1201' })
			.reply(200, envelope(rows(1201, 200), { total: 200 }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskGetMessagesByStartId.call(this, { client_id: 9 });
		});
		expect(scope.isDone()).toBe(true);
		expect(data).toHaveLength(400);
	});

	it('reads on when meta.total counts more than the page (a total of the whole history)', async () => {
		const scope = nock(BASE_URL)
			.get('/v1/messages')
			.query({ order: 'asc', limit: '200', start_id: '1201' })
			.reply(200, envelope(rows(1201, 200), { total: 5000 }))
			.get('/v1/messages')
			.query({ order: 'asc', limit: '200', start_id: '1401' })
			.reply(200, envelope([], { total: 5000 }));
		const data = await runInContext(harness, async function () {
			return await chat2DeskGetMessagesByStartId.call(this, { start_id: 1201 });
		});
		expect(scope.isDone()).toBe(true);
		expect(data).toHaveLength(200);
	});

	it('starts at a given start_id and stops at the limit', async () => {
		nock(BASE_URL)
			.get('/v1/messages')
			.query({ order: 'asc', limit: '200', start_id: '50' })
			.reply(200, envelope(rows(50, 200)))
			.get('/v1/messages')
			.query({ order: 'asc', limit: '10', start_id: '250' })
			.reply(200, envelope(rows(250, 10)));
		const data = await runInContext(harness, async function () {
			return await chat2DeskGetMessagesByStartId.call(this, { start_id: 50 }, 210);
		});
		expect(data).toHaveLength(210);
		expect(data[209]).toEqual({ id: 259 });
	});
});
