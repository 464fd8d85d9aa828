/**
 * Bitrix24 Open Lines Trigger webhook(): real event bodies posted by the simulator (captured the way
 * n8n's body parser sees them) are verified, validated, filtered and turned into items.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseBracketQuery } from '../../../../nodes/Bitrix24/domain/bracketForm';
import type { N8nHarness, WebhookResult } from '../../../helpers/n8n';
import { startFormReceiver, type FormReceiver, type ReceivedForm } from '../formReceiver';
import {
	APP_TOKEN,
	bitrix24Harness,
	clientWrites,
	CONNECTOR,
	fastTimers,
	setUpConnector,
	simCall,
	simCredentials,
	startSimulator,
	type SimContext,
} from '../helpers';
import { forgetRecentRefusals } from '../../../../nodes/Bitrix24/domain/tokenVerification';
import { forgetVerifiedTokens } from '../../../../nodes/Bitrix24/trigger/trust';

// The harness reuses one workflow id: each test starts without the in-memory cooldown of the last.
beforeEach(() => {
	forgetRecentRefusals();
	forgetVerifiedTokens();
});

const OTHER_PORTAL = 'evil.bitrix24.com';

const ALL_EVENTS = [
	'ONIMCONNECTORMESSAGEADD',
	'ONIMCONNECTORMESSAGEUPDATE',
	'ONIMCONNECTORMESSAGEDELETE',
	'ONIMCONNECTORLINEDELETE',
	'ONIMCONNECTORSTATUSDELETE',
	'ONIMCONNECTORDIALOGSTART',
	'ONIMCONNECTORDIALOGFINISH',
];

let ctx: SimContext;
let receiver: FormReceiver;
let withCredentialToken: N8nHarness;
let withoutToken: N8nHarness;
let restore: () => void;

beforeAll(async () => {
	restore = fastTimers();
	ctx = await startSimulator();
	receiver = await startFormReceiver();
	withCredentialToken = bitrix24Harness(simCredentials(ctx, { applicationToken: APP_TOKEN }));
	withoutToken = bitrix24Harness(simCredentials(ctx));
	await setUpConnector(ctx, [1, 2]);
	for (const event of ALL_EVENTS)
		await simCall(ctx, 'event.bind', { event, handler: receiver.url });
});
afterAll(async () => {
	restore();
	await ctx.sim.close();
	await receiver.close();
});

/** The next event the simulator posts of the given type. */
async function nextEvent(event: string, act: () => unknown): Promise<ReceivedForm> {
	receiver.clear();
	await act();
	await ctx.sim.waitForIdle();
	const received = await receiver.waitFor(1);
	const match = received.find((entry) => entry.form.event === event);
	if (!match)
		throw new Error(
			`No ${event} among ${received.map((entry) => String(entry.form.event)).join(', ')}`,
		);
	return match;
}

function deliver(
	request: { form: IDataObject; raw?: string },
	options: {
		harness?: N8nHarness;
		events?: string[];
		connector?: string;
		staticData?: IDataObject;
		nested?: boolean;
	} = {},
): Promise<WebhookResult> {
	return (options.harness ?? withCredentialToken).webhook({
		node: 'bitrix24OpenLinesTrigger',
		parameters: {
			events: options.events ?? ALL_EVENTS,
			connector: options.connector ?? '',
		},
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData: options.staticData ?? {},
		request: {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: request.form,
			rawBody: request.raw ?? '',
		},
	});
}

let messageAdd: ReceivedForm;
let reply: { message_id: number; chat_id: number };

