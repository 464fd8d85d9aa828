/**
 * The Bitrix24 simulator's "known unknowns" modes (PRODUCT.md): calls that are stored and then answered
 * with an error, events posted twice, out of order or several at once, and the lookups the bridge relies
 * on (update of an unknown message, external ids of a chat's messages). Each test would fail with the
 * friendly defaults.
 */
import axios, { type AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import { createBitrix24Simulator, type Bitrix24Simulator } from '../../../sandbox/bitrix24';
import { PROFILES } from '../../../sandbox/profiles';
import { startReceiver, type Receiver, type ReceivedEvent } from './receiver';

const CONNECTOR = 'chat2desk_modes';
const CLIENT = 'client-7';

let sim: Bitrix24Simulator;
let baseUrl: string;
let api: AxiosInstance;
let control: AxiosInstance;
let receiver: Receiver;

async function call(method: string, params: Record<string, unknown> = {}) {
	return await api.post(`/rest/${method}.json`, params);
}

function clientMessage(messageId: string, text = 'hello') {
	return {
		user: { id: CLIENT, name: 'Ivan Petrov' },
		message: { id: messageId, date: 1773759161, text },
		chat: { id: CLIENT },
	};
}

async function sendMessages(messages: unknown[]) {
	return await call('imconnector.send.messages', { CONNECTOR, LINE: 3, MESSAGES: messages });
}

async function setUpConnector(): Promise<void> {
	const register = await call('imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk (modes)',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/webhook/placement',
	});
	expect(register.data.result).toEqual({ result: true });
	// Line 3 has no CRM: no lead timers in these tests.
	expect((await call('imconnector.activate', { CONNECTOR, LINE: 3, ACTIVE: 1 })).data.result).toBe(
		true,
	);
}

/** Binds the receiver to operator messages, opens the chat and posts `count` operator replies. */
async function operatorReplies(count: number): Promise<number[]> {
	const bound = await call('event.bind', {
		event: 'OnImConnectorMessageAdd',
		handler: receiver.url,
	});
	expect(bound.data).toMatchObject({ result: true });
	expect((await sendMessages([clientMessage('in-1')])).status).toBe(200);
	const ids: number[] = [];
	for (let i = 0; i < count; i++) {
		ids.push(
			sim.operatorReply({ connector: CONNECTOR, line: 3, external_chat_id: CLIENT, text: `r${i}` })
				.message_id,
		);
	}
	return ids;
}

function messageIdOf(event: ReceivedEvent): number {
	return Number(event.form['data[MESSAGES][0][im][message_id]']);
}

async function newReceiver(options?: Parameters<typeof startReceiver>[0]): Promise<void> {
	await receiver.close();
	receiver = await startReceiver(options);
}

