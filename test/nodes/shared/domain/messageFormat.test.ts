import { bbCodeToPlain, decodeHtmlEntities } from '../../../../nodes/Chat2Desk/domain/bbCode';
import {
	deliveryErrorNotice,
	fillTemplate,
	MessageFormatError,
	neutraliseBbCodes,
	signGroupMessage,
	signOperatorName,
	splitGroupSender,
	stripOperatorSignature,
	truncateText,
} from '../../../../nodes/shared/domain/messageFormat';

describe('splitGroupSender (default pattern)', () => {
	it.each([
		['+79001234567: Hello', { senderPhone: '79001234567', text: 'Hello' }],
		['79001234567:Hello', { senderPhone: '79001234567', text: 'Hello' }],
		['79001234567 - Hello there', { senderPhone: '79001234567', text: 'Hello there' }],
		['+7 (900) 123-45-67: Привет', { senderPhone: '79001234567', text: 'Привет' }],
		['+79001234567 – en dash', { senderPhone: '79001234567', text: 'en dash' }],
		['+79001234567\nline two', { senderPhone: '79001234567', text: 'line two' }],
		['  +5511987654321:  spaced ', { senderPhone: '5511987654321', text: 'spaced ' }],
		['+79001234567: ', { senderPhone: '79001234567', text: '' }],
		['Hello +79001234567: not a prefix', { text: 'Hello +79001234567: not a prefix' }],
		['12345: too short', { text: '12345: too short' }],
		['1234567890123456: too long', { text: '1234567890123456: too long' }],
		['79001234567 no separator', { text: '79001234567 no separator' }],
		['2024-01-05 meeting', { text: '2024-01-05 meeting' }],
		['', { text: '' }],
	])('%p', (text, expected) => {
		expect(splitGroupSender(text)).toEqual(expected);
	});
});

describe('splitGroupSender (custom pattern)', () => {
	it.each([
		[
			'named group',
			'^\\[(?<phone>\\d+)\\]\\s*',
			'[79001234567] Hi',
			{ senderPhone: '79001234567', text: 'Hi' },
		],
		[
			'first group',
			'^From (\\+?\\d+):\\s*',
			'From +380501112233: Hi',
			{ senderPhone: '380501112233', text: 'Hi' },
		],
		['no match keeps text', '^From (\\d+):', 'Hi', { text: 'Hi' }],
		['RegExp object', /~(\d+)~ /g, '~123~ Hi', { senderPhone: '123', text: 'Hi' }],
	])('%s', (_name, pattern, text, expected) => {
		expect(splitGroupSender(text, { pattern })).toEqual(expected);
	});

	it('rejects an invalid pattern with a clear error', () => {
		expect(() => splitGroupSender('x', { pattern: '([' })).toThrow(MessageFormatError);
		expect(() => splitGroupSender('x', { pattern: '([' })).toThrow(/Invalid sender pattern/);
	});
});

describe('signGroupMessage', () => {
	it.each([
		['Hello', '79001234567', true, '+79001234567: Hello'],
		['Hello', '+7 900 123-45-67', true, '+79001234567: Hello'],
		['Hello', 79001234567, true, '+79001234567: Hello'],
		['Hello', '79001234567', false, 'Hello'],
		['Hello', undefined, true, 'Hello'],
		['Hello', '[wa] group', true, 'Hello'],
		['', '79001234567', true, '+79001234567:'],
	])('(%p, %p, %p) → %p', (text, phone, sign, expected) => {
		expect(signGroupMessage(text, phone, sign)).toBe(expected);
	});

	it('round-trips with splitGroupSender', () => {
		const { senderPhone, text } = splitGroupSender('+79001234567: Hi there');
		expect(signGroupMessage(text, senderPhone, true)).toBe('+79001234567: Hi there');
	});
});

describe('stripOperatorSignature', () => {
	it.each([
		['[b]Klaus Weber:[/b][br] Guten Tag!', { operatorName: 'Klaus Weber', text: 'Guten Tag!' }],
		['[b]Klaus Weber:[/b] [br]Guten Tag!', { operatorName: 'Klaus Weber', text: 'Guten Tag!' }],
		[
			'[B]Анна Петрова:[/B][BR] Здравствуйте',
			{ operatorName: 'Анна Петрова', text: 'Здравствуйте' },
		],
		['[b]Klaus:[/b]\nHallo', { operatorName: 'Klaus', text: 'Hallo' }],
		['[b]Klaus Weber:[/b]', { operatorName: 'Klaus Weber', text: '' }],
		[
			'[b]Klaus:[/b][br] [b]Note:[/b] bold stays',
			{ operatorName: 'Klaus', text: '[b]Note:[/b] bold stays' },
		],
		['[b]Klaus:[/b][br] line 1[br]line 2', { operatorName: 'Klaus', text: 'line 1[br]line 2' }],
		['[b]Note:[/b] please pay today', { text: '[b]Note:[/b] please pay today' }],
		['Plain text', { text: 'Plain text' }],
		['[b]:[/b][br] empty name', { text: '[b]:[/b][br] empty name' }],
		['', { text: '' }],
	])('%p', (text, expected) => {
		expect(stripOperatorSignature(text)).toEqual(expected);
	});
});

