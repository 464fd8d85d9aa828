/** Bitrix24 failures → NodeApiError with Bitrix24's code, description and a hint. */
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { type Bitrix24Failure, failureFromBody, hintFor } from '../domain/apiErrors';

type Bitrix24Context =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** The value as a plain record, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)
		: undefined;
}

/** Status and Bitrix24 body of a failed request, whichever wrapper n8n put around it. */
export function failureFromError(error: unknown): Bitrix24Failure {
	const record = asRecord(error) ?? {};
	const cause = asRecord(record.cause);
	const response = asRecord(cause?.response) ?? asRecord(record.response);
	const context = asRecord(record.context);
	const status = Number(response?.status ?? record.httpCode ?? record.statusCode ?? 0) || 0;
	let body: unknown = response?.data ?? context?.data ?? record.error;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			// keep the text
		}
	}
	const parsed = failureFromBody(body, status);
	if (parsed) return parsed;
	const message =
		typeof record.message === 'string' ? record.message : 'Request to Bitrix24 failed';
	return { status, code: '', description: message };
}

/** NodeApiError carrying Bitrix24's code and description. */
export function bitrix24Error(
	this: Bitrix24Context,
	failure: Bitrix24Failure,
	itemIndex?: number,
): NodeApiError {
	const label =
		failure.code && failure.description
			? `${failure.code}: ${failure.description}`
			: failure.code || failure.description || 'Bitrix24 request failed';
	const response: JsonObject = {
		error: failure.code,
		error_description: failure.description,
		httpCode: failure.status ? String(failure.status) : null,
	};
	const error = new NodeApiError(this.getNode(), response, {
		message: `Bitrix24 error ${label}`,
		description: hintFor(failure.code),
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex,
	});
	error.context.apiErrorCode = failure.code;
	return error;
}

/**
 * Errors that carry no Bitrix24 reply (connection refused, a credential that must be reconnected) keep
 * n8n's own message; they only get the item index.
 */
export function passThrough(
	this: Bitrix24Context,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined)
			error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
}
