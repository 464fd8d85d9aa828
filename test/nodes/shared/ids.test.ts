import { idKey, normaliseId, stableHash } from '../../../nodes/shared/ids';
import { fillTemplate } from '../../../nodes/shared/domain/messageFormat';

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

describe('stableHash values', () => {
	it.each([
		['', '811c9dc55ad1e806'],
		['a', 'e40c292c5f7064c4'],
		// A leading zero in the first half is kept (padded to 8 characters).
		['message-42', '0b85afadf31ad6cc'],
		['Привет', '3805a81b9b90bea2'],
	])('%p hashes to %s', (input, expected) => {
		expect(stableHash(input)).toBe(expected);
	});
});

describe('id spellings', () => {
	it.each([
		[7, 7],
		[-3, -3],
		[Number.NaN, undefined],
		[Number.POSITIVE_INFINITY, undefined],
		['7', 7],
		[' 379158 ', 379158],
		['-12', -12],
		['123456789012345', 123456789012345],
		// Longer digit runs would lose precision as numbers: kept as text.
		['1234567890123456', '1234567890123456'],
		['  abc  ', 'abc'],
		['7a', '7a'],
		['1.5', '1.5'],
		['   ', undefined],
		['', undefined],
		[{ id: ' 9 ' }, 9],
		[{ id: { id: 'x' } }, 'x'],
		[{ name: 'no id' }, undefined],
		[[7], undefined],
		[null, undefined],
		[undefined, undefined],
		[true, undefined],
	])('normaliseId(%p) is %p', (input, expected) => {
		expect(normaliseId(input)).toBe(expected);
	});

	it('compares spellings through idKey', () => {
		expect(idKey(' 7 ')).toBe('7');
		expect(idKey({ id: 7 })).toBe('7');
		expect(idKey('abc')).toBe('abc');
		expect(idKey('')).toBeUndefined();
		expect(idKey(null)).toBeUndefined();
	});
});
