import {
	classifyResponse,
	formatFieldErrors,
	parseExistingClientId,
	resolveBaseUrl,
} from '../../../../nodes/Chat2Desk/domain/envelope';

describe('Chat2Desk response envelope', () => {
	it.each([
		[
			'success envelope',
			200,
			{ status: 'success', data: { id: 1 } },
			{ kind: 'ok', data: { id: 1 }, meta: undefined },
		],
		[
			'list with meta',
			200,
			{ status: 'success', data: [{ id: 1 }], meta: { total: 1, limit: 20, offset: 0 } },
			{ kind: 'ok', data: [{ id: 1 }], meta: { total: 1, limit: 20, offset: 0 } },
		],
		[
			'status ok (custom fields)',
			200,
			{ status: 'ok', data: [] },
			{ kind: 'ok', data: [], meta: undefined },
		],
		['bare array', 200, [{ id: 1 }], { kind: 'ok', data: [{ id: 1 }] }],
		['other object', 200, { foo: 1 }, { kind: 'ok', data: { foo: 1 } }],
	])('unwraps a %s', (_case, status, body, expected) => {
		expect(classifyResponse(status, body)).toEqual(expected);
	});

	it.each([
		[
			'a validation error',
			400,
			{
				status: 'error',
				message: 'Validation failed',
				errors: { url: ['already used'], events: ['bad', 'worse'] },
			},
			{
				kind: 'apiError',
				message: 'Validation failed',
				details: 'url: already used; events: bad, worse',
			},
		],
		[
			'an error nested in data with HTTP 200',
			200,
			{ data: { status: 'error', message: 'request not found' } },
			{ kind: 'apiError', message: 'request not found', details: undefined },
		],
		[
			'a status error with HTTP 200',
			200,
			{ status: 'error', message: 'Token is not correct' },
			{ kind: 'apiError', message: 'Token is not correct', details: undefined },
		],
		[
			'HTTP 429',
			429,
			{ status: 'error', message: 'Too many' },
			{ kind: 'rateLimited', message: 'Too many', details: undefined },
		],
		[
			'the burst-limit text without 429',
			400,
			{ status: 'error', message: 'Number of API requests exceeded' },
			{ kind: 'rateLimited', message: 'Number of API requests exceeded', details: undefined },
		],
		[
			'the monthly quota text (even as 429)',
			429,
			{ status: 'error', message: 'API calls exceeded API limit per month' },
			{
				kind: 'quotaExceeded',
				message: 'API calls exceeded API limit per month',
				details: undefined,
			},
		],
		[
			'a 5xx HTML page',
			502,
			'<html>Bad gateway</html>',
			{ kind: 'serverError', message: '<html>Bad gateway</html>', details: undefined },
		],
		[
			'a 500 without body',
			500,
			undefined,
			{ kind: 'serverError', message: undefined, details: undefined },
		],
	])('classifies %s', (_case, status, body, expected) => {
		expect(classifyResponse(status, body)).toEqual(expected);
	});

	it('flattens field errors of every shape', () => {
		expect(formatFieldErrors({ phone: ['is required'] })).toBe('phone: is required');
		expect(formatFieldErrors(['a', 'b'])).toBe('a; b');
		expect(formatFieldErrors('plain')).toBe('plain');
		expect(formatFieldErrors(undefined)).toBeUndefined();
		expect(formatFieldErrors({})).toBeUndefined();
	});

	it('reads the existing client id from a duplicate answer', () => {
		expect(
			parseExistingClientId({
				status: 'error',
				errors: { client: ['Client already exist', '{"id":123456}'] },
			}),
		).toBe(123456);
		expect(
			parseExistingClientId({ errors: { client: ['Client already exists', { id: 7 }] } }),
		).toBe(7);
		expect(parseExistingClientId({ errors: { phone: ['is required'] } })).toBeUndefined();
		expect(
			parseExistingClientId({ errors: { client: ['Something else', '{"id":1}'] } }),
		).toBeUndefined();
		expect(parseExistingClientId('nope')).toBeUndefined();
	});

	it.each([
		['https://api.chat2desk.com', undefined, 'https://api.chat2desk.com'],
		['https://api-02.chat2desk.kz', 'ignored', 'https://api-02.chat2desk.kz'],
		['custom', 'http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
		['custom', '', 'https://api.chat2desk.com'],
		[undefined, undefined, 'https://api.chat2desk.com'],
	])('resolves the base URL %s / %s', (host, custom, expected) => {
		expect(resolveBaseUrl(host, custom)).toBe(expected);
	});
});

describe('Chat2Desk response envelope: boundaries and the other shapes the docstrings promise', () => {
	it.each([
		[399, { message: 'odd' }, 'ok'],
		[400, { message: 'Bad request' }, 'apiError'],
		[499, { status: 'error' }, 'apiError'],
		[500, { status: 'error' }, 'serverError'],
		[599, 'down', 'serverError'],
	])('HTTP %i with a plain body is %s', (status, body, kind) => {
		expect(classifyResponse(status, body).kind).toBe(kind);
	});

	it('takes a plain HTTP 400 answer apart', () => {
		expect(
			classifyResponse(400, { message: 'Bad request', errors: ['phone', 'name'] }),
		).toEqual({ kind: 'apiError', message: 'Bad request', details: 'phone; name' });
	});

	it('reads an error from data when the outer status is not an error', () => {
		expect(
			classifyResponse(400, { status: 'success', data: { message: 'inner', errors: 'bad' } }),
		).toEqual({ kind: 'apiError', message: 'inner', details: 'bad' });
		// With an outer error status the outer message wins even when data is an object.
		expect(
			classifyResponse(400, { status: 'error', message: 'outer', data: { message: 'inner' } }),
		).toEqual({ kind: 'apiError', message: 'outer', details: undefined });
	});

	it('keeps only real error texts', () => {
		expect(classifyResponse(400, { message: '' }).message).toBeUndefined();
		expect(classifyResponse(400, { message: 42 }).message).toBeUndefined();
		expect(classifyResponse(502, '   ').message).toBeUndefined();
		expect(classifyResponse(502, '  gateway  ').message).toBe('gateway');
		expect(classifyResponse(502, 'x'.repeat(600)).message).toBe('x'.repeat(500));
		expect(classifyResponse(502, 7)).toEqual({ kind: 'serverError' });
	});

	it('finds the limit texts in any case and in the field errors', () => {
		expect(classifyResponse(400, { message: 'number of api requests EXCEEDED' }).kind).toBe(
			'rateLimited',
		);
		expect(classifyResponse(400, { errors: { limit: ['Number of API requests exceeded'] } }).kind).toBe(
			'rateLimited',
		);
		expect(
			classifyResponse(500, { errors: ['api calls exceeded api limit per month'] }).kind,
		).toBe('quotaExceeded');
		// A burst-limit text wins over a 5xx status.
		expect(classifyResponse(503, 'Number of API requests exceeded').kind).toBe('rateLimited');
	});

	it('unwraps status-only and meta-less bodies', () => {
		expect(classifyResponse(200, { status: 'success' })).toEqual({
			kind: 'ok',
			data: undefined,
			meta: undefined,
		});
		expect(classifyResponse(200, { data: 1, meta: [1, 2] })).toEqual({
			kind: 'ok',
			data: 1,
			meta: undefined,
		});
		expect(classifyResponse(200, { data: { status: 'ok' } })).toEqual({
			kind: 'ok',
			data: { status: 'ok' },
			meta: undefined,
		});
		expect(classifyResponse(204, '')).toEqual({ kind: 'ok', data: '' });
		expect(classifyResponse(200, null)).toEqual({ kind: 'ok', data: null });
	});

	it('flattens field errors of scalar and nested shapes', () => {
		expect(formatFieldErrors(null)).toBeUndefined();
		expect(formatFieldErrors('')).toBeUndefined();
		expect(formatFieldErrors([])).toBeUndefined();
		expect(formatFieldErrors(404)).toBe('404');
		expect(formatFieldErrors(false)).toBe('false');
		expect(formatFieldErrors([1, true, { a: 1 }, null])).toBe('1; true; {"a":1}; null');
		expect(formatFieldErrors({ phone: 'is required', age: 3, flag: [false, 2] })).toBe(
			'phone: is required; age: 3; flag: false, 2',
		);
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		expect(formatFieldErrors([circular])).toBe('[object Object]');
	});

	it('reads the existing client id from the other answer shapes', () => {
		expect(
			parseExistingClientId({ data: { errors: { client: ['Client ALREADY EXIST', 'id=55'] } } }),
		).toBe(55);
		expect(parseExistingClientId({ errors: { client: 'Client already exist "id": "77"' } })).toBe(77);
		expect(
			parseExistingClientId({ errors: { client: ['Client already exist', { id: 'x' }, 'id: 8'] } }),
		).toBe(8);
		expect(parseExistingClientId({ errors: { client: ['Client already exist', 5] } })).toBeUndefined();
		expect(parseExistingClientId({ errors: { client: [{ id: 3 }] } })).toBeUndefined();
		expect(parseExistingClientId({ errors: ['Client already exist', 'id=1'] })).toBeUndefined();
		expect(parseExistingClientId({ data: 'Client already exist id=1' })).toBeUndefined();
		expect(parseExistingClientId({ data: { errors: 'Client already exist id=1' } })).toBeUndefined();
		expect(parseExistingClientId(['Client already exist', 'id=1'])).toBeUndefined();
		expect(parseExistingClientId(null)).toBeUndefined();
		expect(parseExistingClientId({ errors: { client: ['Client already exist', 'id = 12'] } })).toBe(12);
		// Only text entries count, both for the duplicate notice and for the id.
		expect(
			parseExistingClientId({ errors: { client: [['Client already exist'], 'id=5'] } }),
		).toBeUndefined();
		expect(
			parseExistingClientId({ errors: { client: ['Client already exist', ['id=9']] } }),
		).toBeUndefined();
	});

	it.each([
		['  https://api.chat24.io  ', undefined, 'https://api.chat24.io'],
		['https://api.chat24.io///', undefined, 'https://api.chat24.io'],
		['custom', '  http://host:1/api//  ', 'http://host:1/api'],
		['custom', 42, 'https://api.chat2desk.com'],
		['   ', undefined, 'https://api.chat2desk.com'],
	])('resolves the base URL %p / %p', (host, custom, expected) => {
		expect(resolveBaseUrl(host, custom)).toBe(expected);
	});
});
