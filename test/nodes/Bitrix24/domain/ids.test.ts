import { stableHash } from '../../../../nodes/shared/ids';
import { fillTemplate } from '../../../../nodes/Bitrix24/domain/messageFormat';

describe('stableHash', () => {
	it('is stable, 16 hex characters, and differs for different inputs', () => {
		expect(stableHash('abc')).toBe(stableHash('abc'));
		expect(stableHash('abc')).toMatch(/^[0-9a-f]{16}$/);
		expect(stableHash('')).toMatch(/^[0-9a-f]{16}$/);
		const hashes = new Set(['a', 'b', 'ab', 'ba', 'Привет', '😀', '1\n2', '12'].map(stableHash));
		expect(hashes.size).toBe(8);
	});
});

describe('fillTemplate', () => {
	it.each([
		['Not delivered: {reason}', { reason: 'blocked' }, 'Not delivered: blocked'],
		['{a}-{b}', { a: 1, b: null }, '1-'],
		['{unknown} stays', {}, '{unknown} stays'],
		['  {x}  ', { x: '' }, ''],
		['{reason} costs $1 $&', { reason: 'A$&B' }, 'A$&B costs $1 $&'],
		['{constructor}', {}, '{constructor}'],
	])('%p', (template, values, expected) => {
		expect(fillTemplate(template, values)).toBe(expected);
	});
});
