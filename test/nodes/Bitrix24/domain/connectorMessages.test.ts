import {
	buildConnectorMessage,
	buildDeleteMessage,
	buildStatusMessage,
	chunk,
	MessageInputError,
	messageResults,
	summariseMessageResult,
	toIdList,
	toUnixSeconds,
} from '../../../../nodes/Bitrix24/domain/connectorMessages';

describe('buildConnectorMessage', () => {
	it('builds the full user/message/chat element with sanitised names', () => {
		expect(
			buildConnectorMessage({
				userId: ' 555 ',
				userName: 'Anna-Maria 😀 2',
				userLastName: "O'Neil the Third of Somewhere Far",
				userPhone: '+49 151 000',
				userEmail: 'anna@x.test',
				userPictureUrl: 'https://x.test/a.png',
				userProfileUrl: 'https://wa.me/49151000',
				skipPhoneValidation: true,
				messageId: 'c2d-1',
				messageDate: '1773759161000',
				text: 'Hello',
				files: [
					{ url: 'https://x.test/f.pdf', name: 'f.pdf' },
					{ url: ' ' },
					{ url: 'https://x.test/g' },
				],
				disableCrm: true,
				postAsUserId: '7',
				chatId: '555',
				chatName: 'WhatsApp: Anna',
				chatUrl: 'https://c2d.test/chats/555',
			}),
		).toEqual({
			user: {
				id: '555',
				name: 'Anna-Maria',
				last_name: "O'Neil the Third of Somew",
				phone: '+49 151 000',
				email: 'anna@x.test',
				picture: { url: 'https://x.test/a.png' },
				url: 'https://wa.me/49151000',
				skip_phone_validate: 'Y',
			},
			message: {
				id: 'c2d-1',
				date: 1773759161,
				text: 'Hello',
				files: [{ url: 'https://x.test/f.pdf', name: 'f.pdf' }, { url: 'https://x.test/g' }],
				disable_crm: 'Y',
				user_id: 7,
			},
			chat: { id: '555', name: 'WhatsApp: Anna', url: 'https://c2d.test/chats/555' },
		});
	});

	it('omits empty optional parts', () => {
		expect(buildConnectorMessage({ userId: '1', chatId: '2', text: 'x', userName: '!!!' })).toEqual(
			{
				user: { id: '1' },
				message: { text: 'x' },
				chat: { id: '2' },
			},
		);
	});

	it('accepts a file-only message', () => {
		expect(
			buildConnectorMessage({ userId: '1', chatId: '2', files: [{ url: 'https://x.test/f' }] })
				.message,
		).toEqual({
			files: [{ url: 'https://x.test/f' }],
		});
	});

	it.each([
		[{ userId: '', chatId: '2', text: 'x' }, 'User ID is required'],
		[{ userId: '1', chatId: ' ', text: 'x' }, 'Chat ID is required'],
		[{ userId: '1', chatId: '2', text: '  ' }, 'A message needs a text or at least one file'],
	])('rejects %j', (input, message) => {
		expect(() => buildConnectorMessage(input)).toThrow(new MessageInputError(message));
	});
});

describe('toUnixSeconds', () => {
	it.each([
		[1773759161, 1773759161],
		[1773759161123, 1773759161],
		['1773759161', 1773759161],
		['2026-03-17T14:52:41Z', 1773759161],
		[new Date('2026-03-17T14:52:41Z'), 1773759161],
		['', undefined],
		['not a date', undefined],
		[undefined, undefined],
	])('%j → %j', (input, expected) => {
		expect(toUnixSeconds(input as never)).toBe(expected);
	});
});

describe('status and delete elements', () => {
	it('builds the delivery status element with an id array', () => {
		expect(
			buildStatusMessage({
				imChatId: '1807',
				imMessageId: 86497,
				externalMessageIds: 'c2d-7, c2d-8',
				externalChatId: '555',
				date: 1773759200,
			}),
		).toEqual({
			im: { chat_id: 1807, message_id: 86497 },
			message: { id: ['c2d-7', 'c2d-8'], date: 1773759200 },
			chat: { id: '555' },
		});
	});

	it.each([
		[
			{ imChatId: 0, imMessageId: 1, externalMessageIds: 'a', externalChatId: 'c' },
			/positive integers/,
		],
		[
			{ imChatId: 1, imMessageId: 1, externalMessageIds: [], externalChatId: 'c' },
			/external message ID/,
		],
		[
			{ imChatId: 1, imMessageId: 1, externalMessageIds: 'a', externalChatId: '' },
			/External chat ID/,
		],
	])('rejects %j', (input, message) => {
		expect(() => buildStatusMessage(input)).toThrow(message);
	});

	it('builds the delete element', () => {
		expect(buildDeleteMessage({ userId: '1', messageId: 'm', chatId: 'c' })).toEqual({
			user: { id: '1' },
			message: { id: 'm' },
			chat: { id: 'c' },
		});
		expect(() => buildDeleteMessage({ userId: '1', messageId: '', chatId: 'c' })).toThrow(
			MessageInputError,
		);
	});

	it('reads id lists', () => {
		expect(toIdList(['a', ' ', 3])).toEqual(['a', '3']);
		expect(toIdList('a,,b')).toEqual(['a', 'b']);
		expect(toIdList(undefined)).toEqual([]);
	});
});

describe('results', () => {
	const reply = {
		SUCCESS: true,
		DATA: {
			RESULT: [
				{
					user: '585',
					message: { id: 'ext-1', date: {}, text: 'Hi', files: [] },
					chat: { id: 'channel-123' },
					SUCCESS: true,
					session: { ID: '323', CHAT_ID: '1767' },
				},
				{
					user: '585',
					message: { id: 'ext-2' },
					chat: { id: 'channel-123' },
					SUCCESS: false,
					ERRORS: ['bad'],
				},
			],
		},
	};

	it('summarises per-message results with session ids', () => {
		const [first, second] = messageResults(reply);
		expect(summariseMessageResult(first)).toEqual({
			success: true,
			externalMessageId: 'ext-1',
			externalChatId: 'channel-123',
			bitrixUserId: 585,
			sessionId: 323,
			chatId: 1767,
			errors: [],
		});
		expect(summariseMessageResult(second)).toMatchObject({
			success: false,
			sessionId: null,
			errors: ['bad'],
		});
		expect(messageResults({ SUCCESS: true, DATA: [] })).toEqual([]);
		expect(messageResults(undefined)).toEqual([]);
	});

	it('chunks preserving order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([1, 2], 0)).toEqual([[1], [2]]);
	});
});
