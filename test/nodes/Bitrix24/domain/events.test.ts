import { parseBracketQuery } from '../../../../nodes/Bitrix24/domain/bracketForm';
import { parseConnectorEvent, parseInstallEvent } from '../../../../nodes/Bitrix24/domain/events';

const AUTH =
	'auth%5Bdomain%5D=portal.example.com&auth%5Bapplication_token%5D=tok&auth%5Bmember_id%5D=m1';

function form(raw: string) {
	return parseBracketQuery(`${raw}&${AUTH}`);
}

describe('parseConnectorEvent: message events', () => {
	it('turns each message of ONIMCONNECTORMESSAGEADD into one item', () => {
		const body = form(
			'event=ONIMCONNECTORMESSAGEADD&data[CONNECTOR]=chat2desk&data[LINE]=107' +
				'&data[MESSAGES][0][im][chat_id]=1807&data[MESSAGES][0][im][message_id]=86497' +
				'&data[MESSAGES][0][message][user_id]=27' +
				'&data[MESSAGES][0][message][text]=%5Bb%5DKlaus+Weber%3A%5B%2Fb%5D%5Bbr%5D+See+%5Burl%3Dhttps%3A%2F%2Fx.test%5Dsite%5B%2Furl%5D' +
				'&data[MESSAGES][0][message][files][0][name]=photo.jpg&data[MESSAGES][0][message][files][0][type]=image' +
				'&data[MESSAGES][0][message][files][0][link]=https%3A%2F%2Fportal.example.com%2F~AbCd%23img.jpg' +
				'&data[MESSAGES][0][message][files][0][size]=20480' +
				'&data[MESSAGES][0][message][files][1][name]=doc.pdf&data[MESSAGES][0][message][files][1][type]=file' +
				'&data[MESSAGES][0][message][files][1][link]=https%3A%2F%2Fportal.example.com%2F~EfGh' +
				'&data[MESSAGES][0][chat][id]=555' +
				'&data[MESSAGES][1][im][chat_id]=1807&data[MESSAGES][1][im][message_id]=86498' +
				'&data[MESSAGES][1][message][text]=plain&data[MESSAGES][1][chat][id]=555',
		);
		const result = parseConnectorEvent(body);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.event).toBe('ONIMCONNECTORMESSAGEADD');
		expect(result.connector).toBe('chat2desk');
		expect(result.auth.application_token).toBe('tok');
		expect(result.items).toHaveLength(2);
		expect(result.items[0]).toEqual({
			event: 'ONIMCONNECTORMESSAGEADD',
			connector: 'chat2desk',
			line: '107',
			chatId: 1807,
			messageId: 86497,
			externalChatId: '555',
			externalMessageIds: [],
			text: '[b]Klaus Weber:[/b][br] See [url=https://x.test]site[/url]',
			textPlain: 'See site (https://x.test)',
			operatorName: 'Klaus Weber',
			files: [
				{ name: 'photo.jpg', link: 'https://portal.example.com/~AbCd', type: 'image', size: 20480 },
				{ name: 'doc.pdf', link: 'https://portal.example.com/~EfGh', type: 'file', size: null },
			],
			userId: 27,
			raw: body.data && (body.data as { MESSAGES: unknown[] }).MESSAGES[0],
		});
		expect(result.items[1]).toMatchObject({
			messageId: 86498,
			text: 'plain',
			textPlain: 'plain',
			operatorName: null,
			files: [],
			userId: null,
		});
		expect(JSON.stringify(result.items)).not.toContain('tok');
	});

	it('reads the external id list of ONIMCONNECTORMESSAGEUPDATE and the scalar id of DELETE', () => {
		const update = parseConnectorEvent(
			form(
				'event=ONIMCONNECTORMESSAGEUPDATE&data[CONNECTOR]=c&data[LINE]=1' +
					'&data[MESSAGES][0][im][chat_id]=5&data[MESSAGES][0][im][message_id]=6' +
					'&data[MESSAGES][0][message][id][0]=ext-1&data[MESSAGES][0][message][id][1]=ext-2' +
					'&data[MESSAGES][0][message][text]=new&data[MESSAGES][0][chat][id]=9',
			),
		);
		expect(update.ok && update.items[0]).toMatchObject({
			externalMessageIds: ['ext-1', 'ext-2'],
			text: 'new',
		});
		const deleted = parseConnectorEvent(
			form(
				'event=onImConnectorMessageDelete&data[CONNECTOR]=c&data[LINE]=1' +
					'&data[MESSAGES][0][im][chat_id]=5&data[MESSAGES][0][im][message_id]=6' +
					'&data[MESSAGES][0][message][id]=ext-1&data[MESSAGES][0][chat][id]=9',
			),
		);
		expect(deleted.ok && deleted.items[0]).toMatchObject({
			event: 'ONIMCONNECTORMESSAGEDELETE',
			externalMessageIds: ['ext-1'],
			text: '',
		});
	});

	it.each([
		['no MESSAGES', 'event=ONIMCONNECTORMESSAGEADD&data[CONNECTOR]=c&data[LINE]=1', /MESSAGES/],
		[
			'no im block',
			'event=ONIMCONNECTORMESSAGEADD&data[CONNECTOR]=c&data[LINE]=1&data[MESSAGES][0][chat][id]=1',
			/im/,
		],
		[
			'non-numeric chat id',
			'event=ONIMCONNECTORMESSAGEADD&data[CONNECTOR]=c&data[LINE]=1&data[MESSAGES][0][im][chat_id]=x&data[MESSAGES][0][im][message_id]=1&data[MESSAGES][0][chat][id]=1',
			/chat_id/,
		],
		['no connector', 'event=ONIMCONNECTORMESSAGEADD&data[LINE]=1', /CONNECTOR/],
		['no event', 'data[LINE]=1', /event/],
		['unknown event', 'event=ONCRMLEADADD&data[FIELDS][ID]=1', /Unsupported event/],
	])('rejects a malformed body (%s)', (_name, raw, reason) => {
		const result = parseConnectorEvent(form(raw));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
	});
});

