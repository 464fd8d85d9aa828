/**
 * Bitrix24 simulator — the Open Lines connector round trip as a client built from the reference sees
 * it: register/activate, client messages in (chat by USER_CODE, sessions), dialog.get with the CRM
 * binding that appears after a delay, operator replies posted form-encoded to a bound handler with
 * `auth[application_token]`, delivery statuses enabling edit/delete events, lifecycle events.
 */
import axios, { type AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import { createBitrix24Simulator, type Bitrix24Simulator } from '../../../sandbox/bitrix24';
import { startReceiver, type Receiver, type ReceivedEvent } from './receiver';

const CONNECTOR = 'chat2desk_test';
const APP_TOKEN = 'app-token-xyz';
const CRM_DELAY_MS = 400;

let sim: Bitrix24Simulator;
let baseUrl: string;
let api: AxiosInstance;
let control: AxiosInstance;
let receiver: Receiver;

async function call(method: string, params: Record<string, unknown> = {}) {
	return await api.post(`/rest/${method}.json`, params);
}

function clientMessage(
	clientId: string,
	text: string,
	messageId: string,
	user: Record<string, unknown> = {},
) {
	return {
		user: { id: clientId, name: 'Ivan Petrov', phone: '+79990001122', ...user },
		message: { id: messageId, date: 1773759161, text },
		chat: { id: clientId },
	};
}

async function setUpConnector(lines: number[] = [1]) {
	const register = await call('imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk (test)',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E', COLOR: '#69acc0' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/webhook/placement',
	});
	expect(register.data.result).toEqual({ result: true });
	for (const line of lines) {
		const activate = await call('imconnector.activate', { CONNECTOR, LINE: line, ACTIVE: 1 });
		expect(activate.data.result).toBe(true);
	}
}

async function bind(event: string, handler = receiver.url) {
	const response = await call('event.bind', { event, handler });
	expect(response.data).toMatchObject({ result: true });
}

async function send(line: number, messages: unknown[]) {
	return await call('imconnector.send.messages', { CONNECTOR, LINE: line, MESSAGES: messages });
}

function eventsNamed(name: string): ReceivedEvent[] {
	return receiver.received.filter((event) => event.form.event === name);
}

async function waitForEvent(name: string, count = 1): Promise<ReceivedEvent[]> {
	await receiver.waitFor(
		(list) => list.filter((event) => event.form.event === name).length >= count,
	);
	return eventsNamed(name);
}

beforeAll(async () => {
	sim = createBitrix24Simulator({
		applicationToken: APP_TOKEN,
		crmDelayMs: CRM_DELAY_MS,
		eventDelayMs: 2,
		rateLimit: { enabled: false },
	});
	baseUrl = await sim.listen(0);
	control = axios.create({ baseURL: `${baseUrl}/_sim`, validateStatus: () => true });
	receiver = await startReceiver();
});

afterAll(async () => {
	await sim.close();
	await receiver.close();
});

