import { bbCodeToPlain, decodeHtmlEntities } from '../../../../nodes/Chat2Desk/domain/bbCode';

describe('decodeHtmlEntities: every form and the range of code points', () => {
	it.each([
		['&AMP; &Lt; &GT; &apos; &quot;', '& < > \' "'],
		['&#65;&#X41;&#x41;', 'AAA'],
		['&#1114111;', String.fromCodePoint(0x10ffff)],
		['&#x10FFFF;', String.fromCodePoint(0x10ffff)],
		['&#1114112;', '&#1114112;'],
		['&#x110000;', '&#x110000;'],
		['&#1;', '\u0001'],
		['&#12345678;', '&#12345678;'],
		['&#x1234567;', '&#x1234567;'],
		['&#;', '&#;'],
		['&#x;', '&#x;'],
		['&amp', '&amp'],
		['& amp;', '& amp;'],
		['&a1;', '&a1;'],
		['&constructor; &hasOwnProperty;', '&constructor; &hasOwnProperty;'],
	])('%p → %p', (input, expected) => {
		expect(decodeHtmlEntities(input)).toBe(expected);
	});
});

describe('bbCodeToPlain: the other spellings the docstring promises', () => {
	it.each([
		['self-closing breaks', 'a[br/]b[BR /]c[br  ]d', 'a\nb\nc\nd'],
		['code without its edge line breaks', 'x:[code]\r\n[b]keep[/b]\r\n[/code]', 'x:[b]keep[/b]'],
		['code with one edge break only', '[code]\nkeep[/code]', 'keep'],
		['code keeps entities', '[CODE]a\nb &amp;[/CODE]', 'a\nb &amp;'],
		['two code blocks', '[code]1[/code] and [code]2[/code]', '1 and 2'],
		['formatting with values', '[FONT=Arial]f[/font] [left]l[/left] [p]p[/p] [justify]j[/justify]', 'f l p j'],
		['bare link with spaces', '[url]  https://x.io  [/url]', 'https://x.io'],
		['link without label', '[url=https://x.io][/url]', 'https://x.io'],
		['single-quoted link', "[url='https://x.io'] site [/url]", 'site (https://x.io)'],
		['mention without label', '[user=12][/user]', '12'],
		['button without label', "[send='/yes'][/send]", '/yes'],
		['empty mention', '[user][/user]', ''],
		['call and context', '[call=+123]Call us[/call] [context=chat1]here[/context] [lines=1]x[/lines]', 'Call us here x'],
		['image without size', '[IMG] https://x.io/i.png [/IMG]', 'https://x.io/i.png'],
		['icon title before another attribute', '[icon=https://x.io/i.png title=Thumbs up size=20]', 'Thumbs up'],
		['quoted icon title', '[icon=https://x.io/i.png title="Thumbs up"]', 'Thumbs up'],
		['icon with a title-like attribute', '[icon=https://x.io/i.png subtitle=No]', ''],
		['timestamp without format', '[timestamp=0]', '1970-01-01 00:00 UTC'],
		['timestamp out of range', '[timestamp=99999999999999999]', ''],
		['attachments removed', 'a [attach=1] [file=2] [DISK=3] b', 'a    b'],
		['quote with CRLF lines', '[quote]one\r\ntwo[/quote]', '> one\n> two'],
		['trailing spaces and tabs at line ends', 'a \t[br]b  ', 'a\nb'],
		['CRLF line ends', 'a  \r\nb\r\n', 'a\nb'],
		['lines of spaces only', 'a\n  \n\t\nb', 'a\n\nb'],
		['two blank lines kept', 'a\n\n\nb', 'a\n\nb'],
		['one blank line kept', 'a\n\nb', 'a\n\nb'],
		['a lone bracket', 'a [ b ] c', 'a [ b ] c'],
	])('%s', (_name, input, expected) => {
		expect(bbCodeToPlain(input)).toBe(expected);
	});

	it('puts back each of many code blocks in its place', () => {
		const text = Array.from({ length: 12 }, (_, index) => `[code]<${index}>[/code]`).join(' ');
		expect(bbCodeToPlain(text)).toBe('<0> <1> <2> <3> <4> <5> <6> <7> <8> <9> <10> <11>');
	});

	it.each([
		['title before another attribute', ' title=Hi size=20', 'Hi'],
		['spaces before the next attribute', ' title=Hi there   size=20', 'Hi there'],
		['title at the end', ' size=20 TITLE=Hi there', 'Hi there'],
		['a name ending in title', ' subtitle=No', ''],
	])('reads the icon title: %s', (_case, attributes, expected) => {
		expect(bbCodeToPlain(`[icon=https://x.io/i.png${attributes}]`)).toBe(expected);
	});

	it('reads a missing text as empty', () => {
		expect(bbCodeToPlain(undefined as unknown as string)).toBe('');
		expect(bbCodeToPlain(null as unknown as string)).toBe('');
	});

	it('decodes entities unless told not to', () => {
		expect(bbCodeToPlain('a &amp; b', {})).toBe('a & b');
		expect(bbCodeToPlain('a &amp; b', { decodeEntities: true })).toBe('a & b');
		expect(bbCodeToPlain('a &amp; b', { decodeEntities: false })).toBe('a &amp; b');
	});
});
