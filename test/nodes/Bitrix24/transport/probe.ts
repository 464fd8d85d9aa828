/** A minimal node that exposes the Bitrix24 transport to the harness, for transport tests. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import nock from 'nock';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { BatchCommand } from '../../../../nodes/Bitrix24/domain/batch';
import type { RetrySettings } from '../../../../nodes/shared/retry';
import {
	type Bitrix24CredentialType,
	bitrix24ApiRequest,
	bitrix24ApiRequestAllItems,
	bitrix24ApiRequestEnvelope,
	bitrix24Batch,
	bitrix24Retries,
} from '../../../../nodes/Bitrix24/transport';
import { sendConnectorMessagesOnce, type SendParams } from '../../../../nodes/Bitrix24/openLines/actions/message/sendOnce';

export class Bitrix24TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Transport Probe',
		name: 'bitrix24TransportProbe',
		icon: 'file:probe.svg',
		group: ['transform'],
		version: 1,
		subtitle: 'probe',
		description: 'Calls the Bitrix24 transport',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24OAuth2Api' }, { name: 'bitrix24Api' }],
		properties: [{ displayName: 'Call', name: 'call', type: 'json', default: '{}' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const call = JSON.parse(this.getNodeParameter('call', 0) as string) as {
			fn: 'request' | 'full' | 'all' | 'batch' | 'sendOnce';
			method?: string;
			params?: IDataObject;
			commands?: BatchCommand[];
			options?: IDataObject & { credentialType?: Bitrix24CredentialType };
		};
		const options = { ...(call.options ?? {}) };
		let result: unknown;
		if (call.fn === 'request') {
			result = await bitrix24ApiRequest.call(this, call.method!, call.params, options);
		} else if (call.fn === 'full') {
			result = await bitrix24ApiRequestEnvelope.call(this, call.method!, call.params, options);
		} else if (call.fn === 'sendOnce') {
			result = await sendConnectorMessagesOnce.call(
				this,
				call.params as unknown as SendParams,
				options,
			);
		} else if (call.fn === 'all') {
			result = await bitrix24ApiRequestAllItems.call(this, call.method!, call.params, options);
		} else {
			result = await bitrix24Batch.call(this, call.commands ?? [], options);
		}
		return [[{ json: { result } as IDataObject, pairedItem: { item: 0 } }]];
	}
}

/**
 * Jest hooks for transport tests against nock: no real network, the retry schedule shrunk to `retries`,
 * every mocked call used, and the schedule restored afterwards.
 */
export function useNockedBitrix24Transport(retries: Partial<RetrySettings>): void {
	let restoreRetries = () => {};
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => {
		restoreRetries = bitrix24Retries.configure(retries);
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		restoreRetries();
		expect(pending).toEqual([]);
	});
	afterAll(() => {
		nock.enableNetConnect();
	});
}
