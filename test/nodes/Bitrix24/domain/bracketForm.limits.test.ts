import {
	DEFAULT_FORM_LIMITS,
	FormLimitError,
	formPairs,
	encodeBracketQuery,
	nestBracketForm,
	parseBracketQuery,
	splitBracketKey,
} from '../../../../nodes/Bitrix24/domain/bracketForm';

const LIMITS = { maxKeys: 5, maxDepth: 3, maxIndex: 2 };

function thrown(run: () => unknown): FormLimitError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(FormLimitError);
	return caught as FormLimitError;
}

describe('bracket forms: long lists and exact limits', () => {
	it('keeps 11 and more list items in order (index 10 after 9, not after 1)', () => {
		const values = Array.from({ length: 12 }, (_, i) => `v${i}`);
		const query = values.map((value) => `a[]=${value}`).join('&');
		expect(parseBracketQuery(query)).toEqual({ a: values });
		const explicit = Object.fromEntries(values.map((value, i) => [`b[${i}]`, value]));
		expect(nestBracketForm(explicit)).toEqual({ b: values });
	});

	it('continues implicit indices after explicit ones', () => {
		expect(nestBracketForm({ 'a[5]': 'x', 'a[]': 'y' })).toEqual({ a: { '5': 'x', '6': 'y' } });
		expect(parseBracketQuery('a[0]=x&a[]=y&a[]=z')).toEqual({ a: ['x', 'y', 'z'] });
		expect(parseBracketQuery('a[x]=1&a[]=y')).toEqual({ a: { x: '1', '0': 'y' } });
		expect(nestBracketForm({ a: { '3': 'x' }, 'a[]': 'y' })).toEqual({ a: { '3': 'x', '4': 'y' } });
		// Only canonical numbers are indices: `01`, `x1` and `1x` are names.
		expect(parseBracketQuery('a[01]=x&a[]=y')).toStrictEqual({ a: { '0': 'y', '01': 'x' } });
		expect(parseBracketQuery('a[x1]=x&a[]=y')).toStrictEqual({ a: { '0': 'y', x1: 'x' } });
		expect(parseBracketQuery('a[1x]=x&a[]=y')).toStrictEqual({ a: { '0': 'y', '1x': 'x' } });
		// An index on the way to a deeper key counts as well.
		expect(nestBracketForm({ 'a[0]': 'p', 'a[5][x]': '1', 'a[]': 'q' })).toStrictEqual({
			a: { '0': 'p', '5': { x: '1' }, '6': 'q' },
		});
		expect(nestBracketForm({ 'a[b][]': 'x', 'a[b][2]': 'y', 'a[b][] ': 'z' })).toEqual({
			a: { b: { '0': 'x', '2': 'y' } },
			'a[b][] ': 'z',
		});
	});

	it('accepts exactly maxKeys fields and refuses one more with 413', () => {
		expect(Object.keys(parseBracketQuery('a=1&b=2&c=3&d=4&e=5', LIMITS))).toHaveLength(5);
		const error = thrown(() => parseBracketQuery('a=1&b=2&c=3&d=4&e=5&f=6', LIMITS));
		expect(error.status).toBe(413);
		expect(error.name).toBe('FormLimitError');
		expect(error.message).toBe('the body has more than 5 fields');
		expect(Object.keys(nestBracketForm({ a: '1', b: '2', c: '3', d: '4', e: '5' }, LIMITS))).toHaveLength(5);
		expect(thrown(() => nestBracketForm({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' }, LIMITS)).status).toBe(
			413,
		);
		// Each value of a repeated `[]` key counts.
		expect(nestBracketForm({ 'a[]': ['1', '2', '3'], b: '1', c: '2' }, { ...LIMITS, maxIndex: 9 })).toEqual({
			a: ['1', '2', '3'],
			b: '1',
			c: '2',
		});
		expect(() =>
			nestBracketForm({ 'a[]': ['1', '2', '3', '4'], b: '1', c: '2' }, { ...LIMITS, maxIndex: 9 }),
		).toThrow('the body has more than 5 fields');
		// The raw form is counted before it is collected: a repeated plain key counts once per value.
		const repeated = thrown(() => parseBracketQuery('a=1&a=2&a=3&a=4&a=5&a=6', { ...LIMITS, maxIndex: 9 }));
		expect([repeated.status, repeated.message]).toStrictEqual([413, 'the body has more than 5 fields']);
		// A `[]` key with one value and a list under a plain key count as one field each.
		expect(() => nestBracketForm({ 'x[]': '1', b: '2', c: '3', d: '4', e: '5', f: '6' }, LIMITS)).toThrow(
			'the body has more than 5 fields',
		);
		expect(() => nestBracketForm({ a: ['1', '2'], b: '2', c: '3', d: '4', e: '5', f: '6' }, LIMITS)).toThrow(
			'the body has more than 5 fields',
		);
		// Skipped prototype keys do not count.
		expect(
			nestBracketForm({ a: { constructor: '1', b: '2', c: '3', d: '4' }, e: '5' }, LIMITS),
		).toStrictEqual({ a: { b: '2', c: '3', d: '4' }, e: '5' });
		// Nested object keys count too.
		expect(() => nestBracketForm({ a: { b: '1', c: '2', d: '3' }, e: '1', f: '2' }, LIMITS)).toThrow(
			'the body has more than 5 fields',
		);
	});

	it('accepts exactly maxDepth levels and refuses one more with 400', () => {
		expect(parseBracketQuery('a[b][c]=1', LIMITS)).toEqual({ a: { b: { c: '1' } } });
		const error = thrown(() => parseBracketQuery('a[b][c][d]=1', LIMITS));
		expect(error.status).toBe(400);
		expect(error.message).toBe('a field is nested deeper than 3 levels');
		// A JSON value counts its object levels from the depth of its key.
		expect(nestBracketForm({ a: { b: { c: { d: '1' } } } }, LIMITS)).toEqual({ a: { b: { c: { d: '1' } } } });
		expect(() => nestBracketForm({ a: { b: { c: { d: { e: '1' } } } } }, LIMITS)).toThrow(
			'a field is nested deeper than 3 levels',
		);
		expect(nestBracketForm({ 'a[b]': { c: { d: '1' } } }, LIMITS)).toEqual({ a: { b: { c: { d: '1' } } } });
		expect(() => nestBracketForm({ 'a[b]': { c: { d: { e: '1' } } } }, LIMITS)).toThrow(FormLimitError);
		expect(() => nestBracketForm({ 'a[b][c]': { d: { e: '1' } } }, LIMITS)).toThrow(FormLimitError);
		// Lists inside lists count their levels the same way.
		expect(nestBracketForm({ a: [[['x']]] }, LIMITS)).toStrictEqual({ a: [[['x']]] });
		expect(() => nestBracketForm({ a: [[[['x']]]] }, LIMITS)).toThrow('a field is nested deeper than 3 levels');
	});

	it('caps implicit list indices at maxIndex and JSON lists at maxIndex + 1 values', () => {
		// A repeated `a[]` arrives as one list of values.
		expect(parseBracketQuery('a[]=0&a[]=1&a[]=2', LIMITS)).toEqual({ a: ['0', '1', '2'] });
		expect(() => parseBracketQuery('a[]=0&a[]=1&a[]=2&a[]=3', LIMITS)).toThrow(
			'a list has more than 3 values',
		);
		// An implicit index past maxIndex. Indices 0..maxIndex are maxIndex + 1 values, and the message counts
		// values, as the JSON list check does.
		expect(nestBracketForm({ 'a[1]': 'x', 'a[]': 'y' }, LIMITS)).toEqual({ a: { '1': 'x', '2': 'y' } });
		expect(() => nestBracketForm({ 'a[2]': 'x', 'a[]': 'y' }, LIMITS)).toThrow(
			'a list has more than 3 values',
		);
		// Explicit numeric keys may be sparse ids: not capped.
		expect(nestBracketForm({ 'a[999]': 'x' }, LIMITS)).toEqual({ a: { '999': 'x' } });
		expect(nestBracketForm({ a: ['0', '1', '2'] }, LIMITS)).toEqual({ a: ['0', '1', '2'] });
		const error = thrown(() => nestBracketForm({ a: ['0', '1', '2', '3'] }, LIMITS));
		expect(error.status).toBe(400);
		expect(error.message).toBe('a list has more than 3 values');
	});

	it('has generous defaults', () => {
		expect(DEFAULT_FORM_LIMITS).toEqual({ maxKeys: 20000, maxDepth: 32, maxIndex: 10000 });
		expect(new FormLimitError('x').status).toBe(400);
	});
});

describe('bracket forms: the value shapes the docstrings promise', () => {
	it('turns numbers and booleans into strings and drops undefined and null', () => {
		expect(
			nestBracketForm({
				n: 5,
				t: true,
				f: false,
				u: undefined,
				z: null,
				list: [1, null, undefined, 'x', [false]],
				fn: () => 1,
				obj: { a: null, b: 0 },
			}),
		).toStrictEqual({ n: '5', t: 'true', f: 'false', list: ['1', 'x', ['false']], obj: { b: '0' } });
	});

	it('merges nested objects into what flat keys built, and lets later scalars win', () => {
		expect(nestBracketForm({ 'a[b]': '1', a: { c: '2', b: '3' } })).toEqual({ a: { b: '3', c: '2' } });
		expect(nestBracketForm({ 'a[b][c]': '1', a: { b: { d: '2' } } })).toEqual({
			a: { b: { c: '1', d: '2' } },
		});
		expect(nestBracketForm({ a: 'scalar', 'a[b]': '1' })).toEqual({ a: { b: '1' } });
		expect(nestBracketForm({ 'a[b]': '1', a: 'scalar' })).toEqual({ a: 'scalar' });
		expect(nestBracketForm({ 'a[b]': '1', a: { __proto__x: '2', constructor: '3' } })).toEqual({
			a: { b: '1', __proto__x: '2' },
		});
	});

	it('turns a list into an object when keys are added below it', () => {
		expect(nestBracketForm({ a: ['x', 'y'], 'a[k]': 'z' })).toEqual({ a: { '0': 'x', '1': 'y', k: 'z' } });
		expect(nestBracketForm({ a: ['x', 'y'], 'a[2]': 'z' })).toEqual({ a: ['x', 'y', 'z'] });
		// `[]` appends after the items the list already had.
		expect(nestBracketForm({ a: ['x', 'y'], 'a[]': 'z' })).toStrictEqual({ a: ['x', 'y', 'z'] });
		expect(nestBracketForm({ a: ['x', 'y'], 'a[][k]': 'z' })).toStrictEqual({ a: ['x', 'y', { k: 'z' }] });
	});

	it('splits pairs lazily, keeps repeats, skips empty parts', () => {
		expect([...formPairs('a=1&&b&=x&a=2&c=1=2')]).toEqual([
			['a', '1'],
			['b', ''],
			['', 'x'],
			['a', '2'],
			['c', '1=2'],
		]);
		expect([...formPairs('')]).toEqual([]);
		expect([...formPairs('&')]).toEqual([]);
		expect([...formPairs('a%5B%5D=%2B+1')]).toEqual([['a[]', '+ 1']]);
	});

	it('splits keys with an empty head or trailing junk whole', () => {
		expect(splitBracketKey('a[]')).toEqual(['a', '']);
		expect(splitBracketKey('a[][x]')).toEqual(['a', '', 'x']);
		expect(splitBracketKey('a[x]]')).toEqual(['a[x]]']);
		expect(splitBracketKey('a[x][y')).toEqual(['a[x][y']);
		expect(splitBracketKey('a[[x]]')).toEqual(['a[[x]]']);
		expect(splitBracketKey('a[b]x[c]')).toEqual(['a[b]x[c]']);
	});

	it('encodes dates, keys and skips empty values like http_build_query', () => {
		expect(
			encodeBracketQuery({
				when: new Date('2025-01-02T03:04:05.000Z'),
				'a b': { 'c&d': 'x' },
				none: undefined,
				nested: { deep: [] },
				n: 0,
			}),
		).toBe('when=2025-01-02T03%3A04%3A05.000Z&a%20b[c%26d]=x&n=0');
		expect(encodeBracketQuery({})).toBe('');
		expect(encodeBracketQuery({ text: 'a$b[c]d%' })).toBe('text=a$b[c]d%25');
	});
});