describe('signOperatorName', () => {
	it.each([
		['Hello', 'Klaus', true, undefined, 'Klaus: Hello'],
		['Hello', 'Klaus', false, undefined, 'Hello'],
		['Hello', '', true, undefined, 'Hello'],
		['Hello', undefined, true, undefined, 'Hello'],
		['Hello', ' Klaus ', true, '*{name}*\n{text}', '*Klaus*\nHello'],
		['Hello', 'Klaus', true, '[{name}] ', '[Klaus] Hello'],
		['', 'Klaus', true, undefined, 'Klaus:'],
		['costs $1', 'A$&B', true, undefined, 'A$&B: costs $1'],
	])('(%p, %p, %p, %p) → %p', (text, name, sign, format, expected) => {
		expect(signOperatorName(text, name, sign, format)).toBe(expected);
	});
});

describe('bbCodeToPlain', () => {
	it.each([
		['line breaks', 'a[br]b[BR]c', 'a\nb\nc'],
		[
			'formatting',
			'[b]bold[/b] [i]it[/i] [u]u[/u] [s]s[/s] [color=#ff0000]red[/color] [size=14]big[/size]',
			'bold it u s red big',
		],
		[
			'link with label',
			'see [url=https://example.com/a?b=1]our site[/url]',
			'see our site (https://example.com/a?b=1)',
		],
		['link label = target', '[url=https://x.io]https://x.io[/url]', 'https://x.io'],
		['bare link', '[url]https://x.io/p[/url]', 'https://x.io/p'],
		['quoted link target', '[url="https://x.io"]x[/url]', 'x (https://x.io)'],
		['mention', 'Hi [user=12]Anna[/user]!', 'Hi Anna!'],
		['mention with replace attr', '[USER=12 REPLACE]Anna[/USER]', 'Anna'],
		['chat link', 'go [chat=5]Sales chat[/chat]', 'go Sales chat'],
		['buttons', '[send=/yes]Yes[/send] or [put=/no]No[/put]', 'Yes or No'],
		['image', '[img size=200]https://x.io/i.png[/img]', 'https://x.io/i.png'],
		['icon with title', 'ok [icon=https://x.io/i.png size=20 title=Thumbs up]', 'ok Thumbs up'],
		['icon without title', 'ok [icon=https://x.io/i.png size=20]', 'ok'],
		['disk file', 'file: [disk=123]', 'file:'],
		['timestamp', 'at [timestamp=1700000000 format=FULL]', 'at 2023-11-14 22:13 UTC'],
		['quote', 'Re:[quote]first[br]second[/quote]answer', 'Re:\n> first\n> second\nanswer'],
		['nested quote', '[quote]a[quote]b[/quote][/quote]', '> a\n> > b'],
		['code keeps BB verbatim', '[code][b]x[/b][br]y[/code]', '[b]x[/b][br]y'],
		['list', '[list][*]one[*]two[/list]', '- one\n- two'],
		[
			'entities',
			'Tom &amp; Jerry &lt;3 &quot;hi&quot; &#8364; &#x1F600;',
			'Tom & Jerry <3 "hi" € 😀',
		],
		['unknown brackets kept', 'order [123] and [note]', 'order [123] and [note]'],
		['collapses blank lines', 'a[br][br][br][br]b', 'a\n\nb'],
		['empty', '', ''],
	])('%s', (_name, input, expected) => {
		expect(bbCodeToPlain(input)).toBe(expected);
	});

	it('can keep entities', () => {
		expect(bbCodeToPlain('a &amp; b', { decodeEntities: false })).toBe('a &amp; b');
	});

	it('handles a signed operator message end to end', () => {
		const { operatorName, text } = stripOperatorSignature(
			'[b]Klaus:[/b][br] [i]Hi[/i] [url=https://x.io]here[/url]',
		);
		expect(operatorName).toBe('Klaus');
		expect(bbCodeToPlain(text)).toBe('Hi here (https://x.io)');
	});
});

