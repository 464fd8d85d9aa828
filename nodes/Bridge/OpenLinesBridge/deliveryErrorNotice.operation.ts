import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	buildDeliveryNotice,
	DEFAULT_NOTICE_TEXT,
	DeliveryNoticeError,
} from '../domain/deliveryError';
import { dropSkippedOption, type OperationResult } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '={{ $json.clientId ?? $json.chat2deskMessage?.clientId }}',
		description:
			'The Chat2Desk client whose message was not delivered; it is also the Open Line chat. After an error output that only carries the error, map it from the node that built the message.',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '={{ $json.raw?.data?.error ?? $json.error }}',
		description:
			'Why the message was not delivered. Empty: read from the item (outbox_status data, or the error of a failed send).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			dropSkippedOption(
				'Drop items that carry no delivery error instead of passing them on with a "skipped" field',
			),
			{
				displayName: 'Notice Text',
				name: 'noticeText',
				type: 'string',
				default: DEFAULT_NOTICE_TEXT,
				description:
					'Text posted into the Open Line. Placeholders: {reason}, {text} (the undelivered text, when the item has it), {messageId} (Chat2Desk message ID), {clientId}.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['deliveryErrorNotice'] } },
	properties,
);

/**
 * Chat2Desk delivery error (outbox_status webhook or failed send) → `openLineMessage` for Bitrix24
 * Open Lines → Send Message; the message ID is derived from the failure, so a repeat is recognisable.
 */
export function execute(this: IExecuteFunctions, i: number, json: IDataObject): OperationResult {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const input = {
		clientId: this.getNodeParameter('clientId', i, ''),
		reason: this.getNodeParameter('reason', i, ''),
		noticeText: options.noticeText === undefined ? undefined : String(options.noticeText),
	};
	let result;
	try {
		result = buildDeliveryNotice(json, input);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex: i,
			description: error instanceof DeliveryNoticeError ? error.hint : undefined,
		});
	}
	if (result.skipped) return { skipped: result.reason };
	return {
		items: [{ ...json, deliveryError: result.details, openLineMessage: result.message }],
	};
}
