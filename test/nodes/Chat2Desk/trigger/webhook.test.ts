import { createHash, createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { TOKEN, createHarness } from '../helpers';
import { chat2deskInbox } from '../../../fixtures/chat2desk';

const harness = createHarness();

/** Independent implementation of Chat2Desk's signing, for building deliveries. */
function sign(rawBody: string, timestamp: string, token = TOKEN): string {
	const key = createHash('md5').update(token).digest('hex');
	return createHmac('sha256', key)
		.update(rawBody + timestamp)
		.digest('hex');
}

const inbox = chat2deskInbox({ dialog_id: 4324035 });
const TIMESTAMP = '1743681006';

function delivery(
	body: IDataObject | string,
	headers: Record<string, string> = {},
	rawBody?: string,
) {
	const raw = rawBody ?? (typeof body === 'string' ? body : JSON.stringify(body));
	let parsed: unknown = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			parsed = {};
		}
	}
	return {
		body: parsed,
		rawBody: raw,
		headers: { 'content-type': 'application/json', ...headers },
	};
}

function signed(body: IDataObject, extra: Record<string, string> = {}) {
	const raw = JSON.stringify(body);
	return delivery(body, {
		'X-Signature': sign(raw, TIMESTAMP),
		'X-Timestamp': TIMESTAMP,
		...extra,
	});
}

const receive = async (request: ReturnType<typeof delivery>, parameters: IDataObject = {}) =>
	await harness.webhook({
		node: 'chat2DeskTrigger',
		parameters: { events: ['inbox', 'outbox'], ...parameters },
		request,
	});

