import nock from 'nock';
import { type IDataObject, sleep } from 'n8n-workflow';

import { chat2DeskRetries } from '../../../../nodes/Chat2Desk/transport';
import { BASE_URL, TOKEN, createHarness, envelope } from '../helpers';

/**
 * What the trigger does before a run starts, for the delivery guarantees: sparse request/dialog events
 * are completed from the API (never a run with a missing client or request), and, when it answers after
 * the run, copies and concurrent deliveries of one chat pass the delivery gate.
 */
const harness = createHarness();
const api = () => nock(BASE_URL).matchHeader('authorization', TOKEN);

const inbox = (messageId: number, clientId = 11) => ({
	hook_type: 'inbox',
	message_id: messageId,
	type: 'from_client',
	text: `text ${messageId}`,
	client_id: clientId,
	channel_id: 1,
	dialog_id: 5,
	request_id: 7,
	event_time: '2026-07-17T10:45:31Z',
});

const receive = async (body: IDataObject, options: IDataObject = {}) =>
	await harness.webhook({
		node: 'chat2DeskTrigger',
		parameters: {
			events: ['inbox', 'add_tag_to_request', 'dialog_transferred'],
			options: { signatureVerification: 'off', ...options },
		},
		request: { body, rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
	});

let restoreRetries: () => void;
beforeAll(() => {
	nock.disableNetConnect();
	restoreRetries = chat2DeskRetries.configure({ wait: async () => {} });
});
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	expect(pending).toEqual([]);
});
afterAll(() => {
	restoreRetries();
	nock.enableNetConnect();
});

describe('Chat2Desk Trigger › sparse events are completed before a run', () => {
	it('add_tag_to_request without client_id: the client comes from the request', async () => {
		api().get('/v1/requests/7').reply(200, envelope({ id: 7, client_id: 11, dialog_id: 5, channel_id: 1 }));
		const result = await receive({ hook_type: 'add_tag_to_request', id: 3, request_id: 7, event_time: '2026-07-17T10:45:31Z' });
		expect(result.startsRun).toBe(true);
		expect(result.items[0].json).toMatchObject({ clientId: 11, requestId: 7, dialogId: 5, tagId: 3 });
	});

	it('dialog_transferred without request_id: the request and client come from the dialog', async () => {
		api()
			.get('/v1/dialogs/5')
			.reply(200, envelope({ id: 5, operator_id: 2, last_request_id: 7, last_message: { client_id: 11, channel_id: 1 } }));
		const result = await receive({ hook_type: 'dialog_transferred', dialog_id: 5, operator_id: 2, event_time: '2026-07-17T10:45:31Z' });
		expect(result.startsRun).toBe(true);
		expect(result.items[0].json).toMatchObject({ clientId: 11, requestId: 7, operatorId: 2 });
	});

	it('an event that names neither a request nor a dialog starts no run and says why', async () => {
		const result = await receive({ hook_type: 'add_tag_to_request', id: 3, event_time: '2026-07-17T10:45:31Z' });
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({ statusCode: 200, body: { status: 'ignored' } });
		expect(JSON.stringify(result.response.body)).toMatch(/names no client or request/);
	});

	it('a request that does not exist starts no run', async () => {
		api().get('/v1/requests/404').reply(404, { status: 'error', message: 'not_found' });
		const result = await receive({ hook_type: 'add_tag_to_request', id: 3, request_id: 404, event_time: '2026-07-17T10:45:31Z' });
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBe(200);
	});

	it('an API failure during the look-up is answered 503, so Chat2Desk delivers the event again', async () => {
		api().get('/v1/requests/7').times(10).reply(500, 'boom');
		const result = await receive(
			{ hook_type: 'add_tag_to_request', id: 3, request_id: 7, event_time: '2026-07-17T10:45:31Z' },
		);
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBe(503);
		nock.cleanAll();
	});

	it('complete events are not looked up', async () => {
		const result = await receive({ hook_type: 'add_tag_to_request', id: 3, request_id: 7, client_id: 11, event_time: '2026-07-17T10:45:31Z' });
		expect(result.startsRun).toBe(true);
	});
});

describe('Chat2Desk Trigger › delivery gate (Respond: When the Run Finishes)', () => {
	const afterRun = { respond: 'afterRun' };

	it('a copy that arrives while the first run is going is answered as a duplicate once it succeeds', async () => {
		const first = await receive(inbox(1001), afterRun);
		expect(first.startsRun).toBe(true);
		const copy = receive(inbox(1001), afterRun);
		await sleep(0);
		expect(first.response.ended).toBe(false);
		// n8n answers the first delivery when its run is done.
		await endResponse(first);
		const second = await copy;
		expect(second.startsRun).toBe(false);
		expect(second.response.body).toMatchObject({ status: 'duplicate' });
	});

	it('a second event of the same chat waits until the first run has been answered', async () => {
		const first = await receive(inbox(2001, 21), afterRun);
		let secondStarted = false;
		const second = receive(inbox(2002, 21), afterRun).then((result) => {
			secondStarted = true;
			return result;
		});
		await sleep(50);
		expect(secondStarted).toBe(false);
		await endResponse(first);
		expect((await second).startsRun).toBe(true);
		await endResponse(await second);
	});

	it('answers immediately without the gate when set to respond at once', async () => {
		const first = await receive(inbox(3001, 31));
		const second = await receive(inbox(3001, 31));
		expect(first.startsRun).toBe(true);
		expect(second.startsRun).toBe(true);
	});
});

/** What n8n does when the run has finished: end the held response. */
async function endResponse(result: { res: { end: (body?: unknown) => unknown } }): Promise<void> {
	result.res.end();
	await sleep(0);
}
