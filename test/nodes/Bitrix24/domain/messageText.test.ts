import {
	bbCodeToPlainText,
	operatorMessagePlainText,
	parseOperatorSignature,
	sanitizeBitrixName,
	sanitizeConnectorName,
	stripUrlFragment,
} from '../../../../nodes/Bitrix24/domain/messageText';

describe('parseOperatorSignature', () => {
	it.each([
		['[b]Klaus Weber:[/b][br] Guten Tag!', 'Klaus Weber', 'Guten Tag!'],
		['[b]Klaus Weber:[/b] [br]Guten Tag!', 'Klaus Weber', 'Guten Tag!'],
		['[B]Anna:[/B]\nHi', 'Anna', 'Hi'],
		['[b] Sergey "Pokoev" :[/b][br] Test message', 'Sergey "Pokoev"', 'Test message'],
		['[b]Мария Иванова:[/b][br] Здравствуйте', 'Мария Иванова', 'Здравствуйте'],
		['[b]Klaus:[/b]', 'Klaus', ''],
		['[b]Klaus:[/b][br] line 1[br]line 2', 'Klaus', 'line 1[br]line 2'],
		['  \n[b]Anna:[/b] Hi', 'Anna', 'Hi'],
		['[b]Anna: [/b] Hi', 'Anna', 'Hi'],
		['[b]Anna:[/B][BR]\t Hi', 'Anna', 'Hi'],
		['[b]Anna:[/b]\r\n  Hi', 'Anna', 'Hi'],
		['[b]Anna:[/b] \n\n[br] Hi', 'Anna', 'Hi'],
		['[b]Anna:[/b] [br][br]Hi', 'Anna', '[br]Hi'],
		['[b]Anna:[/b] \t ', 'Anna', ''],
		['[b]Anna:[/b]Hi [b]x[/b]', 'Anna', 'Hi [b]x[/b]'],
		['[b]İlker Öz:[/b][br] Merhaba', 'İlker Öz', 'Merhaba'],
	])('%s', (text, operatorName, body) => {
		expect(parseOperatorSignature(text)).toEqual({ operatorName, body });
	});

	it.each([
		'Hello [b]bold:[/b] not a signature',
		'[b]Important[/b]: read this',
		'[b]:[/b] empty name',
		'',
		'plain text',
		'[b]Anna: no closing tag',
		'x [b]Anna:[/b] Hi',
		'[i]Anna:[/i] Hi',
		'[b]a[i]b:[/b] Hi',
		'[b]a]b:[/b] Hi',
		'[b]a\nb:[/b] Hi',
		'[b]a\rb:[/b] Hi',
		'[b]Anna[/b] Hi',
		'[i]Anna:[/b] Hi',
		'[b]Anna:x',
	])('leaves %j alone', (text) => {
		expect(parseOperatorSignature(text)).toEqual({ body: text });
	});
});

describe('bbCodeToPlainText', () => {
	it.each([
		['Hello[br]world', 'Hello\nworld'],
		['[b]bold[/b] [i]it[/i] [u]u[/u] [s]s[/s]', 'bold it u s'],
		['See [url=https://x.test/a]our site[/url]', 'See our site (https://x.test/a)'],
		['[url]https://x.test[/url]', 'https://x.test'],
		['[url=https://x.test]https://x.test[/url]', 'https://x.test'],
		['Hi [user=12]Anna[/user], see [chat=5]Sales[/chat]', 'Hi Anna, see Sales'],
		['[quote]old line[br]second[/quote]answer', '> old line\n> second\nanswer'],
		['File: [disk=123] done', 'File:  done'],
		['[color=#ff0000]red[/color] [size=12]big[/size]', 'red big'],
		['Pick [send=1]one[/send] or [put=/two]two[/put]', 'Pick one or two'],
		['[code]x = 1[/code]', 'x = 1'],
		['a[br][br][br][br]b', 'a\n\nb'],
		['[icon=https://x.test/i.png size=20] hello', 'hello'],
		[
			'------------------------------------------------------[br]Quoted[br]------------------------------------------------------[br]reply',
			'Quoted\n\nreply',
		],
		['unknown [tag]stays[/tag]', 'unknown [tag]stays[/tag]'],
		['a[BR]b', 'a\nb'],
		['[URL] https://x.test [/URL]', 'https://x.test'],
		['[url]a[/url] and [url]b[/url]', 'a and b'],
		['a [url] x [/url] b', 'a x b'],
		['a [url= x ]L[/url] b', 'a L (x) b'],
		['[url=a"b]L[/url]', 'L (a"b)'],
		['a [img] u [/img] b', 'a u b'],
		['[URL=https://x.test]Site[/URL]', 'Site (https://x.test)'],
		['[url="https://x.test"]Site[/url]', 'Site (https://x.test)'],
		["[url='https://x.test'] https://x.test [/url]", 'https://x.test'],
		['[url= https://x.test ][/url]', 'https://x.test'],
		['[url=a]x[/url] [url=b]y[/url]', 'x (a) y (b)'],
		['[url=a]unclosed', '[url=a]unclosed'],
		['[QUOTE] q1 [/QUOTE]\nafter', '> q1\nafter'],
		['[quote]q[/quote]after', '> q\nafter'],
		['[quote]a[/quote][quote]b[/quote]', '> a\n> b'],
		['x [timestamp=1700000000] y', 'x  y'],
		['x [attach=1] y', 'x  y'],
		['x [file id=2] y', 'x  y'],
		['x [DISK=3] y', 'x  y'],
		['x [disk] y', 'x [disk] y'],
		['[img]https://x.test/a.png[/img]', 'https://x.test/a.png'],
		['[IMG size=10] https://x.test/a.png [/IMG]', 'https://x.test/a.png'],
		['[img]a[/img] [img]b[/img]', 'a b'],
		['[FONT=Arial]f[/FONT] [call=1]c[/call] [context=x]t[/context] [lines]l[/lines]', 'f c t l'],
		['[Color=red]r[/Color]', 'r'],
		[
			'[DEL]d[/DEL] [Left]l[/Left] [CENTER]c[/CENTER] [justify]j[/justify] [right]r[/right]',
			'd l c j r',
		],
		['-----\nx------\n------x', '-----\nx------\n------x'],
		['a\n--------\nb', 'a\n\nb'],
		['a  \t\nb \t', 'a\nb'],
		['a\n\n\nb', 'a\n\nb'],
		['  \n a', 'a'],
	])('%s', (input, expected) => {
		expect(bbCodeToPlainText(input)).toBe(expected);
	});
});

