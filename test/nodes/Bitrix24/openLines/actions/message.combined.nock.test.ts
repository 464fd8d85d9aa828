/**
 * Message → Send with Combine Concurrent Sends: concurrent runs share calls (one in flight per portal),
 * several lines go as commands of one `batch`, and a `batch` without a clear answer is looked up
 * command by command, never sent again blindly.
 */
import nock from 'nock';
import { type IDataObject, sleep } from 'n8n-workflow';

import { useNockedBitrix24Transport } from '../../transport/probe';
import { sendCombiner } from '../../../../../nodes/Bitrix24/openLines/actions/message/sendCombined';
import { bitrix24Harness } from '../../helpers';

const PORTAL = 'https://portal.example.test';

const h = bitrix24Harness({
	bitrix24OAuth2Api: {
		portalUrl: `${PORTAL}/`,
		clientId: 'local.app',
		clientSecret: 'app-secret',
		accessTokenUrl: 'https://oauth.example.test/oauth/token/',
		oauthTokenData: { access_token: 'token', refresh_token: 'refresh' },
	},
});

useNockedBitrix24Transport({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 });

function send(input: IDataObject[], sending: IDataObject = {}, continueOnFail = true) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: {
			resource: 'message',
			operation: 'send',
			connector: 'chat2desk',
			line: '={{ $json.line }}',
			chatId: '={{ $json.chat }}',
			userId: '={{ $json.chat }}',
			text: '={{ $json.text }}',
			messageId: '={{ $json.mid }}',
			sending: { allInOneCall: true, batchSize: 50, ...sending },
		},
		credentialTypes: ['bitrix24OAuth2Api'],
		input,
		continueOnFail,
	});
}

const ok = (id: string, chat: string) => ({
	SUCCESS: true,
	message: { id },
	chat: { id: chat },
	session: { ID: '5', CHAT_ID: '77' },
});
const notFound = (id: string) => ({ SUCCESS: false, ERRORS: ['Message not found'], message: { id } });

/** The MESSAGES[...][message][id] values of a form- or JSON-encoded send/update body. */
function messageIds(body: unknown): string[] {
	const record = body as { MESSAGES?: Array<{ message: { id: string } }> };
	return (record.MESSAGES ?? []).map((entry) => entry.message.id);
}

/** The commands of a `batch` body: key → message ids, decoded from the bracket query strings. */
function batchCommands(body: unknown): Record<string, { method: string; line: string; ids: string[] }> {
	const cmd = (body as { cmd: Record<string, string> }).cmd;
	const out: Record<string, { method: string; line: string; ids: string[] }> = {};
	for (const [key, text] of Object.entries(cmd)) {
		const [method, query] = text.split('?');
		const params = new URLSearchParams(query);
		const ids: string[] = [];
		for (const [name, value] of params) if (/^MESSAGES\[\d+\]\[message\]\[id\]$/.test(name)) ids.push(value);
		out[key] = { method, line: params.get('LINE') ?? '', ids };
	}
	return out;
}

