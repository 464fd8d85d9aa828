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
		expect(
			buildConnectorMessage({ userId: '1', chatId: '2', text: 'x', userName: '!!!' }),
		).toStrictEqual({
			user: { id: '1' },
			message: { text: 'x' },
			chat: { id: '2' },
		});
	});

	it('omits optional parts that are blank or null', () => {
		const blank = null as unknown as string;
		expect(
			buildConnectorMessage({
				userId: '1',
				chatId: '2',
				text: 'x',
				userName: blank,
				userLastName: '123',
				userPhone: ' ',
				userEmail: blank,
				userPictureUrl: ' ',
				userProfileUrl: blank,
				skipPhoneValidation: false,
				messageId: blank,
				messageDate: 'never',
				files: [{ url: blank }],
				disableCrm: false,
				postAsUserId: ' ',
				chatName: blank,
				chatUrl: ' ',
			}),
		).toStrictEqual({ user: { id: '1' }, message: { text: 'x' }, chat: { id: '2' } });
	});

	it('trims optional parts and keeps the text as it is', () => {
		expect(
			buildConnectorMessage({
				userId: '1',
				chatId: '2',
				text: ' x ',
				userLastName: 'Smith',
				userPhone: ' +1 555 ',
				userEmail: ' a@x.test ',
				userPictureUrl: ' https://x.test/a.png ',
				userProfileUrl: ' https://x.test/u ',
				messageId: ' m1 ',
				messageDate: 0,
				postAsUserId: ' 12 ',
				chatName: ' Chat ',
				chatUrl: ' https://x.test/c ',
				files: [{ url: ' https://x.test/f ', name: '  ' }],
			}),
		).toStrictEqual({
			user: {
				id: '1',
				last_name: 'Smith',
				phone: '+1 555',
				email: 'a@x.test',
				picture: { url: 'https://x.test/a.png' },
				url: 'https://x.test/u',
			},
			message: {
				id: 'm1',
				date: 0,
				text: ' x ',
				files: [{ url: 'https://x.test/f' }],
				user_id: 12,
			},
			chat: { id: '2', name: 'Chat', url: 'https://x.test/c' },
		});
	});

	it('sends files without the text when the text is blank', () => {
		expect(
			buildConnectorMessage({
				userId: '1',
				chatId: '2',
				text: '  ',
				files: [{ url: 'https://x.test/f', name: ' f ' }],
			}),
		).toStrictEqual({
			user: { id: '1' },
			message: { files: [{ url: 'https://x.test/f', name: 'f' }] },
			chat: { id: '2' },
		});
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
		[
			{ userId: '1', chatId: '2', files: [{ url: ' ' }] },
			'A message needs a text or at least one file',
		],
		[{ userId: '1', chatId: '2' }, 'A message needs a text or at least one file'],
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
		[' 1773759161 ', 1773759161],
		['1773759161.55', 1773759161],
		['1773759161999.5', 1773759161],
		[1e11, 1e11],
		[1e11 + 1000, 1e8 + 1],
		[1773759161.9, 1773759161],
		['1e3', undefined],
		['0x10', undefined],
		['1773759161.', undefined],
		[NaN, undefined],
		[new Date('x'), undefined],
	])('%p → %p', (input, expected) => {
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

	it('reads ids and the date of a status element', () => {
		expect(
			buildStatusMessage({
				imChatId: 1,
				imMessageId: '2',
				externalMessageIds: ['c2d-7'],
				externalChatId: ' 555 ',
			}),
		).toStrictEqual({
			im: { chat_id: 1, message_id: 2 },
			message: { id: ['c2d-7'] },
			chat: { id: '555' },
		});
		expect(
			buildStatusMessage({
				imChatId: 1,
				imMessageId: 2,
				externalMessageIds: 'a',
				externalChatId: 'c',
				date: '2026-03-17T14:52:41Z',
			}).message,
		).toStrictEqual({ id: ['a'], date: 1773759161 });
	});

	it.each([
		[-1, 1],
		[1.5, 1],
		['x', 1],
		[1, 0],
		[1, -2],
		[1, 2.5],
		[1, 'y'],
	])('rejects the Bitrix24 ids %p / %p', (imChatId, imMessageId) => {
		expect(() =>
			buildStatusMessage({ imChatId, imMessageId, externalMessageIds: 'a', externalChatId: 'c' }),
		).toThrow('Bitrix24 chat ID and message ID must be positive integers');
	});

	it('builds the delete element', () => {
		expect(buildDeleteMessage({ userId: '1', messageId: 'm', chatId: 'c' })).toEqual({
			user: { id: '1' },
			message: { id: 'm' },
			chat: { id: 'c' },
		});
		expect(buildDeleteMessage({ userId: ' 1 ', messageId: ' m ', chatId: ' c ' })).toStrictEqual({
			user: { id: '1' },
			message: { id: 'm' },
			chat: { id: 'c' },
		});
		for (const input of [
			{ userId: '1', messageId: '', chatId: 'c' },
			{ userId: ' ', messageId: 'm', chatId: 'c' },
			{ userId: '1', messageId: 'm', chatId: '' },
		]) {
			expect(() => buildDeleteMessage(input)).toThrow(
				new MessageInputError('User ID, message ID and chat ID are required to delete a message'),
			);
		}
	});

	it('reads id lists', () => {
		expect(toIdList(['a', ' ', 3])).toEqual(['a', '3']);
		expect(toIdList('a,,b')).toEqual(['a', 'b']);
		expect(toIdList(undefined)).toEqual([]);
		expect(toIdList(null)).toStrictEqual([]);
		expect(toIdList([null, undefined, ' b '])).toStrictEqual(['b']);
		expect(toIdList(' a , b ')).toStrictEqual(['a', 'b']);
		expect(toIdList(7)).toStrictEqual(['7']);
		expect(toIdList(['a,b', 'c'])).toStrictEqual(['a,b', 'c']);
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
		expect(messageResults({ DATA: { RESULT: { 0: 'a', 1: 'b' } } })).toStrictEqual(['a', 'b']);
		expect(messageResults({ DATA: { RESULT: null } })).toStrictEqual([]);
		expect(messageResults({ DATA: { RESULT: 'x' } })).toStrictEqual([]);
	});

	it('summarises an empty or odd result', () => {
		const empty = {
			success: true,
			externalMessageId: null,
			externalChatId: null,
			bitrixUserId: null,
			sessionId: null,
			chatId: null,
			errors: [],
		};
		expect(summariseMessageResult(undefined)).toStrictEqual(empty);
		expect(summariseMessageResult(null)).toStrictEqual(empty);
		expect(
			summariseMessageResult({ user: '', session: { ID: null, CHAT_ID: 'x' }, SUCCESS: 'N' }),
		).toStrictEqual(empty);
		expect(
			summariseMessageResult({ user: 0, session: { ID: Infinity, CHAT_ID: '0' }, SUCCESS: false }),
		).toStrictEqual({ ...empty, success: false, bitrixUserId: 0, chatId: 0 });
	});

	it('chunks preserving order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([1, 2], 0)).toEqual([[1], [2]]);
		expect(chunk([1, 2, 3], 2.9)).toStrictEqual([[1, 2], [3]]);
		expect(chunk([], 2)).toStrictEqual([]);
	});
});
