import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { errorFields, toNodeError } from '../shared/errors';
import type { OperationResult } from './common';
import * as deliveryErrorNotice from './deliveryErrorNotice.operation';
import * as toChat2Desk from './toChat2Desk.operation';
import * as toOpenLine from './toOpenLine.operation';

type Operation = (this: IExecuteFunctions, i: number, json: IDataObject) => OperationResult;

const OPERATIONS: Record<string, Operation> = {
	toOpenLine: toOpenLine.execute,
	toChat2Desk: toChat2Desk.execute,
	deliveryErrorNotice: deliveryErrorNotice.execute,
};

/**
 * One output: every result item is paired with its input item. Skipped items go out with
 * `skipped: <reason>` or are dropped (option); failures follow continue-on-fail.
 */
export async function executeOpenLinesBridge(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const operation = this.getNodeParameter('operation', i) as string;
			const run = OPERATIONS[operation];
			if (!run) {
				throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, {
					itemIndex: i,
				});
			}
			const result = run.call(this, i, items[i].json);
			if ('skipped' in result) {
				if (this.getNodeParameter('options.dropSkipped', i, false) as boolean) continue;
				output.push({
					...items[i],
					json: { ...items[i].json, skipped: result.skipped },
					pairedItem: { item: i },
				});
				continue;
			}
			for (const json of result.items) output.push({ ...items[i], json, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError.call(this, error, i);
			if (this.getNode().onError === 'continueErrorOutput') {
				// n8n moves an item to the error output only when its json has no keys but `error`,
				// `message` and `details`; it adds the input item's fields itself.
				const { error: message, ...details } = errorFields(error);
				const json: IDataObject = { error: message };
				if (Object.keys(details).length > 0) json.details = details;
				output.push({ json, pairedItem: { item: i } });
				continue;
			}
			output.push({
				...items[i],
				json: { ...items[i].json, ...errorFields(error) },
				pairedItem: { item: i },
			});
		}
	}
	return [output];
}