describe('parseConnectorEvent: lifecycle events', () => {
	it('ONIMCONNECTORLINEDELETE with a scalar data', () => {
		const result = parseConnectorEvent(form('event=ONIMCONNECTORLINEDELETE&data=107'));
		expect(result).toMatchObject({
			ok: true,
			connector: null,
			items: [{ event: 'ONIMCONNECTORLINEDELETE', line: '107' }],
		});
	});

	it('ONIMCONNECTORSTATUSDELETE with lower-case keys', () => {
		const result = parseConnectorEvent(
			form('event=ONIMCONNECTORSTATUSDELETE&data[connector]=c2d&data[line]=3'),
		);
		expect(result).toMatchObject({
			ok: true,
			connector: 'c2d',
			items: [{ event: 'ONIMCONNECTORSTATUSDELETE', connector: 'c2d', line: '3' }],
		});
	});

	it('ONIMCONNECTORDIALOGSTART / FINISH: one item per session', () => {
		const result = parseConnectorEvent(
			form(
				'event=ONIMCONNECTORDIALOGFINISH&data[CONNECTOR]=c2d&data[LINE]=105' +
					'&data[DATA][0][connector][connector_id]=c2d&data[DATA][0][connector][line_id]=105' +
					'&data[DATA][0][connector][chat_id]=client-8&data[DATA][0][connector][user_id]=client-8' +
					'&data[DATA][0][session][id]=3282&data[DATA][0][session][closed]=Y' +
					'&data[DATA][0][session][parent_id]=0&data[DATA][0][session][close_term]=10' +
					'&data[DATA][0][chat][id]=client-8&data[DATA][0][user][id]=client-8',
			),
		);
		expect(result.ok && result.items).toEqual([
			{
				event: 'ONIMCONNECTORDIALOGFINISH',
				connector: 'c2d',
				line: '105',
				sessionId: 3282,
				closed: true,
				parentSessionId: 0,
				closeTerm: 10,
				externalChatId: 'client-8',
				externalUserId: 'client-8',
				raw: expect.objectContaining({ session: expect.objectContaining({ id: '3282' }) }),
			},
		]);
	});

	it('rejects a dialog event without a session id', () => {
		const result = parseConnectorEvent(
			form(
				'event=ONIMCONNECTORDIALOGSTART&data[CONNECTOR]=c&data[LINE]=1&data[DATA][0][chat][id]=1',
			),
		);
		expect(result.ok).toBe(false);
	});

	it('rejects a STATUSDELETE without a line', () => {
		expect(parseConnectorEvent(form('event=ONIMCONNECTORSTATUSDELETE&data[connector]=c')).ok).toBe(
			false,
		);
	});
});