describe('Chat2Desk Trigger › webhook()', () => {
	// The vendor's example delivery, received a minute after it was signed.
	let clock: jest.SpyInstance;
	beforeAll(() => {
		clock = jest.spyOn(Date, 'now').mockReturnValue((Number(TIMESTAMP) + 60) * 1000);
	});
	afterAll(() => clock.mockRestore());

	it('starts one run with the normalised event for a validly signed delivery', async () => {
		const result = await receive(signed(inbox));
		expect(result.startsRun).toBe(true);
		expect(result.response.ended).toBe(false);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			event: 'inbox',
			eventId: 'inbox:106773169',
			eventTime: '2025-04-03T11:50:06.984494Z',
			clientId: 17340089,
			channelId: 17,
			dialogId: 4324035,
			requestId: 8725057,
			operatorId: null,
			messageId: 106773169,
			tagId: null,
			text: 'Hello',
			transport: 'telegram',
			messageType: 'from_client',
			externalId: null,
			attachments: [],
			isNewRequest: true,
			isNewClient: false,
			client: inbox.client,
			raw: inbox,
		});
	});

	it.each([
		[
			'X-Chat2Desk-Signature / X-Chat2Desk-Timestamp',
			'X-Chat2Desk-Signature',
			'X-Chat2Desk-Timestamp',
			'',
		],
		[
			'X-Hub-Signature-256 with sha256= / X-Signature-Timestamp',
			'X-Hub-Signature-256',
			'X-Signature-Timestamp',
			'sha256=',
		],
	])(
		'accepts the alternative headers %s',
		async (_case, signatureHeader, timestampHeader, prefix) => {
			const raw = JSON.stringify(inbox);
			const result = await receive(
				delivery(inbox, {
					[signatureHeader]: prefix + sign(raw, TIMESTAMP),
					[timestampHeader]: TIMESTAMP,
				}),
			);
			expect(result.startsRun).toBe(true);
		},
	);

	it('reads configured header names', async () => {
		const raw = JSON.stringify(inbox);
		const result = await receive(
			delivery(inbox, { 'X-My-Sig': sign(raw, TIMESTAMP), 'X-My-Time': TIMESTAMP }),
			{
				options: {
					signatureHeader: 'X-My-Sig',
					timestampHeader: 'X-My-Time',
					signatureVerification: 'required',
				},
			},
		);
		expect(result.startsRun).toBe(true);
	});

	it('uses the event time when no timestamp header arrives (as in the vendor example)', async () => {
		const raw = JSON.stringify(inbox);
		const result = await receive(delivery(inbox, { 'X-Signature': sign(raw, TIMESTAMP) }));
		expect(result.startsRun).toBe(true);
	});

	it('rejects a forged signature with 401 and no run', async () => {
		const raw = JSON.stringify(inbox);
		const result = await receive(
			delivery(inbox, {
				'X-Signature': sign(raw, TIMESTAMP, 'wrong-token'),
				'X-Timestamp': TIMESTAMP,
			}),
		);
		expect(result.startsRun).toBe(false);
		expect(result.result).toEqual({ noWebhookResponse: true });
		expect(result.response).toMatchObject({
			statusCode: 401,
			ended: true,
			body: { error: 'Unauthorized', reason: 'invalidSignature' },
		});
	});

	it('rejects a body that differs from the signed bytes (re-serialised with spaces)', async () => {
		const compact = JSON.stringify(inbox);
		const result = await receive(
			delivery(
				inbox,
				{ 'X-Signature': sign(compact, TIMESTAMP), 'X-Timestamp': TIMESTAMP },
				JSON.stringify(inbox, null, 2),
			),
		);
		expect(result.response.statusCode).toBe(401);
		expect(result.startsRun).toBe(false);
	});

	it('accepts an unsigned delivery in the default (If Present) mode', async () => {
		const result = await receive(delivery(inbox));
		expect(result.startsRun).toBe(true);
	});

	it('rejects a missing signature in "required" mode', async () => {
		const result = await receive(delivery(inbox), {
			options: { signatureVerification: 'required' },
		});
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({
			statusCode: 401,
			body: { reason: 'missingSignature' },
		});
	});

	it('accepts a missing signature in "if present" mode but still rejects a wrong one', async () => {
		const options = { options: { signatureVerification: 'ifPresent' } };
		expect((await receive(delivery(inbox), options)).startsRun).toBe(true);
		const wrong = await receive(
			delivery(inbox, { 'X-Signature': 'a'.repeat(64), 'X-Timestamp': TIMESTAMP }),
			options,
		);
		expect(wrong.response.statusCode).toBe(401);
		expect(wrong.startsRun).toBe(false);
	});

	it('skips verification when it is off', async () => {
		const result = await receive(delivery(inbox, { 'X-Signature': 'garbage' }), {
			options: { signatureVerification: 'off' },
		});
		expect(result.startsRun).toBe(true);
	});

	it('rejects an expired signature when a maximum age is set', async () => {
		const result = await receive(signed(inbox), { options: { maxSignatureAgeSeconds: 30 } });
		expect(result.response).toMatchObject({ statusCode: 401, body: { reason: 'expired' } });
	});

	describe('default max age (replays)', () => {
		const at = (secondsAfterSigning: number) =>
			clock.mockReturnValue((Number(TIMESTAMP) + secondsAfterSigning) * 1000);
		afterEach(() => at(60));

		it("accepts Chat2Desk's last retry, about 2 h after the signed timestamp", async () => {
			at(2 * 3600 + 5 * 60 + 10 + 60);
			expect((await receive(signed(inbox))).startsRun).toBe(true);
		});

		it('refuses the same signed delivery replayed 4 hours later', async () => {
			at(4 * 3600);
			const result = await receive(signed(inbox));
			expect(result.startsRun).toBe(false);
			expect(result.response).toMatchObject({ statusCode: 401, body: { reason: 'expired' } });
		});

		it('refuses a signed delivery dated 4 hours into the future', async () => {
			at(-4 * 3600);
			expect((await receive(signed(inbox))).response.statusCode).toBe(401);
		});
	});

	it('answers 400 without a run for a body that is not JSON', async () => {
		const raw = '{"hook_type": "inbox", broken';
		const result = await receive(
			delivery(raw, { 'X-Signature': sign(raw, TIMESTAMP), 'X-Timestamp': TIMESTAMP }),
		);
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({
			statusCode: 400,
			body: { error: 'Malformed Chat2Desk event' },
		});
	});

	it('answers 400 without a run for a body that fails the event schema', async () => {
		const body = { hook_type: 'inbox', text: 'no message id', event_time: inbox.event_time };
		const result = await receive(signed(body));
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({
			statusCode: 400,
			body: { error: 'Malformed Chat2Desk event', details: 'message_id: Required' },
		});
	});

	it('answers 200 without a run for an event that is not selected', async () => {
		const result = await receive(signed({ ...inbox, hook_type: 'close_request', request_id: 5 }));
		expect(result.startsRun).toBe(false);
		expect(result.response).toMatchObject({
			statusCode: 200,
			body: { status: 'ignored', reason: 'event "close_request" is not selected' },
		});
	});

	it('answers 200 without a run for another channel, runs for a selected one', async () => {
		const other = await receive(signed(inbox), { channelIds: [18] });
		expect(other.startsRun).toBe(false);
		expect(other.response).toMatchObject({
			statusCode: 200,
			body: { reason: 'channel 17 is not selected' },
		});
		expect((await receive(signed(inbox), { channelIds: [18, 17] })).startsRun).toBe(true);
	});

	it('ignores its own outbox echoes when asked', async () => {
		const echo = { ...inbox, hook_type: 'outbox', type: 'to_client', external_id: 'n8n:1' };
		const ignored = await receive(signed(echo), { options: { ignoreOwnMessages: true } });
		expect(ignored.startsRun).toBe(false);
		expect(ignored.response.body).toEqual({
			status: 'ignored',
			reason: 'own message (external id prefix)',
		});
		const other = await receive(signed({ ...echo, external_id: 'crm:1' }), {
			options: { ignoreOwnMessages: true },
		});
		expect(other.startsRun).toBe(true);
		expect(other.items[0].json).toMatchObject({ event: 'outbox', externalId: 'crm:1' });
	});
});

describe('Chat2Desk Trigger › odd but valid bodies', () => {
	it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
		'hook_type %j is a clean 4xx or ignored, never a crash',
		async (hookType) => {
			const body = { ...inbox, hook_type: hookType };
			const result = await harness.webhook({
				node: 'chat2DeskTrigger',
				parameters: { events: ['inbox'], options: { signatureVerification: 'off' } },
				request: delivery(body),
			});
			expect(result.startsRun).toBe(false);
			expect(result.response.statusCode).toBeGreaterThanOrEqual(200);
			expect(result.response.statusCode).toBeLessThan(500);
		},
	);

	it('refuses extra_data nested ~1,800 levels deep with 400 (it would overflow the next node)', async () => {
		let deep: unknown = {};
		for (let i = 0; i < 1800; i++) deep = { a: deep };
		const result = await harness.webhook({
			node: 'chat2DeskTrigger',
			parameters: { events: ['inbox'], options: { signatureVerification: 'off' } },
			request: delivery({ ...inbox, extra_data: deep as IDataObject }),
		});
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBe(400);
	});

	it('still accepts ordinary extra_data', async () => {
		const result = await harness.webhook({
			node: 'chat2DeskTrigger',
			parameters: { events: ['inbox'], options: { signatureVerification: 'off' } },
			request: delivery({ ...inbox, extra_data: { a: { b: { c: [1, { d: 2 }] } } } }),
		});
		expect(result.startsRun).toBe(true);
	});
});
