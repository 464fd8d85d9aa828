import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import * as channel from './channel';
import * as client from './client';
import * as dialog from './dialog';
import * as message from './message';
import * as operator from './operator';
import * as request from './request';
import * as tag from './tag';
import * as webAnalytics from './webAnalytics';

type Operation = {
	execute: (this: IExecuteFunctions, i: number) => Promise<IDataObject | IDataObject[]>;
};

const resources: Record<string, Record<string, Operation | unknown>> = {
	channel,
	client,
	dialog,
	message,
	operator,
	request,
	tag,
	webAnalytics,
};

function findOperation(resource: string, operation: string): Operation | undefined {
	const candidate = resources[resource]?.[operation] as Operation | undefined;
	return candidate && typeof candidate.execute === 'function' ? candidate : undefined;
}

/** Runs the chosen operation once per input item; owns pairedItem and continue-on-fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = findOperation(resource, operation);
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}

	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const data = await handler.execute.call(this, i);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				const failure = error as NodeApiError;
				const details: IDataObject = {};
				if (failure.description) details.description = failure.description;
				if (failure.httpCode) details.httpCode = failure.httpCode;
				// n8n routes an item to the error output only when its json holds nothing but
				// `error`, `message` and `details`; the regular output keeps the flat shape.
				const json: IDataObject =
					this.getNode().onError === 'continueErrorOutput'
						? { error: failure.message, ...(Object.keys(details).length > 0 ? { details } : {}) }
						: { error: failure.message, ...details };
				returnData.push({ json, pairedItem: { item: i } });
				continue;
			}
			// Both constructors hand back the same instance when given their own class.
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= i;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			if (error instanceof NodeOperationError) {
				error.context.itemIndex ??= i;
				throw new NodeOperationError(this.getNode(), error);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}