describe('operatorMessagePlainText', () => {
	it('strips the signature and converts BB codes', () => {
		expect(operatorMessagePlainText('[b]Klaus Weber:[/b][br] Price: [b]10 EUR[/b][br]Bye')).toEqual(
			{
				operatorName: 'Klaus Weber',
				textPlain: 'Price: 10 EUR\nBye',
			},
		);
	});

	it('works without a signature', () => {
		expect(operatorMessagePlainText('[i]hi[/i]')).toEqual({
			operatorName: undefined,
			textPlain: 'hi',
		});
	});
});

describe('sanitizeConnectorName', () => {
	it.each([
		['Anna', 'Anna'],
		["  O'Brien-Smith  ", "O'Brien-Smith"],
		['John 2nd', 'John nd'],
		['Иван Петров', 'Иван Петров'],
		['José Ñúñez', 'José Ñúñez'],
		['Anna 😀 Maria', 'Anna Maria'],
		['@@@', undefined],
		['', undefined],
		[null, undefined],
		['Alexandrina Konstantinopolskaya', 'Alexandrina Konstantinopo'],
		['D’Angelo', "D'Angelo"],
		['user_name.test', 'user name test'],
		['---', undefined],
		['Anna-', 'Anna'],
		[12345, undefined],
		[undefined, undefined],
		['DʼArcy', "D'Arcy"],
		['D`Arcy', "D'Arcy"],
		['नमस्ते', 'नमस्ते'],
		["--'Anna' --", 'Anna'],
		['Anna--', 'Anna'],
		['Anna   Maria', 'Anna Maria'],
		['Anna\tMaria', 'Anna Maria'],
		[`  ${'A'.repeat(30)}`, 'A'.repeat(25)],
		[`${'A'.repeat(24)} Bc`, 'A'.repeat(24)],
		[`${'A'.repeat(23)} - Bc`, 'A'.repeat(23)],
		['e\u0301'.repeat(30), '\u00e9'.repeat(25)],
	])('%j → %j', (input, expected) => {
		expect(sanitizeConnectorName(input)).toBe(expected);
	});

	it('never exceeds 25 characters', () => {
		const result = sanitizeConnectorName('Ä'.repeat(40));
		expect(Array.from(result ?? '').length).toBe(25);
	});
});

describe('stripUrlFragment', () => {
	it.each([
		['https://p.test/~AbCd#img.jpg', 'https://p.test/~AbCd'],
		[
			'https://p.test/pub/im.file.php?FILE_ID=1&SIGN=x',
			'https://p.test/pub/im.file.php?FILE_ID=1&SIGN=x',
		],
		['#only', ''],
		['https://p.test/a#b#c', 'https://p.test/a'],
	])('%s', (input, expected) => {
		expect(stripUrlFragment(input)).toBe(expected);
	});
});

describe('sanitizeBitrixName', () => {
	it.each([
		['Peter', 'Peter'],
		['Jean-Luc O’Neil', "Jean-Luc O'Neil"],
		['Анна  Петрова 😀', 'Анна Петрова'],
		['Peter2000', 'Peter'],
		['[tg] 807892', 'tg'],
		['😀😀', ''],
		[undefined, ''],
		['Александра-Анастасия Константинопольская', 'Александра-Анастасия Конс'],
	])('%p → %p', (input, expected) => {
		const result = sanitizeBitrixName(input);
		expect(result).toBe(expected);
		expect(Array.from(result).length).toBeLessThanOrEqual(25);
	});
});