describe('message → send, combined', () => {
	it('runs that send at the same time share one call per portal, and each gets its own results', async () => {
		const bodies: unknown[] = [];
		let release!: () => void;
		const firstCallHeld = new Promise<void>((resolve) => (release = resolve));
		nock(PORTAL)
			.post('/rest/imconnector.send.messages')
			.times(2)
			.reply(async (_uri, body) => {
				bodies.push(body);
				// Hold the first call so the other runs arrive while it is in flight.
				if (bodies.length === 1) await firstCallHeld;
				const ids = messageIds(body);
				return [200, { result: { SUCCESS: true, DATA: { RESULT: ids.map((id) => ok(id, `chat-${id}`)) } } }];
			});
		const first = send([{ line: '1', chat: 'c1', text: 'a', mid: 'a' }]);
		await sleep(50);
		const second = send([{ line: '1', chat: 'c2', text: 'b', mid: 'b' }]);
		const third = send([
			{ line: '1', chat: 'c3', text: 'c', mid: 'c' },
			{ line: '1', chat: 'c3', text: 'd', mid: 'd' },
		]);
		await sleep(50);
		release();
		const [r1, r2, r3] = await Promise.all([first, second, third]);
		expect(bodies.map(messageIds)).toEqual([['a'], ['b', 'c', 'd']]);
		expect(r1.items.map((item) => item.json.externalMessageId)).toEqual(['a']);
		expect(r2.items.map((item) => item.json.externalMessageId)).toEqual(['b']);
		expect(r3.items.map((item) => [item.json.externalMessageId, item.pairedItem])).toEqual([
			['c', { item: 0 }],
			['d', { item: 1 }],
		]);
	});

	it('sends several lines as commands of one batch and splits a failed command off', async () => {
		let commands: ReturnType<typeof batchCommands> = {};
		nock(PORTAL)
			.post('/rest/batch')
			.reply(200, (_uri, body) => {
				commands = batchCommands(body);
				return {
					result: {
						result: { send0: { SUCCESS: true, DATA: { RESULT: [ok('m1', 'c1'), ok('m3', 'c1')] } } },
						result_error: { send1: { error: 'CONNECTOR_NOT_ACTIVE', error_description: 'Line 2 is off' } },
					},
				};
			});
		const { items } = await send([
			{ line: '1', chat: 'c1', text: 'one', mid: 'm1' },
			{ line: '2', chat: 'c2', text: 'two', mid: 'm2' },
			{ line: '1', chat: 'c1', text: 'three', mid: 'm3' },
		]);
		expect(Object.values(commands)).toEqual([
			{ method: 'imconnector.send.messages', line: '1', ids: ['m1', 'm3'] },
			{ method: 'imconnector.send.messages', line: '2', ids: ['m2'] },
		]);
		expect(items[0].json).toMatchObject({ externalMessageId: 'm1', line: '1', success: true });
		expect(items[1].json.error).toMatch(/CONNECTOR_NOT_ACTIVE: Line 2 is off/);
		expect(items[2].json).toMatchObject({ externalMessageId: 'm3', line: '1', success: true });
	});

	it('after a batch answered 504, looks each command up and sends only what is missing', async () => {
		const updates: string[][] = [];
		const resent: string[][] = [];
		nock(PORTAL)
			.post('/rest/batch')
			.once()
			.reply(504, '<html><body><h1>504 Gateway Time-out</h1></body></html>')
			.post('/rest/imconnector.update.messages')
			.times(2)
			.reply(200, (_uri, body) => {
				const ids = messageIds(body);
				updates.push(ids);
				// The portal stored line 1's command (m1), not line 2's (m2).
				return { result: { SUCCESS: true, DATA: { RESULT: ids.map((id) => (id === 'm1' ? ok(id, 'c1') : notFound(id))) } } };
			})
			.post('/rest/imconnector.send.messages')
			.once()
			.reply(200, (_uri, body) => {
				resent.push(messageIds(body));
				return { result: { SUCCESS: true, DATA: { RESULT: [ok('m2', 'c2')] } } };
			});
		const { items, error } = await send(
			[
				{ line: '1', chat: 'c1', text: 'one', mid: 'm1' },
				{ line: '2', chat: 'c2', text: 'two', mid: 'm2' },
			],
			{},
			false,
		);
		expect(error).toBeUndefined();
		expect(updates).toEqual([['m1'], ['m2']]);
		expect(resent).toEqual([['m2']]);
		expect(items.map((item) => [item.json.externalMessageId, item.json.success])).toEqual([
			['m1', true],
			['m2', true],
		]);
	});

	it('fails the messages with the unclear error when the look-up gets no answer either', async () => {
		nock(PORTAL)
			.post('/rest/batch')
			.once()
			.reply(504, '<html>504</html>')
			.post('/rest/imconnector.update.messages')
			.times(8)
			.reply(502, '<html>502</html>');
		const { items } = await send([
			{ line: '1', chat: 'c1', text: 'one', mid: 'm1' },
			{ line: '2', chat: 'c2', text: 'two', mid: 'm2' },
		]);
		expect(items.map((item) => String(item.json.error))).toEqual([
			expect.stringMatching(/may have carried out batch/),
			expect.stringMatching(/may have carried out batch/),
		]);
	});

	it("learns from the portal's 503 QUERY_LIMIT_EXCEEDED: the lane's pace is halved, the message still sent once", async () => {
		const lane = 'bitrix24OAuth2Api:cred-bitrix24OAuth2Api';
		const before = sendCombiner.paceOf(lane) ?? 2;
		nock(PORTAL)
			.post('/rest/imconnector.send.messages')
			.reply(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
			.post('/rest/imconnector.send.messages')
			.reply(200, { result: { SUCCESS: true, DATA: { RESULT: [ok('r1', 'c1')] } } });
		const { items } = await send([{ line: '1', chat: 'c1', text: 'one', mid: 'r1' }]);
		expect(items[0].json).toMatchObject({ externalMessageId: 'r1', success: true });
		expect(sendCombiner.paceOf(lane)).toBeCloseTo(before / 2);
	});
});
