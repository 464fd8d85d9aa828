import { z } from 'zod';

import {
	envelope,
	idString,
	lineDeleteData,
	listOf,
	optionalInt,
	statusDeleteData,
} from '../../../../nodes/Bitrix24/domain/eventSchemas';

const issuesOf = (result: z.SafeParseReturnType<unknown, unknown>) =>
	result.success ? [] : result.error.issues.map((issue) => issue.message);

describe('event schema building blocks', () => {
	const texts = listOf(z.string());

	it.each([
		[undefined, []],
		[null, []],
		['', []],
		[['a', 'b'], ['a', 'b']],
		[{ 2: 'a', 9: 'b' }, ['a', 'b']],
	])('reads the list %j as %j', (value, expected) => {
		expect(texts.parse(value)).toStrictEqual(expected);
	});

	it('refuses a scalar where a list belongs', () => {
		expect(issuesOf(texts.safeParse('a'))).toStrictEqual(['Expected array, received string']);
		expect(issuesOf(texts.safeParse(0))).toStrictEqual(['Expected array, received number']);
	});

	it('trims ids and reads numbers as text', () => {
		expect(idString.parse(' 107 ')).toBe('107');
		expect(idString.parse(5)).toBe('5');
	});

	it.each([
		[undefined, null],
		['', null],
		['x', null],
		['12', 12],
		[0, 0],
	])('reads the optional number %j as %j', (value, expected) => {
		expect(optionalInt.parse(value)).toBe(expected);
	});

	it('reads STATUSDELETE data in either spelling, lower case first', () => {
		expect(statusDeleteData.parse({ connector: 'low', CONNECTOR: 'UP', line: '1', LINE: '2' })).toStrictEqual({
			connector: 'low',
			line: '1',
		});
		expect(statusDeleteData.parse({ CONNECTOR: 'UP', LINE: 2 })).toStrictEqual({ connector: 'UP', line: '2' });
		expect(issuesOf(statusDeleteData.safeParse(null))).toStrictEqual(['Expected object, received null']);
		expect(issuesOf(statusDeleteData.safeParse('c'))).toStrictEqual(['Expected object, received string']);
	});

	it('reads a LINEDELETE line as text and upper-cases the event name', () => {
		expect(lineDeleteData.parse(107)).toBe('107');
		expect(lineDeleteData.parse('107')).toBe('107');
		expect(envelope.parse({ event: 'onImConnectorLineDelete', data: 1 }).event).toBe('ONIMCONNECTORLINEDELETE');
	});
});
