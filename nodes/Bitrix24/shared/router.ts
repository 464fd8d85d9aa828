import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type OperationResult = IDataObject | IDataObject[];

/** Result for one input item of a whole-batch operation. */
export type ItemOutcome = { data: OperationResult } | { error: Error };

export interface OperationModule {
	description: INodeProperties[];
	/** Per-item operation: returns the output for input item `itemIndex`. */
	execute?(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
	/** Whole-batch operation (e.g. many messages in one call): one outcome per input item, in order. */
	executeBatch?(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemOutcome[]>;
}

export type ResourceMap = Record<string, Record<string, OperationModule>>;

/** Give any error the item index and an n8n error class. */
export function toNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * The json of a failed item under continue-on-fail: `{error, description, httpCode, code}`. For "On
 * Error: Continue (using error output)" the details go under `details`: n8n moves an item to the error
 * output only when its json has no keys but `error`, `message` and `details` (it then adds the input
 * item's fields).
 */
export function errorJson(
	error: NodeApiError | NodeOperationError,
	errorOutput = false,
): IDataObject {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (typeof error.context.bitrix24Code === 'string') details.code = error.context.bitrix24Code;
	if (!errorOutput) return { error: error.message, ...details };
	return Object.keys(details).length > 0
		? { error: error.message, details }
		: { error: error.message };
}

/**
 * Owns the item loop: dispatches to `resources[resource][operation]`, pairs every output with its input
 * item and turns failures into error items when "Continue On Fail" is on.
 */
export async function route(
	this: IExecuteFunctions,
	resources: ResourceMap,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
			{ itemIndex: 0 },
		);
	}

	const returnData: INodeExecutionData[] = [];
	const emit = (data: OperationResult, itemIndex: number) => {
		returnData.push(
			...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), {
				itemData: { item: itemIndex },
			}),
		);
	};
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toNodeError.call(this, error, itemIndex);
		if (!this.continueOnFail()) return nodeError;
		returnData.push({
			json: errorJson(nodeError, this.getNode().onError === 'continueErrorOutput'),
			pairedItem: { item: itemIndex },
		});
		return undefined;
	};

	if (module.executeBatch) {
		let outcomes: ItemOutcome[];
		try {
			outcomes = await module.executeBatch.call(this, items);
		} catch (error) {
			const nodeError = toNodeError.call(this, error, 0);
			if (!this.continueOnFail()) throw nodeError;
			outcomes = items.map(() => ({ error: nodeError }));
		}
		for (let i = 0; i < items.length; i++) {
			const outcome = outcomes[i];
			if (outcome && 'data' in outcome) {
				emit(outcome.data, i);
				continue;
			}
			const nodeError = fail(outcome?.error ?? new Error('No result for this item'), i);
			if (nodeError) throw nodeError;
		}
		return [returnData];
	}

	for (let i = 0; i < items.length; i++) {
		try {
			const data = await module.execute!.call(this, i);
			emit(data, i);
		} catch (error) {
			const nodeError = fail(error, i);
			if (nodeError) throw nodeError;
		}
	}
	return [returnData];
}