describe('accepted events', () => {
	beforeAll(async () => {
		await clientWrites(ctx, 1, 'client-7', 'Hello');
		messageAdd = await nextEvent('ONIMCONNECTORMESSAGEADD', () => {
			reply = ctx.sim.operatorReply({
				connector: CONNECTOR,
				line: 1,
				external_chat_id: 'client-7',
				text: 'Price: [b]10 EUR[/b][br]See [url=https://shop.example.test]our shop[/url]',
				operator: { id: 2, name: 'Klaus Weber' },
				files: [
					{ name: 'photo.jpg', content: 'jpeg-bytes' },
					{ name: 'terms.pdf', content: 'pdf-bytes' },
				],
			});
		});
	});

	it('arrive form-encoded with flat bracket keys', () => {
		expect(messageAdd.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.keys(messageAdd.form)).toEqual(
			expect.arrayContaining(['data[MESSAGES][0][im][chat_id]', 'auth[application_token]']),
		);
	});

	it('turn an operator reply into one item with parsed signature, text and files', async () => {
		const result = await deliver(messageAdd);
		expect(result.startsRun).toBe(true);
		expect(result.response.ended).toBe(false);
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json;
		expect(json).toMatchObject({
			event: 'ONIMCONNECTORMESSAGEADD',
			connector: CONNECTOR,
			line: '1',
			chatId: reply.chat_id,
			messageId: reply.message_id,
			externalChatId: 'client-7',
			externalMessageIds: [],
			operatorName: 'Klaus Weber',
			textPlain: 'Price: 10 EUR\nSee our shop (https://shop.example.test)',
			userId: 2,
		});
		expect(json.text).toMatch(/^\[b\]Klaus Weber:\[\/b\]/);
		const files = json.files as IDataObject[];
		expect(files.map((file) => file.name)).toEqual(['photo.jpg', 'terms.pdf']);
		for (const file of files) {
			expect(file.link).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//));
			expect(String(file.link)).not.toContain('#');
		}
		expect(JSON.stringify(result.items)).not.toContain(APP_TOKEN);
		expect(JSON.stringify(result.items)).not.toContain('access_token');
	});

	it('also accept an already nested body and a body only in rawBody', async () => {
		const nested = await deliver({ form: parseBracketQuery(messageAdd.raw) });
		expect(nested.items[0].json.messageId).toBe(reply.message_id);
		const rawOnly = await deliver({ form: {}, raw: messageAdd.raw });
		expect(rawOnly.items[0].json.messageId).toBe(reply.message_id);
	});

	it('use the token recorded in static data when the credential has none', async () => {
		const result = await deliver(messageAdd, {
			harness: withoutToken,
			staticData: {
				applicationToken: APP_TOKEN,
				memberId: messageAdd.form['auth[member_id]'],
			},
		});
		expect(result.startsRun).toBe(true);
	});

	it('edit and delete of a delivered operator message', async () => {
		await simCall(ctx, 'imconnector.send.status.delivery', {
			CONNECTOR,
			LINE: 1,
			MESSAGES: [
				{
					im: { chat_id: reply.chat_id, message_id: reply.message_id },
					message: { id: ['c2d-55'] },
					chat: { id: 'client-7' },
				},
			],
		});
		const update = await nextEvent('ONIMCONNECTORMESSAGEUPDATE', () =>
			ctx.sim.operatorEdit({
				message_id: reply.message_id,
				text: 'Price: 12 EUR',
			}),
		);
		const updated = await deliver(update);
		expect(updated.items[0].json).toMatchObject({
			event: 'ONIMCONNECTORMESSAGEUPDATE',
			externalMessageIds: ['c2d-55'],
			operatorName: 'Klaus Weber',
			textPlain: 'Price: 12 EUR',
		});
		const remove = await nextEvent('ONIMCONNECTORMESSAGEDELETE', () =>
			ctx.sim.operatorDelete({ message_id: reply.message_id }),
		);
		expect((await deliver(remove)).items[0].json).toMatchObject({
			event: 'ONIMCONNECTORMESSAGEDELETE',
			externalMessageIds: ['c2d-55'],
			chatId: reply.chat_id,
		});
	});

	it('dialog start/finish, status delete and line delete', async () => {
		const finish = await nextEvent('ONIMCONNECTORDIALOGFINISH', () =>
			ctx.sim.operatorFinish({ chat_id: reply.chat_id }),
		);
		expect((await deliver(finish)).items[0].json).toMatchObject({
			event: 'ONIMCONNECTORDIALOGFINISH',
			connector: CONNECTOR,
			closed: true,
			externalChatId: 'client-7',
			sessionId: expect.any(Number),
		});
		const start = await nextEvent('ONIMCONNECTORDIALOGSTART', () =>
			clientWrites(ctx, 1, 'client-8', 'New dialog'),
		);
		expect((await deliver(start)).items[0].json).toMatchObject({
			event: 'ONIMCONNECTORDIALOGSTART',
			externalUserId: 'client-8',
			closed: false,
		});
		const statusDelete = await nextEvent('ONIMCONNECTORSTATUSDELETE', () =>
			simCall(ctx, 'imconnector.activate', { CONNECTOR, LINE: 2, ACTIVE: 0 }),
		);
		expect((await deliver(statusDelete)).items.map((item) => item.json)).toEqual([
			{ event: 'ONIMCONNECTORSTATUSDELETE', connector: CONNECTOR, line: '2' },
		]);
		const lineDelete = await nextEvent('ONIMCONNECTORLINEDELETE', () => ctx.sim.deleteLine(3));
		expect(
			(await deliver(lineDelete, { connector: 'another_connector' })).items.map(
				(item) => item.json,
			),
		).toEqual([{ event: 'ONIMCONNECTORLINEDELETE', line: '3' }]);
	});
});

