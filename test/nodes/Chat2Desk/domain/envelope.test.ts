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
