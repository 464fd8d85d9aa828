import {
	NodeConnectionTypes,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { Chat2DeskApi } from '../../../credentials/Chat2DeskApi.credentials';
import { Chat2Desk } from '../../../nodes/Chat2Desk/Chat2Desk.node';
import { Chat2DeskTrigger } from '../../../nodes/Chat2Desk/Chat2DeskTrigger.node';
import { N8nHarness } from '../../helpers/n8n';

export const BASE_URL = 'https://api.chat2desk.com';
export const TOKEN = 'dummy-c2d-token';

type ProbeFn = (this: IExecuteFunctions) => Promise<unknown>;

let probe: ProbeFn = async () => ({});

/**
 * A test-only node whose execute() runs a given function inside a real n8n ExecuteContext, so the
 * transport is exercised with n8n's own HTTP helper and credential handling.
 */
class Chat2DeskProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat2Desk Probe',
		name: 'chat2DeskProbe',
		icon: { light: 'file:probe.svg', dark: 'file:probe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'probe',
		description: 'Runs a transport call for tests',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chat2DeskApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const result = await probe.call(this);
		return [[{ json: { result } as IDataObject, pairedItem: { item: 0 } }]];
	}
}

export function createHarness(
	credentials: ICredentialDataDecryptedObject = { token: TOKEN },
): N8nHarness {
	return new N8nHarness({
		nodes: [new Chat2Desk(), new Chat2DeskTrigger(), new Chat2DeskProbe()],
		credentialTypes: [new Chat2DeskApi()],
		credentials: { chat2DeskApi: credentials },
	});
}

/** Runs `fn` as the probe node; resolves with its result or rejects with the node error. */
export async function runInContext<T>(
	harness: N8nHarness,
	fn: (this: IExecuteFunctions) => Promise<T>,
): Promise<T> {
	probe = fn;
	const { items, error } = await harness.execute({ node: 'chat2DeskProbe', parameters: {} });
	if (error) throw error;
	return (items[0]?.json as { result: T }).result;
}

/** Records waits instead of sleeping. */
export function recordingWait(): { waits: number[]; wait: (ms: number) => Promise<void> } {
	const waits: number[] = [];
	return {
		waits,
		wait: async (ms: number) => {
			waits.push(ms);
		},
	};
}

export function envelope(data: unknown, meta?: IDataObject): Record<string, unknown> {
	return meta ? { status: 'success', data, meta } : { status: 'success', data };
}