describe('filters (answered 200, no run)', () => {
	it('drops events of another connector', async () => {
		const result = await deliver(messageAdd, {
			connector: 'another_connector',
		});
		expect(result).toMatchObject({ startsRun: false, result: {} });
		expect(result.response.ended).toBe(false);
	});

	it('matches the connector filter case-insensitively', async () => {
		expect((await deliver(messageAdd, { connector: CONNECTOR.toUpperCase() })).startsRun).toBe(
			true,
		);
	});

	it('drops events that are not selected', async () => {
		const result = await deliver(messageAdd, {
			events: ['ONIMCONNECTORDIALOGSTART'],
		});
		expect(result.startsRun).toBe(false);
	});
});

describe('refusals (no run)', () => {
	const tampered = (changes: Record<string, string | undefined>) => {
		const form: IDataObject = { ...messageAdd.form };
		for (const [key, value] of Object.entries(changes)) {
			if (value === undefined) delete form[key];
			else form[key] = value;
		}
		return { form };
	};

	it.each([
		['a forged application token', { 'auth[application_token]': 'forged-token' }],
		['a token that differs only in case', { 'auth[application_token]': APP_TOKEN.toUpperCase() }],
		['no application token', { 'auth[application_token]': undefined }],
		['an empty application token', { 'auth[application_token]': '' }],
		['another portal in auth[domain]', { 'auth[domain]': OTHER_PORTAL }],
	])('401 for %s', async (_name, changes) => {
		const result = await deliver(tampered(changes));
		expect(result.startsRun).toBe(false);
		expect(result.result).toEqual({ noWebhookResponse: true });
		expect(result.response).toMatchObject({
			statusCode: 401,
			body: { error: 'Unauthorized' },
			ended: true,
		});
	});

	const appInfoCalls = () =>
		ctx.sim.getRequestsLog().filter((entry) => entry.method === 'app.info').length;

	it('401 for an unknown token whose access token the portal does not know; asks once, then cools down', async () => {
		const forged = tampered({
			'auth[application_token]': 'planted-token',
			'auth[access_token]': 'made-up-access-token',
		});
		const before = appInfoCalls();
		const first = await deliver(forged, { harness: withoutToken });
		expect(first.response.statusCode).toBe(401);
		expect(first.startsRun).toBe(false);
		expect(first.staticData.applicationToken).toBeUndefined();
		expect(appInfoCalls()).toBe(before + 1);
		// A flood of forgeries after that costs no call at all.
		let staticData = first.staticData;
		for (let i = 0; i < 20; i++) {
			const next = await deliver(
				tampered({
					'auth[application_token]': `planted-${i}`,
					'auth[access_token]': `made-up-${i}`,
				}),
				{ harness: withoutToken, staticData },
			);
			expect(next.response.statusCode).toBe(401);
			staticData = next.staticData;
		}
		expect(appInfoCalls()).toBe(before + 1);
		expect(staticData.applicationToken).toBeUndefined();
	});

	it('401 for an unknown token without domain or member_id, with no call to the portal', async () => {
		const before = appInfoCalls();
		for (const missing of ['auth[domain]', 'auth[member_id]']) {
			const result = await deliver(tampered({ [missing]: undefined }), {
				harness: withoutToken,
			});
			expect(result.response.statusCode).toBe(401);
		}
		expect(appInfoCalls()).toBe(before);
	});

	it('learns the token from a genuine event (app.info on the configured portal names our application)', async () => {
		const result = await deliver(messageAdd, { harness: withoutToken });
		expect(result.response.statusCode).not.toBe(401);
		expect(result.startsRun).toBe(true);
		expect(result.staticData).toMatchObject({
			applicationToken: APP_TOKEN,
			memberId: messageAdd.form['auth[member_id]'],
			tokenSource: 'verified event',
		});
	});

	it('remembers a verified token in memory, since n8n may not keep static data: one app.info for many events', async () => {
		const before = appInfoCalls();
		const first = await deliver(messageAdd, { harness: withoutToken });
		expect(first.startsRun).toBe(true);
		// The same trigger with its static data lost (as n8n 2.41 may do after a webhook) needs no call.
		const second = await deliver(messageAdd, { harness: withoutToken, staticData: {} });
		expect(second.startsRun).toBe(true);
		expect(appInfoCalls()).toBe(before + 1);
		// A forged token is still refused, and costs no call now that a token is known.
		const forged = await deliver(tampered({ 'auth[application_token]': 'planted' }), {
			harness: withoutToken,
			staticData: {},
		});
		expect(forged.response.statusCode).toBe(401);
		expect(appInfoCalls()).toBe(before + 1);
	});

	it('does not replace a known token with another verified one unless re-armed', async () => {
		const other = tampered({
			'auth[application_token]': 'new-installation-token',
		});
		const before = appInfoCalls();
		const kept = await deliver(other, {
			harness: withoutToken,
			staticData: { applicationToken: APP_TOKEN },
		});
		expect(kept.response.statusCode).toBe(401);
		expect(kept.staticData.applicationToken).toBe(APP_TOKEN);
		expect(appInfoCalls()).toBe(before);
		const rearmed = await withoutToken.webhook({
			node: 'bitrix24OpenLinesTrigger',
			parameters: {
				events: ALL_EVENTS,
				connector: '',
				acceptNewInstallation: true,
			},
			credentialTypes: ['bitrix24OAuth2Api'],
			staticData: { applicationToken: APP_TOKEN },
			request: {
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: other.form,
				rawBody: '',
			},
		});
		expect(rearmed.startsRun).toBe(true);
		expect(rearmed.staticData.applicationToken).toBe('new-installation-token');
	});

	it('401 when member_id differs from the recorded installation', async () => {
		const result = await deliver(messageAdd, {
			harness: withoutToken,
			staticData: { applicationToken: APP_TOKEN, memberId: 'another-member' },
		});
		expect(result.response.statusCode).toBe(401);
	});

	it('400 for a malformed body with a valid token', async () => {
		const form = Object.fromEntries(
			Object.entries(messageAdd.form).filter(([key]) => !key.startsWith('data[MESSAGES]')),
		) as IDataObject;
		const result = await deliver({ form });
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBe(400);
		expect(String((result.response.body as IDataObject).error)).toMatch(
			/^Malformed event: .*MESSAGES/,
		);
	});

	it('401 (not 400) for a malformed body with a wrong token', async () => {
		const result = await deliver({
			form: {
				event: 'ONIMCONNECTORMESSAGEADD',
				'auth[application_token]': 'x',
			},
		});
		expect(result.response.statusCode).toBe(401);
	});
});