describe('decodeHtmlEntities', () => {
	it.each([
		['&amp;amp;', '&amp;'],
		['&unknown;', '&unknown;'],
		['&#0;', '&#0;'],
		['&nbsp;x', ' x'],
	])('%p → %p', (input, expected) => {
		expect(decodeHtmlEntities(input)).toBe(expected);
	});
});

describe('deliveryErrorNotice', () => {
	it.each([
		[
			{ reason: 'Recipient blocked the bot' },
			'⚠ Message was not delivered to the client: Recipient blocked the bot',
		],
		[{ reason: '' }, '⚠ Message was not delivered to the client: reason unknown'],
		[{}, '⚠ Message was not delivered to the client: reason unknown'],
		[
			{ reason: 'Timeout', text: 'Your   order\nis ready', messageId: 106773577 },
			'⚠ Message was not delivered to the client: Timeout\nMessage: "Your order is ready"\nChat2Desk message ID: 106773577',
		],
		[
			{ reason: 470, text: 'Привет, мир', maxTextLength: 7 },
			'⚠ Message was not delivered to the client: 470\nMessage: "Привет…"',
		],
	])('%p', (input, expected) => {
		expect(deliveryErrorNotice(input)).toBe(expected);
	});
});

describe('truncateText', () => {
	it.each([
		['short', 10, 'short'],
		['😀😀😀😀', 3, '😀😀…'],
		['abc def', 5, 'abc…'],
	])('(%p, %p) → %p', (text, max, expected) => {
		expect(truncateText(text, max)).toBe(expected);
	});
});