beforeAll(async () => {
	sim = createBitrix24Simulator({ eventDelayMs: 2, rateLimit: { enabled: false } });
	baseUrl = await sim.listen(0);
	control = axios.create({ baseURL: `${baseUrl}/_sim`, validateStatus: () => true });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(async () => {
	sim.reset();
	sim.configure({ profile: 'friendly', seed: 1 });
	receiver = await startReceiver();
	const tokens = (await control.post('/tokens', {})).data as { access_token: string };
	api = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${tokens.access_token}` },
	});
	await setUpConnector();
});

afterEach(async () => {
	await receiver.close();
});

describe('stored, then failed', () => {
	it('504: the message is stored AND the caller gets a gateway-timeout page; the retry stores it again', async () => {
		sim.configure({ storedThenFailCount: 1 });
		const first = await sendMessages([clientMessage('x-1')]);
		expect(first.status).toBe(504);
		expect(String(first.headers['content-type'])).toContain('text/html');
		expect(first.data).toContain('504 Gateway Time-out');
		expect(sim.getMessages({ external_message_id: 'x-1' })).toHaveLength(1);
		expect(sim.getStoredThenFailed()).toEqual([
			expect.objectContaining({
				method: 'imconnector.send.messages',
				http_status: 504,
				stored_then_failed: '504',
			}),
		]);
		// The count is used up: a naive retry succeeds and duplicates the message.
		const retry = await sendMessages([clientMessage('x-1')]);
		expect(retry.status).toBe(200);
		expect(sim.getMessages({ external_message_id: 'x-1' })).toHaveLength(2);
	});

	it('500 on crm.lead.update: the field is written, the reply is a Bitrix24 error', async () => {
		const lead = await call('crm.lead.add', { fields: { TITLE: 'Lead' } });
		expect(lead.status).toBe(200);
		sim.configure({ storedThenFailCount: 1, storedThenFailure: '500' });
		const update = await call('crm.lead.update', {
			id: lead.data.result,
			fields: { TITLE: 'Renamed' },
		});
		expect(update.status).toBe(500);
		expect(update.data).toEqual({
			error: 'INTERNAL_SERVER_ERROR',
			error_description: 'Internal server error',
		});
		expect((await call('crm.lead.get', { id: lead.data.result })).data.result.TITLE).toBe(
			'Renamed',
		);
	});

	it('timeout: the socket is held and then dropped; the message is stored', async () => {
		sim.configure({
			storedThenFailCount: 1,
			storedThenFailure: 'timeout',
			storedThenFailHoldMs: 200,
		});
		const started = Date.now();
		await expect(sendMessages([clientMessage('x-2')])).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/),
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(180);
		expect(sim.getMessages({ external_message_id: 'x-2' })).toHaveLength(1);
		expect(sim.getStoredThenFailed()[0]).toMatchObject({
			http_status: 0,
			stored_then_failed: 'timeout',
		});
	});

	it('a rate picks a seeded subset of the matching calls, the same one again after the seed is restated', async () => {
		const run = async (): Promise<number[]> => {
			sim.configure({ storedThenFailRate: 0.5, seed: 11 });
			const statuses: number[] = [];
			for (let i = 0; i < 12; i++)
				statuses.push((await sendMessages([clientMessage(`r-${i}`)])).status);
			return statuses;
		};
		const first = await run();
		expect(first.filter((status) => status === 504).length).toBeGreaterThan(0);
		expect(first.filter((status) => status === 200).length).toBeGreaterThan(0);
		expect(await run()).toEqual(first);
		// Every call was stored, failed or not.
		expect(sim.getMessages({ direction: 'in' })).toHaveLength(24);
	});

	it('only top-level calls of the listed methods: batch sub-commands and other methods are left alone', async () => {
		sim.configure({ storedThenFailCount: 1 });
		const batch = await call('batch', {
			cmd: {
				one: `imconnector.send.messages?CONNECTOR=${CONNECTOR}&LINE=3&MESSAGES[0][user][id]=${CLIENT}&MESSAGES[0][chat][id]=${CLIENT}&MESSAGES[0][message][id]=b-1&MESSAGES[0][message][text]=hi`,
			},
		});
		expect(batch.status).toBe(200);
		expect(batch.data.result.result.one.SUCCESS).toBe(true);
		expect((await call('crm.lead.add', { fields: { TITLE: 'x' } })).status).toBe(200);
		expect(sim.getConfig().storedThenFailCount).toBe(1);
		sim.configure({ storedThenFailMethods: ['crm.lead.add'] });
		expect((await call('crm.lead.add', { fields: { TITLE: 'y' } })).status).toBe(504);
		expect(sim.getLeads().map((lead) => lead.TITLE)).toEqual(['x', 'y']);
	});

	it('friendly: every call answers 200', async () => {
		for (let i = 0; i < 5; i++)
			expect((await sendMessages([clientMessage(`f-${i}`)])).status).toBe(200);
		expect(sim.getStoredThenFailed()).toEqual([]);
	});
});

describe('events', () => {
	it('eventConcurrency 3: three event POSTs open at once at the handler', async () => {
		await newReceiver({ delayMs: () => 150 });
		sim.configure({ eventConcurrency: 3 });
		await operatorReplies(6);
		await receiver.waitFor(6);
		await sim.waitForIdle();
		expect(receiver.maxInFlight()).toBe(3);
	});

	it('friendly: one event POST at a time, in order', async () => {
		await newReceiver({ delayMs: () => 40 });
		const ids = await operatorReplies(4);
		await receiver.waitFor(4);
		await sim.waitForIdle();
		expect(receiver.maxInFlight()).toBe(1);
		expect(receiver.received.map(messageIdOf)).toEqual(ids);
	});

	it('eventShuffleWindowMs: events within the window are posted in a seeded random order', async () => {
		const run = async (): Promise<{ ids: number[]; seen: number[] }> => {
			sim.reset();
			sim.configure({ eventShuffleWindowMs: 100, seed: 5 });
			receiver.clear();
			const tokens = (await control.post('/tokens', {})).data as { access_token: string };
			api.defaults.headers.Authorization = `Bearer ${tokens.access_token}`;
			await setUpConnector();
			const ids = await operatorReplies(8);
			await receiver.waitFor(8);
			await sim.waitForIdle();
			return { ids, seen: receiver.received.map(messageIdOf) };
		};
		const first = await run();
		expect(first.seen.slice().sort((a, b) => a - b)).toEqual(first.ids);
		expect(first.seen).not.toEqual(first.ids);
		const again = await run();
		expect(again.seen.map((id) => id - again.ids[0])).toEqual(
			first.seen.map((id) => id - first.ids[0]),
		);
	});

	it('eventDuplicateRate 1: every event is posted twice, the copy logged with duplicate_of', async () => {
		sim.configure({ eventDuplicateRate: 1, eventDuplicateDelayMs: 50 });
		const ids = await operatorReplies(3);
		await receiver.waitFor(6);
		await sim.waitForIdle();
		const seen = receiver.received.map(messageIdOf);
		for (const id of ids) expect(seen.filter((value) => value === id)).toHaveLength(2);
		const copies = sim
			.getEventDeliveries()
			.filter((delivery) => delivery.duplicate_of !== undefined);
		expect(copies).toHaveLength(3);
		for (const copy of copies) {
			const original = sim
				.getEventDeliveries()
				.find((delivery) => delivery.id === copy.duplicate_of);
			expect(copy.body).toBe(original?.body);
		}
	});

	it('a failed event POST is never retried; the failure is in the log', async () => {
		await newReceiver({ status: 500 });
		sim.configure({ eventConcurrency: 2 });
		await operatorReplies(2);
		await receiver.waitFor(2);
		await sim.waitForIdle();
		await sleep(100);
		expect(receiver.received).toHaveLength(2);
		const failed = (await control.get('/event-deliveries', { params: { status: 'failed' } })).data;
		expect(failed).toHaveLength(2);
		expect(failed[0]).toMatchObject({ http_status: 500, event: 'ONIMCONNECTORMESSAGEADD' });
	});
});

describe('lookups the bridge relies on', () => {
	it('send.messages answers per item; update.messages of an unknown id fails that item only', async () => {
		const sent = await sendMessages([clientMessage('k-1', 'first')]);
		expect(sent.data.result).toMatchObject({
			SUCCESS: true,
			DATA: {
				RESULT: [
					{
						SUCCESS: true,
						message: { id: 'k-1', text: 'first' },
						chat: { id: CLIENT },
						session: { ID: expect.anything(), CHAT_ID: expect.anything() },
					},
				],
			},
		});
		const update = await call('imconnector.update.messages', {
			CONNECTOR,
			LINE: 3,
			MESSAGES: [
				{ user: { id: CLIENT }, message: { id: 'k-1', text: 'edited' }, chat: { id: CLIENT } },
				{ user: { id: CLIENT }, message: { id: 'nope', text: 'x' }, chat: { id: CLIENT } },
			],
		});
		expect(update.status).toBe(200);
		expect(update.data.result.SUCCESS).toBe(false);
		expect(
			update.data.result.DATA.RESULT.map((item: { SUCCESS: boolean }) => item.SUCCESS),
		).toEqual([true, false]);
		expect(update.data.result.DATA.RESULT[1].ERRORS).toEqual(['Message not found']);
		const chatId = sent.data.result.DATA.RESULT[0].session.CHAT_ID;
		const messages = (await control.get(`/chats/${chatId}/messages`)).data;
		expect(messages).toEqual([
			expect.objectContaining({
				text: 'edited',
				external_message_id: 'k-1',
				params: { CONNECTOR_MID: ['k-1'] },
			}),
		]);
		const byExternalId = (
			await control.get('/messages', { params: { external_message_id: 'k-1' } })
		).data;
		expect(byExternalId).toHaveLength(1);
	});
});

describe('profiles and configuration', () => {
	it('hostile turns every mode on, friendly turns them off; bad values are refused', async () => {
		const hostile = (await control.post('/config', { profile: 'hostile' })).data;
		expect(hostile).toMatchObject({ ...PROFILES.hostile.bitrix24, profile: 'hostile' });
		const friendly = (await control.post('/config', { profile: 'friendly' })).data;
		expect(friendly).toMatchObject(PROFILES.friendly.bitrix24);
		expect((await control.post('/config', { profile: 'nasty' })).status).toBe(400);
		expect((await control.post('/config', { storedThenFailure: '502' })).status).toBe(400);
		expect((await control.post('/config', { eventDuplicateRate: 2 })).status).toBe(400);
		expect((await control.post('/config', { eventConcurrency: 0 })).status).toBe(400);
	});

	it('options at creation: a profile with explicit overrides', async () => {
		const other = createBitrix24Simulator({ profile: 'hostile', eventConcurrency: 2 });
		expect(other.config).toMatchObject({
			storedThenFailRate: 0.3,
			eventDuplicateRate: 0.3,
			eventConcurrency: 2,
			profile: 'hostile',
		});
		await other.close();
	});
});
