/**
 * The Chat2Desk simulator's `/v1` API, checked against the API reference (transport facts,
 * envelope, pagination, error shapes, rate limits) with a plain HTTP client.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import { createChat2DeskSimulator, type Chat2DeskSimulator } from '../../../sandbox/chat2desk';

const TOKEN = 'test-token-1';

let sim: Chat2DeskSimulator;
let baseUrl: string;
let api: AxiosInstance;

function client(headers: Record<string, string> = { Authorization: TOKEN }): AxiosInstance {
	return axios.create({ baseURL: baseUrl, headers, validateStatus: () => true });
}

beforeAll(async () => {
	sim = createChat2DeskSimulator({ token: TOKEN, requestsPerSecond: 0, sendRatePerSecond: 0 });
	baseUrl = await sim.listen(0);
	api = client();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
	sim.configure({ requestsPerSecond: 0, sendRatePerSecond: 0 });
});

describe('authentication', () => {
	it('accepts the raw token and an optional Bearer prefix', async () => {
		expect((await client({ Authorization: TOKEN }).get('/v1/channels')).status).toBe(200);
		expect((await client({ Authorization: `Bearer ${TOKEN}` }).get('/v1/channels')).status).toBe(
			200,
		);
	});

	it('answers 403 "Token is not correct" for a missing or wrong token', async () => {
		const variants: Array<Record<string, string>> = [
			{},
			{ Authorization: 'wrong' },
			{ Authorization: `${TOKEN}x` },
		];
		for (const headers of variants) {
			const res = await client(headers).get('/v1/clients');
			expect(res.status).toBe(403);
			expect(res.data).toEqual({ status: 'error', message: 'Token is not correct' });
		}
		const log = sim.requestsLog({ path: '/v1/clients' });
		expect(log.map((e) => e.status)).toEqual([403, 403, 403]);
	});

	it('uses the configured failure status', async () => {
		sim.configure({ authFailureStatus: 401 });
		const res = await client({}).get('/v1/clients');
		expect(res.status).toBe(401);
		expect(res.data.message).toBe('Token is not correct');
	});
});

describe('envelope and pagination', () => {
	it('wraps lists in {status, data, meta:{total, limit, offset}} with limit 20 by default', async () => {
		const res = await api.get('/v1/channels');
		expect(res.status).toBe(200);
		expect(res.data.status).toBe('success');
		expect(res.data.meta).toEqual({ total: 3, limit: 20, offset: 0 });
		expect(res.data.data[0]).toEqual({
			id: 1,
			name: 'WhatsApp',
			phone: '+7 900 000-00-01',
			transports: ['whatsapp'],
		});
	});

	it('applies limit/offset on ordinary lists and clamps limit to 200', async () => {
		const page = await api.get('/v1/tags', { params: { limit: 2, offset: 1 } });
		expect(page.data.data.map((t: { id: number }) => t.id)).toEqual([2, 3]);
		expect(page.data.meta).toEqual({ total: 4, limit: 2, offset: 1 });
		const big = await api.get('/v1/tags', { params: { limit: 5000 } });
		expect(big.data.meta.limit).toBe(200);
	});

	it('pages messages with an inclusive start_id and ignores offset', async () => {
		const first = sim.clientWrites({ phone: '79001110001', text: 'm1' });
		for (let i = 2; i <= 5; i++) sim.clientWrites({ client_id: first.client_id, text: `m${i}` });
		const ids = sim.messages({ client_id: first.client_id }).map((m) => m.id as number);
		expect(ids).toHaveLength(5);

		const page1 = await api.get('/v1/messages', {
			params: { client_id: first.client_id, limit: 2 },
		});
		expect(page1.data.data.map((m: { id: number }) => m.id)).toEqual(ids.slice(0, 2));

		const withOffset = await api.get('/v1/messages', {
			params: { client_id: first.client_id, limit: 2, offset: 2 },
		});
		expect(withOffset.data.data.map((m: { id: number }) => m.id)).toEqual(ids.slice(0, 2));

		const fromSecond = await api.get('/v1/messages', {
			params: { client_id: first.client_id, limit: 2, start_id: ids[1] },
		});
		expect(fromSecond.data.data.map((m: { id: number }) => m.id)).toEqual([ids[1], ids[2]]);

		const desc = await api.get('/v1/messages', {
			params: { client_id: first.client_id, order: 'desc' },
		});
		expect(desc.data.data.map((m: { id: number }) => m.id)).toEqual(ids.slice().reverse());

		const clamped = await api.get('/v1/messages', { params: { limit: 1000 } });
		expect(clamped.data.meta.limit).toBe(200);
	});

	it('returns message objects with created like "2026-07-17T10:45:31 UTC" and filters by type', async () => {
		const w = sim.clientWrites({
			phone: '79001110002',
			text: 'hello',
			attachments: [{ name: 'a.jpg', link: 'https://files.example/a.jpg' }],
		});
		const res = await api.get('/v1/messages', {
			params: { type: 'from_client', client_id: w.client_id },
		});
		expect(res.data.data).toHaveLength(1);
		const message = res.data.data[0];
		expect(message.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} UTC$/);
		expect(message).toMatchObject({
			id: w.message_id,
			text: 'hello',
			type: 'from_client',
			transport: 'whatsapp',
			client_id: w.client_id,
			dialog_id: w.dialog_id,
			request_id: w.request_id,
			channel_id: 1,
			attachments: [{ name: 'a.jpg', link: 'https://files.example/a.jpg' }],
		});
		const none = await api.get('/v1/messages', {
			params: { type: 'to_client', client_id: w.client_id },
		});
		expect(none.data.data).toEqual([]);
		expect(none.data.meta.total).toBe(0);
	});
});

describe('parameters', () => {
	it('merges query string, form and JSON parameters', async () => {
		const w = sim.clientWrites({ phone: '79001110003', text: 'hi' });
		const form = await api.post('/v1/messages', `client_id=${w.client_id}&text=From+a+form`, {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(form.status).toBe(200);
		const query = await api.post('/v1/messages', null, {
			params: { client_id: w.client_id, text: 'From the query' },
		});
		expect(query.status).toBe(200);
		const mixed = await api.post('/v1/messages?text=query-loses', {
			client_id: w.client_id,
			text: 'json-wins',
		});
		expect(mixed.status).toBe(200);
		const texts = sim.messages({ client_id: w.client_id, type: 'to_client' }).map((m) => m.text);
		expect(texts).toEqual(['From a form', 'From the query', 'json-wins']);
	});
});

describe('clients', () => {
	it('creates a client and reports a duplicate as 400 with the existing id', async () => {
		const created = await api.post('/v1/clients', {
			phone: '+7 (900) 555-00-11',
			transport: 'whatsapp',
			channel_id: 1,
			nickname: 'Ivan',
		});
		expect(created.status).toBe(200);
		expect(created.data.data).toMatchObject({ phone: '79005550011', assigned_name: 'Ivan' });
		const id = created.data.data.id;

		const duplicate = await api.post('/v1/clients', {
			phone: '79005550011',
			transport: 'whatsapp',
		});
		expect(duplicate.status).toBe(400);
		expect(duplicate.data).toEqual({
			status: 'error',
			message: 'Client already exist',
			errors: { client: ['Client already exist', `{"id":${id}}`] },
		});
		expect(JSON.parse(duplicate.data.errors.client[1])).toEqual({ id });
	});

	it('finds clients by phone and by tags', async () => {
		const a = sim.clientWrites({ phone: '79001234567', text: 'a' });
		const b = sim.clientWrites({ phone: '79007654321', text: 'b' });
		sim.assignTag({ tag_id: 3, client_id: b.client_id });
		const byPhone = await api.get('/v1/clients', { params: { phone: '+7 900 123-45-67' } });
		expect(byPhone.data.data.map((c: { id: number }) => c.id)).toEqual([a.client_id]);
		const byTag = await api.get('/v1/clients', { params: { tags: '3,4' } });
		expect(byTag.data.data.map((c: { id: number }) => c.id)).toEqual([b.client_id]);
		expect(byTag.data.data[0].tags).toEqual([
			expect.objectContaining({ id: 3, group_id: 2, group_name: 'Status', label: 'VIP' }),
		]);
	});

	it('updates nickname, comments, external id and custom fields', async () => {
		const w = sim.clientWrites({ phone: '79001110004', text: 'hi' });
		const res = await api.put(`/v1/clients/${w.client_id}`, {
			nickname: 'Peter (VIP)',
			comment: 'called twice',
			extra_comment_2: 'second',
			external_id: 'crm-42',
			custom_fields: { 1: 'Moscow', 3: 'C-7' },
		});
		expect(res.status).toBe(200);
		const got = await api.get(`/v1/clients/${w.client_id}`);
		expect(got.data.data).toMatchObject({
			id: w.client_id,
			assigned_name: 'Peter (VIP)',
			comment: 'called twice',
			extra_comment_2: 'second',
			external_id: 'crm-42',
			custom_fields: { '1': 'Moscow', '3': 'C-7' },
			channels: [{ id: 1, transports: ['whatsapp'] }],
		});
		const bad = await api.put(`/v1/clients/${w.client_id}`, { custom_fields: { 99: 'x' } });
		expect(bad.status).toBe(400);
		expect(bad.data.errors.custom_fields).toEqual(['Custom field 99 does not exist']);
	});

	it('answers 404 not_found for unknown ids', async () => {
		const res = await api.get('/v1/clients/424242');
		expect(res.status).toBe(404);
		expect(res.data).toEqual({ status: 'error', message: 'not_found', errors: 'Client not found' });
		expect((await api.get('/v1/dialogs/1')).data.message).toBe('not_found');
	});

	it('lists transports, dialogs, questions and the last question of a client', async () => {
		const w = sim.clientWrites({ phone: '79001110005', text: 'hi', channel_id: 2 });
		const transport = await api.get(`/v1/clients/${w.client_id}/transport`);
		expect(transport.data.data).toEqual([{ channel_id: 2, transports: ['telegram'] }]);
		const dialogs = await api.get(`/v1/clients/${w.client_id}/dialogs`);
		expect(dialogs.data.data.map((d: { id: number }) => d.id)).toEqual([w.dialog_id]);
		sim.closeDialog(w.dialog_id);
		const second = sim.clientWrites({ client_id: w.client_id, text: 'again' });
		const questions = await api.get(`/v1/clients/${w.client_id}/questions`);
		expect(questions.data.data.map((r: { id: number }) => r.id)).toEqual([
			w.request_id,
			second.request_id,
		]);
		const last = await api.get(`/v1/clients/${w.client_id}/last_question`);
		expect(last.data.data).toMatchObject({ id: second.request_id, status: 'open' });
	});
});

describe('messages', () => {
	it('sends a message and returns the ids of the conversation', async () => {
		const w = sim.clientWrites({ phone: '79001110006', text: 'hi' });
		const res = await api.post('/v1/messages', {
			client_id: w.client_id,
			text: 'Hello!',
			external_id: 'ext-1',
		});
		expect(res.status).toBe(200);
		expect(res.data.data).toEqual({
			message_id: expect.any(Number),
			channel_id: 1,
			operator_id: null,
			transport: 'whatsapp',
			type: 'to_client',
			client_id: w.client_id,
			dialog_id: w.dialog_id,
			request_id: w.request_id,
		});
		const one = await api.get(`/v1/messages/${res.data.data.message_id}`);
		expect(one.data.data).toMatchObject({
			text: 'Hello!',
			type: 'to_client',
			external_id: 'ext-1',
		});
	});

	it('requires text or an attachment and an existing client', async () => {
		const w = sim.clientWrites({ phone: '79001110007', text: 'hi' });
		const empty = await api.post('/v1/messages', { client_id: w.client_id });
		expect(empty.status).toBe(400);
		expect(empty.data.status).toBe('error');
		expect(Object.keys(empty.data.errors)).toEqual(['text']);
		const file = await api.post('/v1/messages', {
			client_id: w.client_id,
			attachment: 'https://files.example/doc.pdf',
			attachment_filename: 'Invoice.pdf',
		});
		expect(file.status).toBe(200);
		const sent = await api.get(`/v1/messages/${file.data.data.message_id}`);
		expect(sent.data.data.attachments).toEqual([
			{ name: 'Invoice.pdf', link: 'https://files.example/doc.pdf' },
		]);
		const unknown = await api.post('/v1/messages', { client_id: 999999, text: 'x' });
		expect(unknown.status).toBe(400);
		expect(unknown.data.errors.client_id).toBeDefined();
	});

	it('marks messages read/unread and transfers the dialog to an operator', async () => {
		const w = sim.clientWrites({ phone: '79001110008', text: 'hi' });
		expect((await api.get(`/v1/messages/${w.message_id}/read`)).data.data.read).toBe(1);
		expect((await api.get(`/v1/messages/${w.message_id}/unread`)).data.data.read).toBe(0);
		const transfer = await api.get(`/v1/messages/${w.message_id}/transfer`, {
			params: { operator_id: 3 },
		});
		expect(transfer.status).toBe(200);
		expect((await api.get(`/v1/dialogs/${w.dialog_id}`)).data.data.operator_id).toBe(3);
	});

	it('injects an incoming message with /v1/messages/inbox', async () => {
		const res = await api.post('/v1/messages/inbox', {
			channel_id: 1,
			body: 'from outside',
			from_client: { phone: '79001110009', nickname: 'Outsider' },
		});
		expect(res.status).toBe(200);
		const msg = await api.get(`/v1/messages/${res.data.data.message_id}`);
		expect(msg.data.data).toMatchObject({
			type: 'from_client',
			text: 'from outside',
			transport: 'external',
		});
	});
});

describe('dialogs and requests', () => {
	it('returns a dialog with last_message and last_request_id and updates operator and state', async () => {
		const w = sim.clientWrites({ phone: '79001110010', text: 'hi' });
		const dialog = await api.get(`/v1/dialogs/${w.dialog_id}`);
		expect(dialog.data.data).toMatchObject({
			id: w.dialog_id,
			state: 'open',
			operator_id: null,
			last_request_id: w.request_id,
			messages: 1,
			last_message: expect.objectContaining({ id: w.message_id, client_id: w.client_id }),
		});
		const put = await api.put(`/v1/dialogs/${w.dialog_id}`, { operator_id: 2 });
		expect(put.data.data.operator_id).toBe(2);
		const closed = await api.put(`/v1/dialogs/${w.dialog_id}`, { state: 'closed' });
		expect(closed.data.data.state).toBe('closed');
		const again = await api.put(`/v1/dialogs/${w.dialog_id}`, { state: 'closed' });
		expect(again.status).toBe(400);
		expect(again.data.message).toContain('already has state');
		const open = await api.get('/v1/dialogs', { params: { state: 'open' } });
		expect(open.data.data).toEqual([]);
	});

	it('returns a request with dialog_id, client_id and its tags, and its messages as a bare array', async () => {
		const w = sim.clientWrites({ phone: '79001110011', text: 'question' });
		await api.post('/v1/messages', { client_id: w.client_id, text: 'answer' });
		await api.post('/v1/tags/assign_to', {
			tag_ids: [1],
			assignee_type: 'request',
			assignee_id: w.request_id,
		});
		const request = await api.get(`/v1/requests/${w.request_id}`);
		expect(request.data.data).toMatchObject({
			id: w.request_id,
			dialog_id: w.dialog_id,
			client_id: w.client_id,
			tags: [expect.objectContaining({ id: 1, label: 'Sales' })],
		});
		const messages = await api.get(`/v1/requests/${w.request_id}/messages`);
		expect(Array.isArray(messages.data)).toBe(true);
		expect(messages.data).toHaveLength(2);
		expect(messages.data[0]).toMatchObject({
			id: w.message_id,
			type: 'in',
			clientID: w.client_id,
			dialogID: w.dialog_id,
			channelID: 1,
		});
		expect(messages.data[1].type).toBe('out');
		expect(Number.isInteger(messages.data[0].created)).toBe(true);
	});

	it('closes the current request; the next client message opens a new one', async () => {
		const w = sim.clientWrites({ phone: '79001110012', text: 'one' });
		const closed = await api.put('/v1/requests/close', { request_id: w.request_id });
		expect(closed.status).toBe(200);
		expect((await api.get(`/v1/requests/${w.request_id}`)).data.data.status).toBe('closed');
		const next = sim.clientWrites({ client_id: w.client_id, text: 'two' });
		expect(next.request_id).not.toBe(w.request_id);
		expect(next.is_new_request).toBe(true);
		expect(next.dialog_id).toBe(w.dialog_id);
	});
});

describe('tags', () => {
	it('creates tags, lists groups, and validates assign/remove', async () => {
		const created = await api.post('/v1/tags', { tag_group_id: 1, tag_label: 'Partners' });
		expect(created.data.data).toMatchObject({
			id: 5,
			group_id: 1,
			group_name: 'Routing',
			label: 'Partners',
		});
		const groups = await api.get('/v1/tag_groups');
		expect(groups.data.data.map((g: { name: string }) => g.name)).toEqual(['Routing', 'Status']);

		const w = sim.clientWrites({ phone: '79001110013', text: 'hi' });
		const missing = await api.post('/v1/tags/assign_to', {
			tag_ids: [77],
			assignee_type: 'client',
			assignee_id: w.client_id,
		});
		expect(missing.status).toBe(400);
		expect(JSON.stringify(missing.data)).toContain('tag does not exist');

		const notAssigned = await api.delete('/v1/tags/3/delete_from', {
			data: { client_id: w.client_id },
		});
		expect(notAssigned.status).toBe(400);
		expect(notAssigned.data.message).toContain('client does not belong');

		await api.post('/v1/tags/assign_to', {
			tag_ids: [3, 4],
			assignee_type: 'client',
			assignee_id: w.client_id,
		});
		const removed = await api.delete('/v1/tags/3/delete_from', {
			params: { client_id: w.client_id },
		});
		expect(removed.status).toBe(200);
		const clientNow = await api.get(`/v1/clients/${w.client_id}`);
		expect(clientNow.data.data.tags.map((t: { id: number }) => t.id)).toEqual([4]);
	});
});

describe('reference data', () => {
	it('serves operators, groups, transports, custom fields (status "ok") and api_info', async () => {
		const operators = await api.get('/v1/operators');
		expect(operators.data.data).toHaveLength(3);
		expect(operators.data.data[0]).toMatchObject({
			id: 1,
			first_name: 'Anna',
			last_name: 'Ivanova',
		});
		expect((await api.get('/v1/operators_groups')).data.data[0]).toEqual({
			id: 1,
			name: 'Sales team',
			operator_ids: [1, 2],
		});
		expect((await api.get('/v1/help/transports')).data.data).toContain('telegram');
		const fields = await api.get('/v1/custom_client_fields');
		expect(fields.data.status).toBe('ok');
		expect(fields.data.data.map((f: { name: string }) => f.name)).toEqual([
			'City',
			'Order number',
			'Customer ID',
		]);
		const info = await api.get('/v1/companies/api_info');
		expect(info.data.data).toMatchObject({
			company_name: 'Sandbox Company',
			requests_this_month: 5,
		});
	});

	it('returns web analytics rows stored by a client write with UTM data', async () => {
		const w = sim.clientWrites({
			phone: '79001110014',
			text: 'from an ad',
			utm: {
				utm_source: 'google',
				utm_medium: 'cpc',
				utm_campaign: 'spring',
				click_time: '2026-03-01 10:00:00',
			},
		});
		sim.clientWrites({ phone: '79001110015', text: 'no utm' });
		const res = await api.get('/v1/web_analytics_data', { params: { client_id: w.client_id } });
		expect(res.data.meta.total).toBe(1);
		expect(res.data.data[0]).toMatchObject({
			client_id: w.client_id,
			utm_source: 'google',
			utm_medium: 'cpc',
			utm_campaign: 'spring',
			utm_content: null,
			click_time: '2026-03-01 10:00:00',
			message_id: w.message_id,
		});
	});
});

describe('webhook registration', () => {
	it('creates, updates, lists and deletes webhooks in the reference shape', async () => {
		const created = await api.post('/v1/webhooks', {
			name: 'n8n',
			url: 'http://127.0.0.1:1/a',
			events: ['inbox', 'outbox'],
			channels: [1],
		});
		expect(created.data.data).toEqual({
			id: 1,
			name: 'n8n',
			url: 'http://127.0.0.1:1/a',
			events: ['inbox', 'outbox'],
			status: 'enable',
			errors: [],
			channels: [1],
		});
		const updated = await api.put('/v1/webhooks/1', { events: ['inbox'] });
		expect(updated.data.data.events).toEqual(['inbox']);
		const unknownEvent = await api.post('/v1/webhooks', {
			url: 'http://127.0.0.1:1/x',
			events: ['bogus'],
		});
		expect(unknownEvent.status).toBe(400);
		expect(unknownEvent.data.errors.events).toBeDefined();
		const deleted = await api.put('/v1/webhooks/1', { url: '' });
		expect(deleted.status).toBe(200);
		expect((await api.get('/v1/webhooks')).data.data).toEqual([]);
	});

	it('rejects a reused url and a sixth webhook', async () => {
		for (let i = 1; i <= 5; i++) {
			const res = await api.post('/v1/webhooks', {
				name: `w${i}`,
				url: `http://127.0.0.1:1/w${i}`,
				events: ['inbox'],
			});
			expect(res.status).toBe(200);
		}
		const reused = await api.post('/v1/webhooks', {
			url: 'http://127.0.0.1:1/w1',
			events: ['inbox'],
		});
		expect(reused.status).toBe(400);
		const sixth = await api.post('/v1/webhooks', {
			url: 'http://127.0.0.1:1/w6',
			events: ['inbox'],
		});
		expect(sixth.status).toBe(400);
		expect(sixth.data.status).toBe('error');
		expect(sixth.data.message).toMatch(/at most 5 webhooks/);
		await api.delete('/v1/webhooks/5');
		const again = await api.post('/v1/webhooks', {
			url: 'http://127.0.0.1:1/w1',
			events: ['inbox'],
		});
		expect(again.status).toBe(400);
		expect(again.data.errors.url[0]).toContain('already used');
	});
});

describe('rate limits and faults', () => {
	it('answers 429 "Number of API requests exceeded" with Retry-After over the general limit', async () => {
		sim.configure({ requestsPerSecond: 3 });
		const results: AxiosResponse[] = [];
		for (let i = 0; i < 4; i++) results.push(await api.get('/v1/channels'));
		expect(results.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
		expect(results[3].status).toBe(429);
		expect(results[3].data).toEqual({
			status: 'error',
			message: 'Number of API requests exceeded',
		});
		expect(results[3].headers['retry-after']).toBe('1');
	});

	it('limits POST /v1/messages separately', async () => {
		sim.configure({ sendRatePerSecond: 2 });
		const w = sim.clientWrites({ phone: '79001110016', text: 'hi' });
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++)
			statuses.push(
				(await api.post('/v1/messages', { client_id: w.client_id, text: `r${i}` })).status,
			);
		expect(statuses).toEqual([200, 200, 429]);
		expect((await api.get('/v1/messages')).status).toBe(200);
		expect(sim.messages({ type: 'to_client' })).toHaveLength(2);
	});

	it('injects faults through the control API and logs every call', async () => {
		const control = axios.create({ baseURL: baseUrl, validateStatus: () => true });
		const fault = await control.post('/_sim/faults', {
			method: 'GET',
			path: '/v1/operators',
			status: 503,
			count: 2,
		});
		expect(fault.status).toBe(200);
		const r1 = await api.get('/v1/operators');
		const r2 = await api.get('/v1/operators');
		const r3 = await api.get('/v1/operators');
		expect([r1.status, r2.status, r3.status]).toEqual([503, 503, 200]);
		expect(String(r1.data)).toContain('503 Service Temporarily Unavailable');

		await control.post('/_sim/faults', { path: '^/v1/clients/\\d+$', status: 500 });
		expect((await api.get('/v1/clients/5')).status).toBe(500);
		expect((await api.get('/v1/clients/5')).status).toBe(404);

		const log = await control.get('/_sim/requests-log', { params: { path: '/v1/operators' } });
		expect(log.data.map((e: { method: string; status: number }) => [e.method, e.status])).toEqual([
			['GET', 503],
			['GET', 503],
			['GET', 200],
		]);
	});
});

describe('control API', () => {
	it('changes the config at run time, rejects unknown options and resets to the seed', async () => {
		const control = axios.create({ baseURL: baseUrl, validateStatus: () => true });
		const changed = await control.post('/_sim/config', {
			retrySchedule: [5, 10],
			sendRatePerSecond: 1,
		});
		expect(changed.status).toBe(200);
		expect(changed.data).toMatchObject({
			retrySchedule: [5, 10],
			sendRatePerSecond: 1,
			token: TOKEN,
		});
		const unknown = await control.post('/_sim/config', { nonsense: 1 });
		expect(unknown.status).toBe(400);

		const w = (await control.post('/_sim/clients/write', { phone: '79001110020', text: 'hi' }))
			.data;
		const reply = await control.post('/_sim/operators/write', {
			client_id: w.client_id,
			text: 'typed in the UI',
		});
		expect(reply.status).toBe(200);
		const messages = await control.get('/_sim/messages', { params: { client_id: w.client_id } });
		expect(messages.data.map((m: { type: string; source: string }) => [m.type, m.source])).toEqual([
			['from_client', 'client'],
			['to_client', 'operator_ui'],
		]);
		expect(messages.data[1].operator_id).toBe(1);

		expect((await control.post('/_sim/reset')).status).toBe(200);
		expect((await control.get('/_sim/clients')).data).toEqual([]);
		// back to the options given at creation (send limit 0 here) and the default retry schedule
		expect((await control.get('/_sim/config')).data).toMatchObject({
			sendRatePerSecond: 0,
			retrySchedule: [10000, 300000, 7200000],
		});
		const again = (await control.post('/_sim/clients/write', { text: 'first after reset' })).data;
		expect(again).toMatchObject({
			client_id: 1001,
			dialog_id: 5001,
			request_id: 9001,
			message_id: 100001,
			channel_id: 1,
		});
	});
});