describe('parseInstallEvent', () => {
	const install =
		'event=ONAPPINSTALL&data[VERSION]=1&data[ACTIVE]=Y&data[INSTALLED]=Y&data[LANGUAGE_ID]=en&ts=1' +
		'&auth[access_token]=acc&auth[refresh_token]=ref&auth[expires_in]=3600&auth[scope]=crm' +
		'&auth[domain]=portal.example.com&auth[member_id]=m1&auth[status]=L&auth[application_token]=app-tok' +
		'&auth[client_endpoint]=https%3A%2F%2Fportal.example.com%2Frest%2F&auth[server_endpoint]=https%3A%2F%2Foauth.bitrix.info%2Frest%2F';

	it('accepts ONAPPINSTALL with tokens', () => {
		const result = parseInstallEvent(parseBracketQuery(install));
		expect(result.ok && result.value.auth).toMatchObject({
			access_token: 'acc',
			application_token: 'app-tok',
			member_id: 'm1',
		});
	});

	it.each([
		['no access token', install.replace('auth[access_token]=acc&', '')],
		['no application token', install.replace('&auth[application_token]=app-tok', '')],
		['another event', install.replace('ONAPPINSTALL', 'ONIMCONNECTORMESSAGEADD')],
	])('refuses %s', (_name, raw) => {
		expect(parseInstallEvent(parseBracketQuery(raw)).ok).toBe(false);
	});

	it('accepts ONAPPUPDATE', () => {
		expect(
			parseInstallEvent(parseBracketQuery(install.replace('ONAPPINSTALL', 'ONAPPUPDATE'))).ok,
		).toBe(true);
	});
});

