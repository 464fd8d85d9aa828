import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

/** The error to throw for item `itemIndex`: n8n errors keep their details, others are wrapped. */
export function toNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	// Both constructors hand back the same instance when given their own class.
	if (error instanceof NodeApiError) {
		error.context.itemIndex ??= itemIndex;
		return new NodeApiError(this.getNode(), error as unknown as JsonObject);
	}
	if (error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return new NodeOperationError(this.getNode(), error);
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Fields added to an item that failed under continue-on-fail. */
export function errorFields(error: unknown): IDataObject {
	const failure = error as {
		message?: string;
		description?: string | null;
		httpCode?: string | null;
	};
	const fields: IDataObject = { error: failure.message ?? String(error) };
	if (failure.description) fields.description = failure.description;
	if (failure.httpCode) fields.httpCode = failure.httpCode;
	return fields;
}
