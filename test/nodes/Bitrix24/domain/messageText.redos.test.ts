/**
 * Operator-signature and BB-code parsing on hostile text: `[b]` plus 4,000 spaces took 22.8 s (a
 * cubic backtrack in the signature pattern); unclosed `[url=` / `[quote]` / `[img` and long blank runs
 * were quadratic. Each must stay in the low milliseconds at 256 KB, and behave as before on real text.
 */
import {
	bbCodeToPlainText,
	operatorMessagePlainText,
	parseOperatorSignature,
} from '../../../../nodes/Bitrix24/domain/messageText';
import { cpuMs, describeTiming } from '../../../helpers/cpuTime';

const KB256 = 256 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(KB256 / unit.length)).slice(0, KB256);

describeTiming('hostile operator texts stay fast', () => {
	it.each([
		['[b] + 4,000 spaces', `[b]${' '.repeat(4000)}`],
		['[b] + 256 KB of spaces', `[b]${' '.repeat(KB256)}`],
		['[b] + spaces + colon, no close', `[b]${' '.repeat(KB256 / 2)}:${' '.repeat(KB256 / 2)}`],
		['unclosed [url=', fill('[url=')],
		['unclosed [url=x]', fill('[url=x]')],
		['[url] openings then one close', `${fill('[url]a')}[/url]`],
		['[url=x openings then one close', `${fill('[url=x')}[/url]`],
		['unclosed [quote]', fill('[quote]')],
		['unclosed [img', fill('[img ')],
		['unclosed [color=', fill('[color=')],
		['spaces without a newline', `${' '.repeat(KB256)}x`],
		['tabs and spaces then text', fill(' \t x')],
		['dashes', fill('-----x\n')],
	])('%s', async (_name, text) => {
		const [, ms] = await cpuMs(() => operatorMessagePlainText(text));
		expect(ms).toBeLessThan(200);
	});
});

describe('the signature reader keeps its meaning', () => {
	it.each([
		['[b]Klaus Weber:[/b][br] Hello', 'Klaus Weber', 'Hello'],
		['  [B] Klaus :  [/B]\nHello', 'Klaus', 'Hello'],
		['[b]Klaus:[/b]\r\n  Hello', 'Klaus', 'Hello'],
		['[b]A: B:[/b] x', 'A: B', 'x'],
	])('%j', (text, name, body) => {
		expect(parseOperatorSignature(text)).toEqual({ operatorName: name, body });
	});

	it.each(['[b]:[/b] x', '[b]Name[/b] x', '[b]Na[me:[/b] x', 'x [b]Name:[/b]', '[b]Na\nme:[/b]'])(
		'no signature in %j',
		(text) => {
			expect(parseOperatorSignature(text)).toEqual({ body: text });
		},
	);

	it('converts links, quotes and images as before', () => {
		expect(
			bbCodeToPlainText(
				'See [url=https://a.test]shop[/url] and [url]https://b.test[/url][br][quote]hi[/quote][img]https://c.test/i.png[/img]  \nend',
			),
		).toBe('See shop (https://a.test) and https://b.test\n> hi\nhttps://c.test/i.png\nend');
	});
});