describe('parseConnectorEvent: the spellings and fallbacks of each field', () => {
	const message = (fields: Record<string, unknown>) => ({
		im: { chat_id: '5', message_id: '6' },
		chat: { id: 'ext' },
		...fields,
	});
	const messageEvent = (data: unknown) =>
		parseConnectorEvent({ event: 'ONIMCONNECTORMESSAGEADD', data });

	it('reads files by link or url, with sizes only when they are numbers', () => {
		const result = messageEvent({
			CONNECTOR: 'c',
			LINE: '1',
			MESSAGES: [
				message({
					message: {
						files: [
							{ url: 'https://x.test/a#frag', size: '' },
							{ link: 'https://x.test/b', url: 'https://x.test/other', size: 'big' },
							{ size: 12 },
						],
					},
				}),
			],
		});
		expect(result.ok && result.items[0].files).toStrictEqual([
			{ name: null, link: 'https://x.test/a', type: null, size: null },
			{ name: null, link: 'https://x.test/b', type: null, size: null },
			{ name: null, link: null, type: null, size: 12 },
		]);
	});

	it('drops empty external ids, keeps a numeric user id and turns another into null', () => {
		const result = messageEvent({
			CONNECTOR: 'c',
			LINE: '1',
			MESSAGES: [
				message({ message: { id: ['a', '', 'b'], user_id: 'x' } }),
				message({ message: { id: '', user_id: 0 } }),
				message({ message: { text: 'no ids' } }),
			],
		});
		expect(result.ok && result.items.map((item) => [item.externalMessageIds, item.userId])).toStrictEqual([
			[['a', 'b'], null],
			[[], 0],
			[[], null],
		]);
	});

	it('keeps each element as received in raw, also from a list sent as an object', () => {
		const first = message({ message: { text: 'one' } });
		const second = message({ message: { text: 'two' } });
		const result = messageEvent({ CONNECTOR: 'c', LINE: '1', MESSAGES: { 3: first, 7: second } });
		expect(result.ok && result.items.map((item) => item.raw)).toStrictEqual([first, second]);
		expect(result.ok && result.items.map((item) => item.text)).toStrictEqual(['one', 'two']);
	});

	it('answers an event without auth with an empty auth', () => {
		const result = parseConnectorEvent({ event: 'ONIMCONNECTORLINEDELETE', data: 7 });
		expect(result).toStrictEqual({
			ok: true,
			event: 'ONIMCONNECTORLINEDELETE',
			auth: {},
			connector: null,
			items: [{ event: 'ONIMCONNECTORLINEDELETE', line: '7' }],
		});
	});

	it('reads STATUSDELETE keys in upper case', () => {
		const result = parseConnectorEvent({
			event: 'ONIMCONNECTORSTATUSDELETE',
			data: { CONNECTOR: 'c2d', LINE: 4 },
		});
		expect(result.ok && result.items).toStrictEqual([
			{ event: 'ONIMCONNECTORSTATUSDELETE', connector: 'c2d', line: '4' },
		]);
	});

	it('falls back from connector ids to chat and user ids, then to null', () => {
		const result = parseConnectorEvent({
			event: 'ONIMCONNECTORDIALOGSTART',
			data: {
				CONNECTOR: 'c',
				LINE: '1',
				DATA: [
					{ session: { id: '1' }, chat: { id: 11 }, user: { id: 12 } },
					{ session: { id: '2', parent_id: 'x', close_term: '' } },
					{
						session: { id: '3' },
						connector: { chat_id: 'cc', user_id: 'cu' },
						chat: { id: 'chat' },
						user: { id: 'user' },
					},
				],
			},
		});
		expect(result.ok && result.items).toStrictEqual([
			{
				event: 'ONIMCONNECTORDIALOGSTART',
				connector: 'c',
				line: '1',
				sessionId: 1,
				closed: false,
				parentSessionId: null,
				closeTerm: null,
				externalChatId: '11',
				externalUserId: '12',
				raw: { session: { id: '1' }, chat: { id: 11 }, user: { id: 12 } },
			},
			{
				event: 'ONIMCONNECTORDIALOGSTART',
				connector: 'c',
				line: '1',
				sessionId: 2,
				closed: false,
				parentSessionId: null,
				closeTerm: null,
				externalChatId: null,
				externalUserId: null,
				raw: { session: { id: '2', parent_id: 'x', close_term: '' } },
			},
			expect.objectContaining({ sessionId: 3, externalChatId: 'cc', externalUserId: 'cu' }),
		]);
	});

	it('names at most three problems, with their paths or (root)', () => {
		expect(parseConnectorEvent('text')).toStrictEqual({
			ok: false,
			reason: '(root): Expected object, received string',
		});
		const result = parseConnectorEvent({
			event: 'ONIMCONNECTORMESSAGEADD',
			data: { MESSAGES: [{}] },
		});
		expect(result).toStrictEqual({
			ok: false,
			reason: 'CONNECTOR: Required; LINE: Invalid input; MESSAGES.0.im: Required',
		});
	});

	it.each([
		['ONIMCONNECTORMESSAGEADD', { CONNECTOR: 'c', LINE: '1' }, 'MESSAGES: MESSAGES is empty'],
		['ONIMCONNECTORDIALOGSTART', { CONNECTOR: 'c', LINE: '1', DATA: '' }, 'DATA: DATA is empty'],
		['ONIMCONNECTORSTATUSDELETE', 'c2d', '(root): Expected object, received string'],
		['ONIMCONNECTORLINEDELETE', '', '(root): String must contain at least 1 character(s)'],
		['ONCRMLEADADD', {}, 'Unsupported event "ONCRMLEADADD"'],
	])('refuses %s with %j', (event, data, reason) => {
		expect(parseConnectorEvent({ event, data })).toStrictEqual({ ok: false, reason });
	});

	it('names an install event of another kind and the missing token', () => {
		const auth = { access_token: 'a', application_token: 't' };
		expect(parseInstallEvent({ event: 'onAppUninstall', auth })).toStrictEqual({
			ok: false,
			reason: 'Unsupported event "ONAPPUNINSTALL"',
		});
		expect(parseInstallEvent({ event: 'ONAPPINSTALL', auth: { access_token: 'a' } })).toStrictEqual({
			ok: false,
			reason: 'auth.application_token: Required',
		});
	});
});
