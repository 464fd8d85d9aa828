/** The execution core shared by the action nodes: dispatch, pairedItem and continue-on-fail. */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { route, type ResourceMap } from '../../../../nodes/shared/execution/router';
import { N8nHarness } from '../../../helpers/n8n';

const resources = {
	thing: {
		echo: {
			description: [],
			async execute(this: IExecuteFunctions, i: number) {
				const json = this.getInputData()[i].json;
				if (json.fail) throw new Error(`item ${i} failed`);
				return { echoed: json.value as string };
			},
		},
		tally: {
			description: [],
			async executeBatch(this: IExecuteFunctions, items: INodeExecutionData[]) {
				return items.map((item, i) =>
					item.json.fail
						? { error: new Error(`batch item ${i} failed`) }
						: { data: { batchItem: i } },
				);
			},
		},
	},
} satisfies ResourceMap;

class RouterProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Router Probe',
		name: 'routerProbe',
		icon: { light: 'file:probe.svg', dark: 'file:probe.dark.svg' },
		group: ['transform'],
		version: 1,
		description: 'Runs the shared router for tests',
		defaults: { name: 'Router Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'string',
				default: 'thing',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'string',
				default: 'echo',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, resources);
	}
}

const harness = new N8nHarness({ nodes: [new RouterProbe()] });
const input: IDataObject[] = [{ value: 'a' }, { fail: true }, { value: 'c' }];

describe('route', () => {
	it.each([
		['thing', 'missing'],
		['missing', 'echo'],
		// Inherited object keys are not operations.
		['thing', 'constructor'],
		['constructor', 'name'],
	])('refuses resource %s / operation %s', async (resource, operation) => {
		const result = await harness.execute({
			node: 'routerProbe',
			parameters: { resource, operation },
			input: [{}],
		});
		expect(result.error?.message).toBe(
			`The operation "${operation}" is not supported for "${resource}"`,
		);
	});

	it('pairs every output item with its input, and turns a failure into an error item', async () => {
		const result = await harness.execute({
			node: 'routerProbe',
			parameters: { resource: 'thing', operation: 'echo' },
			input,
			continueOnFail: true,
		});
		expect(result.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ echoed: 'a' }, { item: 0 }],
			[{ error: 'item 1 failed' }, { item: 1 }],
			[{ echoed: 'c' }, { item: 2 }],
		]);
	});

	it('stops at the first failure with its item index when continue-on-fail is off', async () => {
		const result = await harness.execute({
			node: 'routerProbe',
			parameters: { resource: 'thing', operation: 'echo' },
			input,
		});
		expect(result.error?.message).toBe('item 1 failed');
		expect(result.error?.context?.itemIndex).toBe(1);
	});

	it('gives a whole-batch operation the same pairing and error items', async () => {
		const result = await harness.execute({
			node: 'routerProbe',
			parameters: { resource: 'thing', operation: 'tally' },
			input,
			continueOnFail: true,
		});
		expect(result.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ batchItem: 0 }, { item: 0 }],
			[{ error: 'batch item 1 failed' }, { item: 1 }],
			[{ batchItem: 2 }, { item: 2 }],
		]);
	});
});
