import { asObject, buildCustomFields, compact, parseIdList } from '../../../../nodes/Chat2Desk/domain/params';

describe('Chat2Desk parameter helpers', () => {
	it.each([
		[5, { ids: [5], invalid: [] }],
		['5, 6;7  8,,', { ids: [5, 6, 7, 8], invalid: [] }],
		[' 5\n6\t5 ', { ids: [5, 6], invalid: [] }],
		[['5', 6, ' 7 ', '', null], { ids: [5, 6, 7], invalid: ['null'] }],
		['5, abc, -1, 2.5', { ids: [5], invalid: ['abc', '-1', '2.5'] }],
		['', { ids: [], invalid: [] }],
		[undefined, { ids: [], invalid: [] }],
		[null, { ids: [], invalid: [] }],
		[true, { ids: [], invalid: ['true'] }],
		['007', { ids: [7], invalid: [] }],
	])('parseIdList(%p)', (input, expected) => {
		expect(parseIdList(input)).toEqual(expected);
	});

	it('compacts undefined, null and empty strings only', () => {
		expect(compact({ a: undefined, b: null, c: '', d: 0, e: false, f: ' ', g: [] })).toStrictEqual({
			d: 0,
			e: false,
			f: ' ',
			g: [],
		});
		expect(compact({})).toEqual({});
	});

	it('builds custom fields keyed by id, later entries winning', () => {
		expect(
			buildCustomFields({
				field: [
					{ fieldId: ' 3 ', value: 'first' },
					{ fieldId: 4, value: null },
					{ fieldId: 5 },
					{ fieldId: '', value: 'skipped' },
					{ value: 'no id' },
					{ fieldId: 3, value: 'second' },
					{ fieldId: 6, value: 0 },
				],
			}),
		).toEqual({ '3': 'second', '4': '', '5': '', '6': 0 });
		expect(buildCustomFields({ field: [{ fieldId: '  ', value: 'x' }] })).toBeUndefined();
		expect(buildCustomFields({ field: [] })).toBeUndefined();
		expect(buildCustomFields({ field: 'x' })).toBeUndefined();
		expect(buildCustomFields({})).toBeUndefined();
		expect(buildCustomFields(undefined)).toBeUndefined();
	});

	it('wraps non-object data under result', () => {
		const object = { id: 1 };
		expect(asObject(object)).toBe(object);
		expect(asObject([1, 2])).toEqual({ result: [1, 2] });
		expect(asObject(0)).toEqual({ result: 0 });
		expect(asObject('')).toEqual({ result: '' });
		expect(asObject(false)).toEqual({ result: false });
		expect(asObject(5)).toEqual({ result: 5 });
		expect(asObject('ok')).toEqual({ result: 'ok' });
		expect(asObject(undefined)).toStrictEqual({});
		expect(asObject(null)).toStrictEqual({});
	});
});
