import { backoffDelay } from '../../../../nodes/shared/retry';
import {
	failureFromBody,
	hintFor,
	isRetryable,
	itemFailure,
	logicalFailure,
} from '../../../../nodes/Bitrix24/domain/apiErrors';
import { portalHost, sameHost, secretsEqual } from '../../../../nodes/Bitrix24/domain/secret';
import {
	normalisePortalUrl,
	portalRestBase,
	webhookBaseUrl,
} from '../../../../nodes/Bitrix24/domain/urls';

describe('failureFromBody', () => {
	it.each([
		[
			{ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
			503,
			{ status: 503, code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' },
		],
		[
			{ error: '', error_description: 'Not found' },
			400,
			{ status: 400, code: '', description: 'Not found' },
		],
		[{ error: { code: 'X', message: 'y' } }, 500, { status: 500, code: 'X', description: 'y' }],
		[{ result: 1 }, 200, undefined],
		['text', 500, undefined],
	])('%j', (body, status, expected) => {
		expect(failureFromBody(body, status)).toEqual(expected);
	});
});

describe('logicalFailure', () => {
	it.each([
		[
			{ result: false, error: 'CONNECTOR_ID_REQUIRED', error_description: 'no id' },
			{ status: 200, code: 'CONNECTOR_ID_REQUIRED', description: 'no id' },
		],
		[
			{ SUCCESS: false, ERRORS: ['a', 'b'] },
			{ status: 200, code: 'SUCCESS_FALSE', description: 'a; b' },
		],
		[
			{ SUCCESS: false },
			{ status: 200, code: 'SUCCESS_FALSE', description: 'Bitrix24 reported that the call failed' },
		],
		[{ result: true }, undefined],
		[{ SUCCESS: true, DATA: [] }, undefined],
		[true, undefined],
		[[], undefined],
	])('%j', (result, expected) => {
		expect(logicalFailure(result)).toEqual(expected);
	});
});

describe('itemFailure', () => {
	it('flags SUCCESS:false and non-empty ERRORS', () => {
		expect(itemFailure({ SUCCESS: false, ERRORS: ['Wrong chat'] })).toEqual({
			status: 200,
			code: 'MESSAGE_FAILED',
			description: 'Wrong chat',
		});
		expect(itemFailure({ SUCCESS: true, ERRORS: [] })).toBeUndefined();
		expect(itemFailure({ SUCCESS: true })).toBeUndefined();
	});
});

describe('retry policy', () => {
	it.each([
		[503, 'QUERY_LIMIT_EXCEEDED', true],
		[429, 'OPERATION_TIME_LIMIT', true],
		[200, 'OPERATION_TIME_LIMIT', true],
		[500, 'INTERNAL_SERVER_ERROR', true],
		[502, '', true],
		[501, '', false],
		[400, 'ERROR_ARGUMENT', false],
		[401, 'expired_token', false],
		[0, '', false],
	])('%i %s → %s', (status, code, expected) => {
		expect(isRetryable({ status, code })).toBe(expected);
	});

	it('grows exponentially with jitter and a cap', () => {
		const options = { baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(0, options, 0)).toBe(50);
		expect(backoffDelay(0, options, 1)).toBe(100);
		expect(backoffDelay(2, options, 0.5)).toBe(300);
		expect(backoffDelay(10, options, 1)).toBe(1000);
		expect(backoffDelay(3, options, 7)).toBe(800);
	});

	it('has hints for the codes users hit', () => {
		expect(hintFor('WRONG_AUTH_TYPE')).toMatch(/OAuth2/);
		expect(hintFor('NOPE')).toBeUndefined();
	});
});

describe('secrets and hosts', () => {
	it('compares secrets in constant time and refuses empties', () => {
		expect(secretsEqual('abc', 'abc')).toBe(true);
		expect(secretsEqual('abc', 'abd')).toBe(false);
		expect(secretsEqual('abc', 'abcd')).toBe(false);
		expect(secretsEqual('', '')).toBe(false);
		expect(secretsEqual(undefined, 'a')).toBe(false);
		expect(secretsEqual('a', ['a'])).toBe(false);
	});

	it.each([
		['https://Example.Bitrix24.com/', 'example.bitrix24.com', true],
		['https://example.bitrix24.com', 'other.bitrix24.com', false],
		['http://127.0.0.1:4020', '127.0.0.1:4020', true],
		['http://127.0.0.1:4020', '127.0.0.1', true],
		['http://127.0.0.1:4020', '127.0.0.1:4021', false],
		['https://example.bitrix24.com', 'https://example.bitrix24.com/rest/', true],
		['', 'x.test', false],
	])('sameHost(%s, %s) = %s', (configured, reported, expected) => {
		expect(sameHost(configured, reported)).toBe(expected);
	});

	it('portalHost of garbage is empty', () => {
		expect(portalHost('http://[bad')).toBe('');
		expect(portalHost(undefined)).toBe('');
	});
});

describe('urls', () => {
	it.each([
		['example.bitrix24.com', 'https://example.bitrix24.com'],
		['https://example.bitrix24.com/crm/lead/', 'https://example.bitrix24.com'],
		['http://127.0.0.1:4020/', 'http://127.0.0.1:4020'],
		['', ''],
	])('normalisePortalUrl(%s)', (input, expected) => {
		expect(normalisePortalUrl(input)).toBe(expected);
	});

	it('portalRestBase', () => {
		expect(portalRestBase('https://example.bitrix24.com/')).toBe(
			'https://example.bitrix24.com/rest/',
		);
	});

	it.each([
		['https://p.test/rest/1/abc', 'https://p.test/rest/1/abc/'],
		['https://p.test/rest/1/abc/', 'https://p.test/rest/1/abc/'],
		['https://p.test/rest/1/abc/profile.json', 'https://p.test/rest/1/abc/'],
		['https://p.test/rest/api/1/abc/', 'https://p.test/rest/api/1/abc/'],
		[' https://p.test/custom/ ', 'https://p.test/custom/'],
	])('webhookBaseUrl(%s)', (input, expected) => {
		expect(webhookBaseUrl(input)).toBe(expected);
	});
});
