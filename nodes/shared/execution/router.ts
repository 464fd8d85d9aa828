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

/** An operation that runs once per input item. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

/** An operation that handles all input items at once (e.g. many messages in one API call). */
export interface BatchOperation {
	description: INodeProperties[];
	/** One outcome per input item, in order. */
	executeBatch(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemOutcome[]>;
}

export type Operation = ItemOperation | BatchOperation;

/** `operation` parameter value → its `<operation>.operation.ts` module. */
export type OperationMap = Record<string, Operation>;

/** `resource` parameter value → its operations. Declare maps with `satisfies ResourceMap`. */
export type ResourceMap = Record<string, OperationMap>;

/** The UI descriptions of all operations of a map, in the map's order. */
export function operationDescriptions(operations: OperationMap): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}

/** Give any error the item index and an n8n error class. */
export function toNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * The json of a failed item under continue-on-fail: `{error, description, httpCode, code}` (`code` is
 * the API's own error code, which transports put in `context.apiErrorCode`). For "On Error: Continue
 * (using error output)" the details go under `details`: n8n moves an item to the error output only
 * when its json has no keys but `error`, `message` and `details` (it then adds the input item's fields).
 */
export function errorJson(
	error: NodeApiError | NodeOperationError,
	errorOutput = false,
): IDataObject {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (typeof error.context.apiErrorCode === 'string') details.code = error.context.apiErrorCode;
	if (!errorOutput) return { error: error.message, ...details };
	return Object.keys(details).length > 0
		? { error: error.message, details }
		: { error: error.message };
}

function findOperation(
	resources: ResourceMap,
	resource: string,
	operation: string,
): Operation | undefined {
	if (!Object.prototype.hasOwnProperty.call(resources, resource)) return undefined;
	const operations = resources[resource];
	return Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
}

/**
 * The execution core of every action node: dispatches to `resources[resource][operation]`, pairs every
 * output with its input item and turns failures into error items when "Continue On Fail" is on.
 */
export async function route(
	this: IExecuteFunctions,
	resources: ResourceMap,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = findOperation(resources, resource, operation);
	if (!handler) {
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
	/** Records the failure as an error item, or hands back the error to throw. */
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toNodeError.call(this, error, itemIndex);
		if (!this.continueOnFail()) return nodeError;
		returnData.push({
			json: errorJson(nodeError, this.getNode().onError === 'continueErrorOutput'),
			pairedItem: { item: itemIndex },
		});
		return undefined;
	};

	if ('executeBatch' in handler) {
		let outcomes: ItemOutcome[];
		try {
			outcomes = await handler.executeBatch.call(this, items);
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
			emit(await handler.execute.call(this, i), i);
		} catch (error) {
			const nodeError = fail(error, i);
			if (nodeError) throw nodeError;
		}
	}
	return [returnData];
}
