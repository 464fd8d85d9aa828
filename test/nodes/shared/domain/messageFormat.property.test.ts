import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { bbCodeToPlain } from '../../../../nodes/Chat2Desk/domain/bbCode';
import { toChat2DeskMessages } from '../../../../nodes/Chat2Desk/domain/operatorReply';
import {
	neutraliseBbCodes,
	splitGroupSender,
	stripOperatorSignature,
	truncateText,
} from '../../../../nodes/shared/domain/messageFormat';
import { parseOperatorSignature } from '../../../../nodes/Bitrix24/domain/messageText';
import { toOpenLineMessage } from '../../../../nodes/Bitrix24/domain/openLineMessage';
import { cpuMsWithin, describeTiming } from '../../../helpers/cpuTime';

const LIMIT_MS = 200;

// CPU time, so other work on a busy machine does not count against the formatter.
function timed<T>(fn: () => T): { result: T; ms: number } {
	const [result, ms] = cpuMsWithin(fn, LIMIT_MS);
	return { result, ms };
}

// Pieces that steer the parsers into their slow paths when repeated: tags, brackets, colons, spaces.
const PIECES = ['[b]', '[/b]', '[br]', '[url=', ']', '[', ':', ' ', '\t', '\n', '+7', '9', '-', '[quote]', '[/quote]', '[code]', '&amp;', 'a', 'Я'];
const adversarialText = fc
	.tuple(
		fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }),
		fc.constantFrom(...PIECES),
		fc.integer({ min: 0, max: 256 * 1024 }),
		fc.string({ maxLength: 200 }),
	)
	.map(([head, filler, size, tail]) => {
		const body = filler.repeat(Math.max(0, Math.floor(size / filler.length)));
		return (head.join('') + body + tail).slice(0, 256 * 1024);
	});

const FORMATTERS: Array<[string, (text: string) => unknown]> = [
	['stripOperatorSignature', (text) => stripOperatorSignature(text)],
	['parseOperatorSignature', (text) => parseOperatorSignature(text)],
	['splitGroupSender', (text) => splitGroupSender(text)],
	['neutraliseBbCodes', (text) => neutraliseBbCodes(text)],
	// Operator texts are cut to 8 KB before their BB codes are read (operatorReply).
	['bbCodeToPlain (8 KB)', (text) => bbCodeToPlain(text.slice(0, 8192))],
	['truncateText', (text) => truncateText(text, 10000)],
	[
		'toOpenLineMessage',
		(text) =>
			toOpenLineMessage(
				{ id: 1, client_id: 7, type: 'from_client', text, client: { phone: '120363000000000001@g.us' } },
				{ signGroupSenderPhone: true, includeMessageDate: false },
			),
	],
	[
		'toChat2DeskMessages',
		(text) =>
			toChat2DeskMessages(
				{ event: 'ONIMCONNECTORMESSAGEADD', externalChatId: '7', chatId: 1, messageId: 2, text } as IDataObject,
				{ signOperatorName: true },
			),
	],
];

describeTiming('message formatting on hostile text (up to 256 KB)', () => {
	it.each([
		['[b] + 4,000 spaces (took 22.8 s before)', '[b]' + ' '.repeat(4000)],
		['[b] + 256 KB of spaces', '[b]' + ' '.repeat(256 * 1024)],
		['[b] + 256 KB of spaces and a colon', '[b]' + ' '.repeat(256 * 1024) + ':'],
		['[b]x + 256 KB of tabs', '[b]x' + '\t'.repeat(256 * 1024)],
	])('%s: every formatter answers within 200 ms', (_name, text) => {
		for (const [name, format] of FORMATTERS) {
			const { ms } = timed(() => format(text));
			expect({ name, fast: ms < LIMIT_MS }).toEqual({ name, fast: true });
		}
	});

	it('random and adversarial texts: every formatter answers within 200 ms and never throws', () => {
		fc.assert(
			fc.property(adversarialText, (text) => {
				for (const [name, format] of FORMATTERS) {
					const { ms } = timed(() => format(text));
					if (ms >= LIMIT_MS) throw new Error(`${name} took ${ms.toFixed(0)} ms on ${text.length} chars`);
				}
			}),
			{ numRuns: 60 },
		);
	});
});

describe('message formatting properties', () => {
	it('a signature split keeps the rest of the text verbatim', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30 }).filter((name) => /^[^[\]\r\n:]*\S[^[\]\r\n:]*$/.test(name)), fc.string(), (name, body) => {
				const parsed = stripOperatorSignature(`[b]${name}:[/b][br]${body}`);
				expect(parsed.operatorName).toBe(name.trim());
				expect(parsed.text).toBe(body.replace(/^\s+/, ''));
			}),
		);
	});

	it('neutralised client text keeps its visible characters and contains no working tag', () => {
		fc.assert(
			fc.property(adversarialText, (text) => {
				const safe = neutraliseBbCodes(text);
				expect(safe.replace(/\u200b/g, '')).toBe(text.replace(/\u200b/g, ''));
				expect(/\[\/?[a-z*]/i.test(safe)).toBe(false);
			}),
			{ numRuns: 60 },
		);
	});

	it('truncated text never exceeds the cap (in code points)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 500 }), fc.integer({ min: 1, max: 300 }), (text, max) => {
				expect(Array.from(truncateText(text, max)).length).toBeLessThanOrEqual(max);
			}),
		);
	});
});
