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
	])('%s', (text, operatorName, body) => {
		expect(parseOperatorSignature(text)).toEqual({ operatorName, body });
	});

	it.each([
		'Hello [b]bold:[/b] not a signature',
		'[b]Important[/b]: read this',
		'[b]:[/b] empty name',
		'',
		'plain text',
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
