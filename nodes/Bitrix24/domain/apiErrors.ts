/**
 * Bitrix24 REST error shapes → one `{code, description, status}` form, retry decisions and backoff
 * delays. Pure module (randomness is passed in).
 */

export interface Bitrix24Failure {
	/** HTTP status of the reply (200 for logical errors inside a successful reply). */
	status: number;
	/** Bitrix24 error code, e.g. `QUERY_LIMIT_EXCEEDED`; may be '' for legacy CRM errors. */
	code: string;
	description: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.map(text).filter(Boolean).join('; ');
	const record = asRecord(value);
	if (record) {
		if (record.message !== undefined) return text(record.message);
		if (record.error_description !== undefined) return text(record.error_description);
		return JSON.stringify(record);
	}
	// Text as it is; numbers and booleans as written.
	return String(value);
}

/** A `{error, error_description}` body (any status) → failure; undefined if the body has no `error` key. */
export function failureFromBody(body: unknown, status: number): Bitrix24Failure | undefined {
	const record = asRecord(body);
	if (!record || !('error' in record)) return undefined;
	const error = record.error;
	// Some proxies answer with `{error: {code, message}}`.
	const nested = asRecord(error);
	if (nested) {
		return { status, code: text(nested.code ?? nested.error), description: text(nested.message) };
	}
	return { status, code: text(error), description: text(record.error_description) };
}

/**
 * Errors hidden in an HTTP 200 `result`: `{result:false, error}` (register/unregister),
 * `{SUCCESS:false, ERRORS|DATA}` (message methods).
 */
export function logicalFailure(result: unknown): Bitrix24Failure | undefined {
	const record = asRecord(result);
	if (!record) return undefined;
	if (record.result === false) {
		return {
			status: 200,
			code: text(record.error) || 'RESULT_FALSE',
			description: text(record.error_description) || 'Bitrix24 reported that the call failed',
		};
	}
	if (record.SUCCESS === false) {
		const errors = record.ERRORS ?? record.ERROR ?? record.DATA;
		return {
			status: 200,
			code: text(record.ERROR_CODE ?? record.CODE) || 'SUCCESS_FALSE',
			description: text(errors) || 'Bitrix24 reported that the call failed',
		};
	}
	return undefined;
}

/** Per-message failure inside `result.DATA.RESULT[i]` of `imconnector.*.messages`. */
export function itemFailure(item: unknown): Bitrix24Failure | undefined {
	const record = asRecord(item);
	if (!record) return undefined;
	const errors = record.ERRORS ?? record.errors;
	const hasErrors = Array.isArray(errors) ? errors.length > 0 : Boolean(errors);
	if (record.SUCCESS === false || hasErrors) {
		return {
			status: 200,
			code: 'MESSAGE_FAILED',
			description: text(errors) || 'Bitrix24 did not accept this message',
		};
	}
	return undefined;
}

const RETRYABLE_CODES = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'OVERLOAD_LIMIT']);

/**
 * Methods that must not be called again blindly once a call may have reached the portal: a repeat would
 * post the client's messages into the Open Line twice or create a second record. Updates, deletes,
 * statuses and reads set the same state again, so they are safe to repeat.
 */
const NOT_REPEATABLE = [/^imconnector\.send\.messages$/i, /\.add$/i, /^im\.message\.add$/i];

export function repeatsSafely(method: string, params: Record<string, unknown> = {}): boolean {
	if (method.toLowerCase() === 'batch') {
		const commands = params.cmd;
		if (commands && typeof commands === 'object') {
			return Object.values(commands as Record<string, unknown>).every(
				(command) => typeof command !== 'string' || repeatsSafely(command.split('?')[0]),
			);
		}
		return true;
	}
	return !NOT_REPEATABLE.some((pattern) => pattern.test(method));
}

/** The portal refused the call before doing anything: rate limits. Always safe to try again. */
export function rejectedBeforeProcessing(failure: Pick<Bitrix24Failure, 'status' | 'code'>): boolean {
	return RETRYABLE_CODES.has(failure.code) || failure.status === 429;
}

/**
 * The call may or may not have been carried out: a gateway or server error other than the rate limit,
 * or no reply at all (timeout, connection reset). Bitrix24 can store a call and still answer 504.
 */
export function outcomeUnknown(failure: Pick<Bitrix24Failure, 'status' | 'code'>): boolean {
	if (rejectedBeforeProcessing(failure)) return false;
	return failure.status === 0 || failure.status >= 500;
}

/** Rate limits (503 `QUERY_LIMIT_EXCEEDED`, 429 `OPERATION_TIME_LIMIT`) and transient 5xx are retried. */
export function isRetryable(failure: Pick<Bitrix24Failure, 'status' | 'code'>): boolean {
	if (rejectedBeforeProcessing(failure)) return true;
	// Server and gateway errors are worth another try; requests that got no reply at all are not
	// (usually a wrong portal address), so they fail fast.
	return failure.status >= 500 && failure.status !== 501;
}

const HINTS: Record<string, string> = {
	QUERY_LIMIT_EXCEEDED:
		'Bitrix24 rate limit (about 2 requests per second). The node retried with backoff; try again later or send fewer items per run.',
	OPERATION_TIME_LIMIT:
		'This method is blocked for a while because its operating-time limit was used up. Try again in a few minutes.',
	expired_token:
		'The access token expired and could not be refreshed. Reconnect the Bitrix24 OAuth2 credential.',
	invalid_token: 'The access token is not valid. Reconnect the Bitrix24 OAuth2 credential.',
	NO_AUTH_FOUND: 'Bitrix24 found no valid authorisation. Check or reconnect the credential.',
	WRONG_AUTH_TYPE:
		'This method needs application (OAuth2) authorisation; incoming webhooks cannot call it. Use the Bitrix24 OAuth2 API credential.',
	insufficient_scope:
		'The local application lacks a scope this method needs. Add it in the application settings and reconnect the credential.',
	NOT_ACTIVE_LINE:
		'The connector is not active on this Open Line. Run "Connector → Activate" for the line first.',
	ERROR_METHOD_NOT_FOUND: 'Unknown REST method, or the module is not available on this portal.',
	ACCESS_DENIED: 'Bitrix24 denied access. Check the user permissions and the portal plan.',
};

/** Human hint for a known error code (own keys only: `constructor` is no Bitrix24 code). */
export function hintFor(code: string): string | undefined {
	return Object.prototype.hasOwnProperty.call(HINTS, code) ? HINTS[code] : undefined;
}
