import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { crmBindingsFromDialog } from '../../../domain/entityData';
import {
	lookupFields,
	normaliseDialog,
	readLookup,
} from '../../../openLines/actions/dialog/get.operation';
import { bitrix24ApiRequest } from '../../../transport';
import { crmResource, requestOptions } from './common';

/** Poll schedule while Bitrix24 is still creating the record; tests shrink it. */
export const crmPollSettings = { initialDelayMs: 1000, factor: 1.5, maxDelayMs: 5000 };

const properties: INodeProperties[] = [
	...lookupFields.map((field) =>
		field.name === 'lookupValue'
			? {
					...field,
					description: 'Value identifying the Open Line chat (e.g. chatId from a Send result)',
				}
			: field,
	),
	{
		displayName: 'Wait for CRM Record up to (Seconds)',
		name: 'waitSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 600, numberPrecision: 1 },
		default: 30,
		description:
			'Bitrix24 creates the lead or deal a few seconds after the first client message; keep asking for this long',
	},
	{
		displayName: 'If Not Found',
		name: 'ifNotFound',
		type: 'options',
		options: [
			{ name: 'Return an Empty Result', value: 'empty' },
			{ name: 'Fail', value: 'error' },
		],
		default: 'empty',
	},
	{
		displayName: 'Include Record',
		name: 'includeRecord',
		type: 'boolean',
		default: true,
		description: 'Whether to also read the found record with all its fields',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lead', 'deal'], operation: ['findByOpenLineChat'] } },
	properties,
);

/**
 * `imopenlines.dialog.get` → `entity_data_2`, repeated with backoff until the lead/deal appears.
 * https://apidocs.bitrix24.com/tutorials/openlines/find-crm-object-by-dialog.html
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const resource = crmResource.call(this);
	const lookup = readLookup.call(this, i);
	const waitMs = Math.max(0, Number(this.getNodeParameter('waitSeconds', i, 30)) * 1000);
	const ifNotFound = this.getNodeParameter('ifNotFound', i, 'empty') as string;
	const includeRecord = this.getNodeParameter('includeRecord', i, true) as boolean;
	const options = requestOptions.call(this, i);
	const started = Date.now();
	let delay = crmPollSettings.initialDelayMs;
	let attempts = 0;
	for (;;) {
		attempts++;
		let dialog: IDataObject = {};
		try {
			dialog = ((await bitrix24ApiRequest.call(
				this,
				'imopenlines.dialog.get',
				lookup,
				options,
			)) ?? {}) as IDataObject;
		} catch (error) {
			// The chat itself may not exist yet (a session-start event can overtake the message that
			// creates it): keep waiting on a client error, give up on anything else or at the deadline.
			const apiError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			const status = Number((apiError as NodeApiError).httpCode);
			const chatNotReady = status >= 400 && status < 500 && status !== 401 && status !== 403;
			if (!chatNotReady || Date.now() - started + delay > waitMs) throw apiError;
		}
		const bindings = crmBindingsFromDialog(dialog);
		const id = resource === 'lead' ? bindings.leadId : bindings.dealId;
		// A line creates either leads or deals: once the other kind is bound, this one will not come.
		const otherKindBound = (resource === 'lead' ? bindings.dealId : bindings.leadId) !== null;
		const elapsed = Date.now() - started;
		if (id !== null) {
			const view = normaliseDialog(dialog);
			const output: IDataObject = {
				found: true,
				resource,
				id,
				chatId: view.chatId,
				sessionId: view.sessionId,
				userCode: view.userCode,
				crm: view.crm,
				attempts,
				waitedMs: elapsed,
			};
			if (includeRecord) {
				output.record = (await bitrix24ApiRequest.call(
					this,
					`crm.${resource}.get`,
					{ id },
					options,
				)) as IDataObject;
			}
			return output;
		}
		if (otherKindBound || elapsed + delay > waitMs) {
			if (ifNotFound === 'error') {
				throw new NodeOperationError(
					this.getNode(),
					`No ${resource} is bound to this Open Line chat yet (waited ${Math.round(elapsed / 1000)} s)`,
					{
						itemIndex: i,
						description:
							'Check the CRM settings of the Open Line (create a lead or a deal), or raise "Wait for CRM Record up to".',
					},
				);
			}
			const view = normaliseDialog(dialog);
			return {
				found: false,
				resource,
				id: null,
				chatId: view.chatId,
				sessionId: view.sessionId,
				userCode: view.userCode,
				crm: view.crm,
				attempts,
				waitedMs: elapsed,
			};
		}
		await sleep(delay);
		delay = Math.min(crmPollSettings.maxDelayMs, Math.round(delay * crmPollSettings.factor));
	}
}
