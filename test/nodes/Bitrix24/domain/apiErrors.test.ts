import { backoffDelay } from '../../../../nodes/shared/retry';
import {
	failureFromBody,
	hintFor,
	isRetryable,
	itemFailure,
	logicalFailure,
	outcomeUnknown,
	rejectedBeforeProcessing,
	repeatsSafely,
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
		[429, '', true],
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
		expect(hintFor('constructor')).toBeUndefined();
		expect(hintFor('toString')).toBeUndefined();
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

describe('error shapes: the spellings the docstrings promise', () => {
	it('reads top-level, nested and proxy error bodies', () => {
		expect(failureFromBody({ error: 'NOT_FOUND', error_description: 'Not found' }, 400)).toEqual({
			status: 400,
			code: 'NOT_FOUND',
			description: 'Not found',
		});
		expect(failureFromBody({ error: { code: 'X', message: 'from a proxy' } }, 502)).toEqual({
			status: 502,
			code: 'X',
			description: 'from a proxy',
		});
		expect(failureFromBody({ error: { error: 'Y', message: ['a', '', null, 'b'] } }, 500)).toEqual({
			status: 500,
			code: 'Y',
			description: 'a; b',
		});
		expect(failureFromBody({ error: null }, 500)).toEqual({ status: 500, code: '', description: '' });
		expect(failureFromBody({ error: 42, error_description: { message: 'inner' } }, 400)).toEqual({
			status: 400,
			code: '42',
			description: 'inner',
		});
		expect(
			failureFromBody({ error: 'E', error_description: { error_description: 'deeper' } }, 400),
		).toEqual({ status: 400, code: 'E', description: 'deeper' });
		expect(failureFromBody({ error: 'E', error_description: { other: 1 } }, 400)).toEqual({
			status: 400,
			code: 'E',
			description: '{"other":1}',
		});
		expect(failureFromBody({ result: 1 }, 200)).toBeUndefined();
		expect(failureFromBody([{ error: 'E' }], 400)).toBeUndefined();
		expect(failureFromBody(null, 500)).toBeUndefined();
		expect(failureFromBody('error', 500)).toBeUndefined();
	});

	it('reads logical failures in every spelling, with defaults', () => {
		expect(logicalFailure({ result: false })).toEqual({
			status: 200,
			code: 'RESULT_FALSE',
			description: 'Bitrix24 reported that the call failed',
		});
		expect(logicalFailure({ result: false, error: 'E', error_description: 'D' })).toEqual({
			status: 200,
			code: 'E',
			description: 'D',
		});
		expect(logicalFailure({ SUCCESS: false })).toEqual({
			status: 200,
			code: 'SUCCESS_FALSE',
			description: 'Bitrix24 reported that the call failed',
		});
		expect(logicalFailure({ SUCCESS: false, CODE: 'C', ERROR: 'one', DATA: 'three' })).toEqual({
			status: 200,
			code: 'C',
			description: 'one',
		});
		expect(
			logicalFailure({ SUCCESS: false, ERROR_CODE: 'EC', CODE: 'C', ERRORS: ['x'], ERROR: 'y' }),
		).toEqual({ status: 200, code: 'EC', description: 'x' });
		expect(logicalFailure({ SUCCESS: false, DATA: [{ message: 'm' }] })).toEqual({
			status: 200,
			code: 'SUCCESS_FALSE',
			description: 'm',
		});
		expect(logicalFailure({ result: 0, SUCCESS: 'N' })).toBeUndefined();
		expect(logicalFailure([false])).toBeUndefined();
		expect(logicalFailure(false)).toBeUndefined();
	});

	it('reads per-message failures', () => {
		const failed = (description: string) => ({ status: 200, code: 'MESSAGE_FAILED', description });
		expect(itemFailure({ SUCCESS: false })).toEqual(failed('Bitrix24 did not accept this message'));
		expect(itemFailure({ errors: ['bad chat'] })).toEqual(failed('bad chat'));
		expect(itemFailure({ ERRORS: 'blocked', errors: 'other' })).toEqual(failed('blocked'));
		expect(itemFailure({ SUCCESS: true, ERRORS: [] })).toBeUndefined();
		expect(itemFailure({ SUCCESS: true, ERRORS: '' })).toBeUndefined();
		expect(itemFailure({ SUCCESS: true, errors: null })).toBeUndefined();
		expect(itemFailure({})).toBeUndefined();
		expect(itemFailure('failed')).toBeUndefined();
		expect(itemFailure(12)).toEqual(undefined);
	});
});

describe('what may be repeated', () => {
	it.each([
		['imconnector.send.messages', false],
		['IMCONNECTOR.SEND.MESSAGES', false],
		['crm.lead.add', false],
		['CRM.DEAL.ADD', false],
		['im.message.add', false],
		['crm.lead.update', true],
		['crm.lead.adder', true],
		['imconnector.send.messages.extra', true],
		['imconnector.update.messages', true],
		['crm.lead.get', true],
	])('%s → %s', (method, expected) => {
		expect(repeatsSafely(method)).toBe(expected);
	});

	it('repeats a batch only when every command may be repeated', () => {
		expect(repeatsSafely('batch', { cmd: { a: 'crm.lead.get?id=1', b: 'crm.lead.update?id=1' } })).toBe(true);
		expect(repeatsSafely('BATCH', { cmd: { a: 'crm.lead.get?id=1', b: 'crm.lead.add?fields[TITLE]=x' } })).toBe(
			false,
		);
		expect(repeatsSafely('batch', { cmd: ['crm.lead.get', 'im.message.add?x=1'] })).toBe(false);
		expect(repeatsSafely('batch', { cmd: { a: 42, b: 'crm.lead.get' } })).toBe(true);
		expect(repeatsSafely('batch', { cmd: 'crm.lead.add' })).toBe(true);
		expect(repeatsSafely('batch', {})).toBe(true);
		expect(repeatsSafely('batch', { cmd: null })).toBe(true);
		expect(repeatsSafely('batch')).toBe(true);
	});

	it.each([
		[503, 'QUERY_LIMIT_EXCEEDED', true, false],
		[200, 'OVERLOAD_LIMIT', true, false],
		[429, '', true, false],
		[0, '', false, true],
		[499, '', false, false],
		[500, '', false, true],
		[504, 'GATEWAY', false, true],
		[400, 'ERROR', false, false],
	])('HTTP %i %s: refused before processing %s, outcome unknown %s', (status, code, refused, unknown) => {
		expect(rejectedBeforeProcessing({ status, code })).toBe(refused);
		expect(outcomeUnknown({ status, code })).toBe(unknown);
	});

	it.each([
		[200, 'OVERLOAD_LIMIT', true],
		[499, '', false],
		[500, '', true],
		[599, '', true],
	])('retries HTTP %i %s: %s', (status, code, expected) => {
		expect(isRetryable({ status, code })).toBe(expected);
	});

	it('clamps attempts and randomness and caps the delay', () => {
		const options = { baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(-3, options, 1)).toBe(100);
		expect(backoffDelay(1, options, -1)).toBe(100);
		expect(backoffDelay(1, options, 1)).toBe(200);
		expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 800 }, 1)).toBe(800);
		expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 700 }, 0)).toBe(350);
		expect(backoffDelay(0, { baseDelayMs: 3, maxDelayMs: 1000 }, 0)).toBe(2);
	});

	it.each([
		'QUERY_LIMIT_EXCEEDED',
		'OPERATION_TIME_LIMIT',
		'expired_token',
		'invalid_token',
		'NO_AUTH_FOUND',
		'WRONG_AUTH_TYPE',
		'insufficient_scope',
		'NOT_ACTIVE_LINE',
		'ERROR_METHOD_NOT_FOUND',
		'ACCESS_DENIED',
	])('has a hint for %s', (code) => {
		expect(hintFor(code)).toMatch(/\w{3,}.*\./);
	});
});