describe('message formatting: boundaries and the defensive branches the docstrings promise', () => {
	it('treats a missing text as empty', () => {
		const missing = undefined as unknown as string;
		expect(splitGroupSender(missing)).toStrictEqual({ text: '' });
		expect(signGroupMessage(missing, '79001234567', false)).toBe('');
		expect(stripOperatorSignature(missing)).toStrictEqual({ text: '' });
		expect(signOperatorName(missing, 'Klaus', false)).toBe('');
		expect(neutraliseBbCodes(missing)).toBe('');
		expect(truncateText(missing, 5)).toBe('');
		expect(fillTemplate(missing, {})).toBe('');
	});

	it.each([
		// The default pattern accepts 7 to 15 digits, whatever the separators between them.
		['1234567: seven', { senderPhone: '1234567', text: 'seven' }],
		['12 34 56: six digits', { text: '12 34 56: six digits' }],
		['123456789012345: fifteen', { senderPhone: '123456789012345', text: 'fifteen' }],
	])('splits %p with the default pattern', (text, expected) => {
		expect(splitGroupSender(text)).toStrictEqual(expected);
	});

	it('reads an empty custom pattern as the default one, digit limits included', () => {
		expect(splitGroupSender('+79001234567: Hi', { pattern: '' })).toStrictEqual({
			senderPhone: '79001234567',
			text: 'Hi',
		});
		expect(splitGroupSender('12 34 56: Hi', { pattern: '' })).toStrictEqual({
			text: '12 34 56: Hi',
		});
	});

	it.each([
		// No digit limits for a custom pattern.
		['short phone', '^(\\d+): ', '12: Hi', { senderPhone: '12', text: 'Hi' }],
		['no phone group', '^Sender: ', 'Sender: Hi', { senderPhone: undefined, text: 'Hi' }],
		['a phone group without digits', '^(\\w+): ', 'Anna: Hi', { senderPhone: undefined, text: 'Hi' }],
		['an empty match', '^(\\d*)', 'Hi', { text: 'Hi' }],
		['a match inside the text', ' (\\d+) ', 'from 123 Hi', { senderPhone: '123', text: 'fromHi' }],
	])('splits with a custom pattern: %s', (_case, pattern, text, expected) => {
		expect(splitGroupSender(text, { pattern })).toStrictEqual(expected);
	});

	it('reads a global RegExp from the start of each text', () => {
		const pattern = /(\d+): /g;
		pattern.lastIndex = 5;
		expect(splitGroupSender('123: Hi', { pattern })).toStrictEqual({ senderPhone: '123', text: 'Hi' });
		expect(splitGroupSender('456: Ho', { pattern })).toStrictEqual({ senderPhone: '456', text: 'Ho' });
	});

	it('names the pattern and the problem of an invalid pattern', () => {
		let caught: unknown;
		try {
			splitGroupSender('x', { pattern: '([' });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MessageFormatError);
		expect((caught as Error).name).toBe('MessageFormatError');
		expect((caught as Error).message).toMatch(/^Invalid sender pattern "\(\[": Invalid regular expression/);
	});

	it.each([
		['Hi', null, true, 'Hi'],
		['Hi', '', true, 'Hi'],
		['Hi', { phone: '7900' }, true, 'Hi'],
	])('signs (%p, %p, %p) as %p', (text, phone, sign, expected) => {
		expect(signGroupMessage(text, phone, sign)).toBe(expected);
	});

	it.each([
		// Only a bold "Name:" opening the text is a signature.
		['[i]Klaus:[/b][br] Hi', { text: '[i]Klaus:[/b][br] Hi' }],
		['[b][br]Klaus:x', { text: '[b][br]Klaus:x' }],
		['[b]Klaus\nWeber:[/b][br]Hi', { text: '[b]Klaus\nWeber:[/b][br]Hi' }],
		['[b]a [b]Klaus:[/b][br]Hi', { text: '[b]a [b]Klaus:[/b][br]Hi' }],
		['[b]Note[/b][br]Hi', { text: '[b]Note[/b][br]Hi' }],
		// Spaces between the colon and the closing tag, tabs before the break, both line-break forms.
		['[b]Klaus:  [/b][br]Hi', { operatorName: 'Klaus', text: 'Hi' }],
		['[b]Klaus: [/b]', { operatorName: 'Klaus', text: '' }],
		['[b]Klaus:[/b]\t [br]Hi', { operatorName: 'Klaus', text: 'Hi' }],
		['[b]Klaus:[/b]\r\nHi', { operatorName: 'Klaus', text: 'Hi' }],
		['[b]Klaus:[/b]\rHi', { text: '[b]Klaus:[/b]\rHi' }],
	])('strips the operator signature of %p', (text, expected) => {
		expect(stripOperatorSignature(text)).toStrictEqual(expected);
	});

	it.each([
		['\t', true],
		['\n', true],
		['\u000b', true],
		['\u000c', true],
		['\r', true],
		[' ', true],
		['\u00a0', true],
		['\ufeff', true],
		['\u0008', false],
		['\u000e', false],
		['\u200b', false],
	])('skips %j as whitespace around the signature: %p', (space, skipped) => {
		const text = `${space}[b]Klaus:[/b][br]${space}Hi`;
		expect(stripOperatorSignature(text)).toStrictEqual(
			skipped ? { operatorName: 'Klaus', text: 'Hi' } : { text },
		);
	});

	it('keeps the text as it is when signing', () => {
		expect(signOperatorName('Hello ', 'Klaus', true)).toBe('Klaus: Hello ');
		expect(signOperatorName('', 'Klaus', true, '{text} ({name}) ')).toBe('(Klaus)');
	});

	it.each([
		['😀😀😀😀', 4, '😀😀😀😀'],
		['😀😀😀😀', 5, '😀😀😀😀'],
		['a😀b', 2, 'a…'],
		// Both ends of the high-surrogate range start a pair.
		['\ud800\udc00\ud800\udc00', 2, '\ud800\udc00\ud800\udc00'],
		['\udbff\udfff\udbff\udfff', 2, '\udbff\udfff\udbff\udfff'],
		// Above the surrogates every code unit is a character of its own.
		['\uff01\uff01\uff01\uff01', 3, '\uff01\uff01…'],
		['abcd', 4, 'abcd'],
		['abcd', 3, 'ab…'],
		['ab  cd', 4, 'ab…'],
		// A cap below one leaves only the ellipsis.
		['abc', 0, '…'],
		['abc', -1, '…'],
		['abc', 1, '…'],
	])('truncates (%p, %p) to %p', (text, max, expected) => {
		expect(truncateText(text, max)).toBe(expected);
	});

	it('trims the reason, the quoted text and the message id of a delivery notice', () => {
		expect(
			deliveryErrorNotice({ reason: '  Timeout  ', text: '  Hello there  ', messageId: ' 42 ' }),
		).toBe(
			'⚠ Message was not delivered to the client: Timeout\nMessage: "Hello there"\nChat2Desk message ID: 42',
		);
		expect(deliveryErrorNotice({ reason: '   ', text: '   ', messageId: '  ' })).toBe(
			'⚠ Message was not delivered to the client: reason unknown',
		);
		expect(deliveryErrorNotice({ reason: { code: 1 }, text: 5, messageId: { id: 1 } })).toBe(
			'⚠ Message was not delivered to the client: reason unknown',
		);
	});

	it('fills a placeholder without a value with nothing', () => {
		expect(fillTemplate('[{a}|{b}]', { a: undefined, b: null })).toBe('[|]');
		expect(fillTemplate('{a} {b}', { a: 0, b: false })).toBe('0 false');
	});
});