beforeEach(async () => {
	sim.reset();
	receiver.clear();
	const tokens = (await control.post('/tokens', {})).data as { access_token: string };
	api = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${tokens.access_token}` },
	});
});

describe('imconnector basics', () => {
	it('registers (double-nested result), reports logical errors with HTTP 200, lists and reports status', async () => {
		const dot = await call('imconnector.register', {
			ID: 'bad.id',
			NAME: 'x',
			ICON: { DATA_IMAGE: 'data:image/svg+xml,x' },
			PLACEMENT_HANDLER: 'https://example.com/p',
		});
		expect(dot.status).toBe(200);
		expect(dot.data.result).toMatchObject({
			result: false,
			error: 'APPLICATION_REGISTRATION_ERROR_POINT',
		});

		await setUpConnector([1]);
		expect((await call('imconnector.list')).data.result[CONNECTOR]).toBe('Chat2Desk (test)');
		expect((await call('imconnector.status', { CONNECTOR, LINE: 1 })).data.result).toEqual({
			LINE: 1,
			CONNECTOR,
			ERROR: false,
			CONFIGURED: true,
			STATUS: true,
		});
		expect((await call('imconnector.status', { CONNECTOR, LINE: 2 })).data.result.STATUS).toBe(
			false,
		);

		await call('imconnector.connector.data.set', {
			CONNECTOR,
			LINE: 1,
			DATA: { id: 'c2d-1', name: 'WA' },
		});
		await call('imconnector.connector.data.set', {
			CONNECTOR,
			LINE: 1,
			DATA: { URL: 'https://c2d.example' },
		});
		const connectors = (await control.get('/connectors')).data;
		expect(connectors[0].lines[0].DATA).toEqual({
			ID: 'c2d-1',
			NAME: 'WA',
			URL: 'https://c2d.example',
		});
		expect(connectors[0].flags.NEED_SIGNATURE).toBe('Y');
	});

	it('answers ERROR_ARGUMENT with the argument name and NOT_ACTIVE_LINE for an inactive line', async () => {
		const missing = await call('imconnector.activate', { LINE: 1, ACTIVE: 1 });
		expect(missing.status).toBe(400);
		expect(missing.data).toEqual({
			error: 'ERROR_ARGUMENT',
			error_description: "Argument 'CONNECTOR' is null or empty",
			argument: 'CONNECTOR',
		});
		await setUpConnector([1]);
		const inactive = await send(2, [clientMessage('c-1', 'hi', 'm-1')]);
		expect(inactive.status).toBe(400);
		expect(inactive.data).toEqual({
			error: 'NOT_ACTIVE_LINE',
			error_description: 'The line with this ID is inactive or does not exist',
		});
		const badStructure = await send(1, [{ user: { id: 'x' } }]);
		expect(badStructure.status).toBe(400);
		expect(badStructure.data.error).toBe('ERROR_ARGUMENT');
	});
});

describe('client messages, dialogs and CRM', () => {
	it('creates the chat by USER_CODE, opens a session, and binds a lead after the delay', async () => {
		await setUpConnector([1]);
		await bind('ONCRMLEADADD');
		const first = await send(1, [clientMessage('client-1', 'Hello', 'ext-1')]);
		expect(first.status).toBe(200);
		const item = first.data.result.DATA.RESULT[0];
		expect(first.data.result.SUCCESS).toBe(true);
		expect(item).toMatchObject({
			user: expect.stringMatching(/^\d+$/),
			message: { id: 'ext-1', text: 'Hello', date: {} },
			chat: { id: 'client-1' },
			SUCCESS: true,
			session: { ID: expect.stringMatching(/^\d+$/), CHAT_ID: expect.stringMatching(/^\d+$/) },
		});
		const chatId = item.session.CHAT_ID;

		const before = (await call('imopenlines.dialog.get', { CHAT_ID: chatId })).data.result;
		expect(before).toMatchObject({
			id: Number(chatId),
			type: 'lines',
			entity_type: 'LINES',
			entity_id: `${CONNECTOR}|1|client-1|client-1`,
			entity_data_2: 'LEAD|0|COMPANY|0|CONTACT|0|DEAL|0',
			dialog_id: `chat${chatId}`,
			name: 'Ivan Petrov - Sales',
		});
		expect(sim.getLeads()).toHaveLength(0);

		// a second message in the same session reuses chat and session
		const second = await send(1, [clientMessage('client-1', 'Are you there?', 'ext-2')]);
		expect(second.data.result.DATA.RESULT[0].session).toEqual(item.session);

		const lead = await sim.waitFor(() => sim.getLeads()[0], 2000);
		expect(lead).toMatchObject({
			TITLE: 'Ivan Petrov - Sales',
			NAME: 'Ivan',
			LAST_NAME: 'Petrov',
			SOURCE_ID: `1|${CONNECTOR.toUpperCase()}`,
			STATUS_ID: 'NEW',
			HAS_IMOL: 'Y',
			PHONE: [expect.objectContaining({ VALUE: '+79990001122', TYPE_ID: 'PHONE' })],
			IM: [
				expect.objectContaining({ VALUE: `imol|${CONNECTOR}|1|client-1|client-1`, TYPE_ID: 'IM' }),
			],
		});
		const after = (await call('imopenlines.dialog.get', { DIALOG_ID: `chat${chatId}` })).data
			.result;
		expect(after.entity_data_2).toBe(`LEAD|${lead.ID}|COMPANY|0|CONTACT|0|DEAL|0`);
		expect(after.entity_data_1).toMatch(
			new RegExp(`^Y\\|LEAD\\|${lead.ID}\\|N\\|N\\|${item.session.ID}\\|`),
		);
		for (const params of [
			{ SESSION_ID: item.session.ID },
			{ USER_CODE: `${CONNECTOR}|1|client-1|client-1` },
		]) {
			expect((await call('imopenlines.dialog.get', params)).data.result.id).toBe(Number(chatId));
		}
		expect(sim.getLeads()).toHaveLength(1);

		// the chat's lead through crm.item.list and the =imol filter
		const items = await call('crm.item.list', {
			entityTypeId: 1,
			filter: { '=imol': `imol|${CONNECTOR}|1|client-1|client-1` },
			select: ['id', 'title'],
		});
		expect(items.data.result.items).toEqual([
			{ id: Number(lead.ID), title: 'Ivan Petrov - Sales' },
		]);
		const chats = await call('imopenlines.crm.chat.get', {
			CRM_ENTITY_TYPE: 'lead',
			CRM_ENTITY: lead.ID,
		});
		expect(chats.data.result).toEqual([
			{ CHAT_ID: chatId, CONNECTOR_ID: CONNECTOR, CONNECTOR_TITLE: 'Chat2Desk (test)' },
		]);

		const [leadAdd] = await waitForEvent('ONCRMLEADADD');
		expect(leadAdd.form['data[FIELDS][ID]']).toBe(lead.ID);
		expect(leadAdd.form['auth[application_token]']).toBe(APP_TOKEN);

		const stored = (
			await control.get('/messages', {
				params: { connector: CONNECTOR, external_chat_id: 'client-1' },
			})
		).data;
		expect(
			stored.map((m: { external_message_id: string; text: string; direction: string }) => [
				m.direction,
				m.external_message_id,
				m.text,
			]),
		).toEqual([
			['in', 'ext-1', 'Hello'],
			['in', 'ext-2', 'Are you there?'],
		]);
		expect(stored[0].user).toMatchObject({ id: 'client-1', phone: '+79990001122' });
	});

	it('creates contact + deal in the line pipeline on a deal line, and nothing on a line without CRM', async () => {
		await setUpConnector([2, 3]);
		const deal = await send(2, [
			clientMessage('client-2', 'Need support', 'e-1', { name: 'Olga', last_name: 'Smirnova' }),
		]);
		const noCrm = await send(3, [clientMessage('client-3', 'No CRM please', 'e-2')]);
		const dealChat = deal.data.result.DATA.RESULT[0].session.CHAT_ID;
		const noCrmChat = noCrm.data.result.DATA.RESULT[0].session.CHAT_ID;
		await sim.waitFor(() => sim.getDeals().length > 0, 2000);
		await sim.waitForIdle();
		const [created] = sim.getDeals();
		const contact = sim.getContacts()[0];
		expect(created).toMatchObject({
			TITLE: 'Olga Smirnova - Support',
			CATEGORY_ID: '0',
			CONTACT_ID: contact.ID,
		});
		expect(contact).toMatchObject({ NAME: 'Olga', LAST_NAME: 'Smirnova' });
		const dialog = (await call('imopenlines.dialog.get', { CHAT_ID: dealChat })).data.result;
		expect(dialog.entity_data_2).toBe(`LEAD|0|COMPANY|0|CONTACT|${contact.ID}|DEAL|${created.ID}`);
		const plain = (await call('imopenlines.dialog.get', { CHAT_ID: noCrmChat })).data.result;
		expect(plain.entity_data_2).toBe('LEAD|0|COMPANY|0|CONTACT|0|DEAL|0');
		expect(sim.getLeads()).toHaveLength(0);
		expect(sim.getDeals()).toHaveLength(1);
	});

	it('updates and deletes client messages by external id, records reading statuses', async () => {
		await setUpConnector([1]);
		await send(1, [clientMessage('client-4', 'tpyo', 'x-1')]);
		const update = await call('imconnector.update.messages', {
			CONNECTOR,
			LINE: 1,
			MESSAGES: [
				{
					user: { id: 'client-4' },
					message: { id: 'x-1', text: 'typo' },
					chat: { id: 'client-4' },
				},
			],
		});
		expect(update.data.result.DATA.RESULT[0].SUCCESS).toBe(true);
		const remove = await call('imconnector.delete.messages', {
			CONNECTOR,
			LINE: 1,
			MESSAGES: [{ user: { id: 'client-4' }, message: { id: 'x-1' }, chat: { id: 'client-4' } }],
		});
		expect(remove.data.result).toEqual({
			SUCCESS: true,
			DATA: {
				RESULT: [
					{
						user: expect.any(String),
						message: { id: 'x-1' },
						chat: { id: 'client-4' },
						SUCCESS: true,
					},
				],
			},
		});
		const [message] = sim.getMessages({ external_chat_id: 'client-4' });
		expect(message).toMatchObject({ text: 'typo', deleted: true });
		const reading = await call('imconnector.send.status.reading', {
			CONNECTOR,
			LINE: 1,
			MESSAGES: [
				{ im: { chat_id: message.chat_id, message_id: message.id }, chat: { id: 'client-4' } },
			],
		});
		expect(reading.data.result).toEqual({ SUCCESS: true, DATA: [] });
		expect(sim.getDeliveryStatuses({ type: 'reading' })).toHaveLength(1);
		await sim.waitForIdle();
	});
});

describe('events', () => {
	it('validates event.bind and supports get/unbind', async () => {
		const localhost = await call('event.bind', {
			event: 'OnImConnectorMessageAdd',
			handler: 'http://localhost:5678/webhook/x',
		});
		expect(localhost.status).toBe(400);
		expect(localhost.data).toEqual({
			error: 'ERROR_WRONG_HANDLER_URL',
			error_description: 'Wrong handler URL',
		});
		const unknown = await call('event.bind', { event: 'OnSomethingElse', handler: receiver.url });
		expect(unknown.status).toBe(400);
		expect(unknown.data.error).toBe('ERROR_EVENT_NOT_FOUND');
		await bind('OnImConnectorMessageAdd');
		const duplicate = await call('event.bind', {
			event: 'ONIMCONNECTORMESSAGEADD',
			handler: receiver.url,
		});
		expect(duplicate.status).toBe(400);
		expect(duplicate.data).toEqual({
			error: 'ERROR_CORE',
			error_description: 'Unable to set event handler: Handler already binded',
		});
		await bind('OnImConnectorMessageUpdate');
		expect((await call('event.get')).data.result).toEqual([
			{ event: 'ONIMCONNECTORMESSAGEADD', handler: receiver.url, auth_type: '0', offline: 0 },
			{ event: 'ONIMCONNECTORMESSAGEUPDATE', handler: receiver.url, auth_type: '0', offline: 0 },
		]);
		const unbind = await call('event.unbind', {
			event: 'OnImConnectorMessageAdd',
			handler: receiver.url,
		});
		expect(unbind.data.result).toEqual({ count: 1 });
		expect(
			(await call('event.unbind', { event: 'OnImConnectorMessageAdd', handler: receiver.url })).data
				.result,
		).toEqual({ count: 0 });
	});

	it('posts an operator reply form-encoded with bracket keys, signature and application_token', async () => {
		await setUpConnector([1]);
		await bind('OnImConnectorMessageAdd');
		const sent = await send(1, [clientMessage('client-5', 'Hi', 'in-1')]);
		const chatId = sent.data.result.DATA.RESULT[0].session.CHAT_ID;

		const reply = await control.post('/operator/reply', {
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-5',
			text: 'Good afternoon!',
			operator: { name: 'Klaus Weber' },
		});
		expect(reply.status).toBe(200);
		expect(reply.data.text).toBe('[b]Klaus Weber:[/b][br] Good afternoon!');

		const [event] = await waitForEvent('ONIMCONNECTORMESSAGEADD');
		expect(event.method).toBe('POST');
		expect(event.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(event.raw).toContain('data%5BMESSAGES%5D%5B0%5D%5Bim%5D%5Bchat_id%5D=');
		const host = new URL(baseUrl).host;
		expect(event.form).toEqual({
			event: 'ONIMCONNECTORMESSAGEADD',
			event_handler_id: expect.stringMatching(/^\d+$/),
			'data[CONNECTOR]': CONNECTOR,
			'data[LINE]': '1',
			'data[MESSAGES][0][im][chat_id]': chatId,
			'data[MESSAGES][0][im][message_id]': String(reply.data.message_id),
			'data[MESSAGES][0][message][user_id]': '2',
			'data[MESSAGES][0][message][text]': '[b]Klaus Weber:[/b][br] Good afternoon!',
			'data[MESSAGES][0][chat][id]': 'client-5',
			ts: expect.stringMatching(/^\d{10}$/),
			'auth[access_token]': expect.stringMatching(/^[0-9a-f]{64}$/),
			'auth[expires]': expect.stringMatching(/^\d{10}$/),
			'auth[expires_in]': '3600',
			'auth[scope]': expect.stringContaining('imopenlines'),
			'auth[domain]': host,
			'auth[server_endpoint]': `${baseUrl}/rest/`,
			'auth[status]': 'L',
			'auth[client_endpoint]': `${baseUrl}/rest/`,
			'auth[member_id]': expect.stringMatching(/^[0-9a-f]{32}$/),
			'auth[user_id]': '2',
			'auth[application_token]': APP_TOKEN,
		});
		// the event's token is a working access token
		const profile = await axios.get(`${baseUrl}/rest/profile`, {
			params: { auth: event.form['auth[access_token]'] },
		});
		expect(profile.data.result.ID).toBe('2');
	});

	it('sends file items with a downloadable link and omits the signature when NEED_SIGNATURE is off', async () => {
		await call('imconnector.register', {
			ID: CONNECTOR,
			NAME: 'Chat2Desk (test)',
			ICON: { DATA_IMAGE: 'data:image/svg+xml,x' },
			PLACEMENT_HANDLER: 'https://n8n.example.com/p',
			NEED_SIGNATURE: 'N',
		});
		await call('imconnector.activate', { CONNECTOR, LINE: 1, ACTIVE: 1 });
		await bind('OnImConnectorMessageAdd');
		await send(1, [clientMessage('client-6', 'Send me the invoice', 'in-2')]);
		sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-6',
			text: 'Here it is',
			files: [{ name: 'invoice.pdf', content: 'PDF-CONTENT' }],
		});
		const [event] = await waitForEvent('ONIMCONNECTORMESSAGEADD');
		expect(event.form['data[MESSAGES][0][message][text]']).toBe('Here it is');
		expect(event.form['data[MESSAGES][0][message][files][0][name]']).toBe('invoice.pdf');
		expect(event.form['data[MESSAGES][0][message][files][0][type]']).toBe('file');
		expect(event.form['data[MESSAGES][0][message][files][0][size]']).toBe('11');
		const link = event.form['data[MESSAGES][0][message][files][0][link]'] as string;
		const file = await axios.get(link, { responseType: 'text' });
		expect(file.data).toBe('PDF-CONTENT');
	});

	it('fires update/delete events only after the delivery status set CONNECTOR_MID', async () => {
		await setUpConnector([1]);
		await bind('OnImConnectorMessageAdd');
		await bind('OnImConnectorMessageUpdate');
		await bind('OnImConnectorMessageDelete');
		await send(1, [clientMessage('client-7', 'Hi', 'in-3')]);
		const first = sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-7',
			text: 'one',
		});
		const second = sim.operatorReply({
			connector: CONNECTOR,
			line: 1,
			external_chat_id: 'client-7',
			text: 'two',
		});
		const adds = await waitForEvent('ONIMCONNECTORMESSAGEADD', 2);
		expect(adds.map((event) => event.form['data[MESSAGES][0][message][text]'])).toEqual([
			'[b]Klaus Weber:[/b][br] one',
			'[b]Klaus Weber:[/b][br] two',
		]);

		// without a delivery status: no event
		expect(
			sim.operatorEdit({ message_id: second.message_id, text: 'two (edited)' }).event_fired,
		).toBe(false);

		const delivery = await call('imconnector.send.status.delivery', {
			CONNECTOR,
			LINE: 1,
			MESSAGES: [
				{
					im: { chat_id: first.chat_id, message_id: first.message_id },
					message: { id: ['c2d-out-1'], date: 1773759200 },
					chat: { id: 'client-7' },
				},
			],
		});
		expect(delivery.data.result).toEqual({ SUCCESS: true, DATA: [] });
		const outgoing = sim.getMessages({ external_chat_id: 'client-7', direction: 'out' });
		expect(outgoing[0].params).toMatchObject({ CONNECTOR_MID: ['c2d-out-1'], SENDING: 'N' });
		expect(outgoing[1].params).toMatchObject({ SENDING: 'Y' });
		expect((await control.get('/delivery-statuses')).data).toEqual([
			expect.objectContaining({
				type: 'delivery',
				connector: CONNECTOR,
				message_id: String(first.message_id),
				external_ids: ['c2d-out-1'],
				found: true,
			}),
		]);

		const edit = await control.post('/operator/edit', {
			message_id: first.message_id,
			text: 'one (edited)',
		});
		expect(edit.data.event_fired).toBe(true);
		const [update] = await waitForEvent('ONIMCONNECTORMESSAGEUPDATE');
		expect(update.form).toMatchObject({
			'data[MESSAGES][0][im][message_id]': String(first.message_id),
			'data[MESSAGES][0][message][id][0]': 'c2d-out-1',
			'data[MESSAGES][0][message][text]': '[b]Klaus Weber:[/b][br] one (edited)',
			'data[MESSAGES][0][chat][id]': 'client-7',
		});
		expect(
			(await control.post('/operator/delete', { message_id: second.message_id })).data.event_fired,
		).toBe(false);
		expect(
			(await control.post('/operator/delete', { message_id: first.message_id })).data.event_fired,
		).toBe(true);
		const [remove] = await waitForEvent('ONIMCONNECTORMESSAGEDELETE');
		expect(remove.form).toMatchObject({
			'data[MESSAGES][0][message][id]': 'c2d-out-1',
			'data[MESSAGES][0][im][chat_id]': String(first.chat_id),
		});
		await sim.waitForIdle();
		expect(eventsNamed('ONIMCONNECTORMESSAGEUPDATE')).toHaveLength(1);
		expect(eventsNamed('ONIMCONNECTORMESSAGEDELETE')).toHaveLength(1);
	});

	it('delivers dialog start/finish, status delete and line delete events', async () => {
		await setUpConnector([1, 2]);
		for (const event of [
			'OnImConnectorDialogStart',
			'OnImConnectorDialogFinish',
			'OnImConnectorStatusDelete',
			'OnImConnectorLineDelete',
		]) {
			await bind(event);
		}
		const sent = await send(1, [clientMessage('client-8', 'Hi', 'in-4')]);
		const { ID: sessionId, CHAT_ID: chatId } = sent.data.result.DATA.RESULT[0].session;
		const [start] = await waitForEvent('ONIMCONNECTORDIALOGSTART');
		expect(start.form).toMatchObject({
			'data[CONNECTOR]': CONNECTOR,
			'data[LINE]': '1',
			'data[DATA][0][connector][connector_id]': CONNECTOR,
			'data[DATA][0][connector][chat_id]': 'client-8',
			'data[DATA][0][session][id]': sessionId,
			'data[DATA][0][session][closed]': 'N',
			'data[DATA][0][chat][id]': 'client-8',
		});

		expect((await control.post('/operator/finish', { chat_id: chatId })).data.session_id).toBe(
			Number(sessionId),
		);
		const [finish] = await waitForEvent('ONIMCONNECTORDIALOGFINISH');
		expect(finish.form['data[DATA][0][session][closed]']).toBe('Y');
		const next = await send(1, [clientMessage('client-8', 'Me again', 'in-5')]);
		expect(next.data.result.DATA.RESULT[0].session.ID).not.toBe(sessionId);
		expect(next.data.result.DATA.RESULT[0].session.CHAT_ID).toBe(chatId);
		const starts = await waitForEvent('ONIMCONNECTORDIALOGSTART', 2);
		expect(starts[1].form['data[DATA][0][session][parent_id]']).toBe(sessionId);

		await call('imconnector.activate', { CONNECTOR, LINE: 1, ACTIVE: 0 });
		const [statusDelete] = await waitForEvent('ONIMCONNECTORSTATUSDELETE');
		expect(statusDelete.form).toMatchObject({ 'data[connector]': CONNECTOR, 'data[line]': '1' });
		expect((await send(1, [clientMessage('client-8', 'x', 'in-6')])).data.error).toBe(
			'NOT_ACTIVE_LINE',
		);

		expect((await control.post('/lines/2/delete', {})).status).toBe(200);
		const [lineDelete] = await waitForEvent('ONIMCONNECTORLINEDELETE');
		expect(lineDelete.form.data).toBe('2');
		expect(eventsNamed('ONIMCONNECTORSTATUSDELETE')).toHaveLength(2);
		const lines = (await call('imopenlines.config.list.get')).data.result;
		expect(lines.map((line: { ID: string }) => line.ID)).toEqual(['1', '3']);
		await sleep(5);
		expect(sim.getEventDeliveries().every((delivery) => delivery.status === 'delivered')).toBe(
			true,
		);
	});

	it('posts ONAPPINSTALL with tokens and application_token to the install handler', async () => {
		const install = await control.post('/app/install', { handler: receiver.url });
		expect(install.status).toBe(200);
		expect(install.data.delivered).toBe(true);
		const [event] = eventsNamed('ONAPPINSTALL');
		expect(event.form).toMatchObject({
			event: 'ONAPPINSTALL',
			'data[VERSION]': '1',
			'data[INSTALLED]': 'Y',
			'auth[application_token]': APP_TOKEN,
			'auth[refresh_token]': expect.stringMatching(/^[0-9a-f]{64}$/),
			'auth[client_endpoint]': `${baseUrl}/rest/`,
		});
	});
});

describe('open lines configuration', () => {
	it('lists the seeded lines with CRM settings and queue', async () => {
		const response = await call('imopenlines.config.list.get', {
			PARAMS: {
				select: ['ID', 'LINE_NAME', 'CRM', 'CRM_CREATE', 'CRM_CREATE_SECOND', 'OPERATOR_DATA'],
			},
			OPTIONS: { QUEUE: 'Y' },
		});
		expect(
			response.data.result.map((line: Record<string, unknown>) => [
				line.ID,
				line.LINE_NAME,
				line.CRM,
				line.CRM_CREATE,
				line.CRM_CREATE_SECOND,
				line.OPERATOR_DATA,
				line.QUEUE,
			]),
		).toEqual([
			['1', 'Sales', 'Y', 'lead', '', 'profile', ['2']],
			['2', 'Support', 'Y', 'deal', '0', 'profile', ['2']],
			['3', 'No CRM', 'N', 'none', '', 'profile', ['2']],
		]);
		const one = await call('imopenlines.config.get', { CONFIG_ID: 2 });
		expect(one.data.result).toMatchObject({ ID: '2', LINE_NAME: 'Support', ACTIVE: 'Y' });
	});
});
