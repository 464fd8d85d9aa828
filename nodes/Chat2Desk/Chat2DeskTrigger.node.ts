import {
	NodeConnectionTypes,
	WEBHOOK_RESOLVERS,
	type IDataObject,
	type INodeParameters,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { getChannels } from './methods/loadOptions';
import { eventOptions } from './trigger/events';
import { checkExists, create, remove } from './trigger/lifecycle';
import { handleWebhook } from './trigger/webhook';

const RESPOND_AFTER_RUN = '$parameter["options"]["respond"] === "afterRun"';
const RESPONSE_MODE = `={{ ${RESPOND_AFTER_RUN} ? "lastNode" : "onReceived" }}`;
const RESPONSE_DATA = `={{ ${RESPOND_AFTER_RUN} ? "noData" : "" }}`;

/**
 * The same two fields computed from the parameters. n8n 2.41 uses them instead of evaluating the
 * templates above (one expression-isolate evaluation each, on every delivery) when a node's parameters
 * hold no expression; older versions do not know the key and evaluate the templates.
 */
const respondsAfterRun = (parameters: INodeParameters) =>
	((parameters.options ?? {}) as IDataObject).respond === 'afterRun';
const NATIVE_WEBHOOK_FIELDS =
	typeof WEBHOOK_RESOLVERS === 'symbol'
		? {
				[WEBHOOK_RESOLVERS]: {
					responseMode: {
						template: RESPONSE_MODE,
						resolve: (parameters: INodeParameters) =>
							respondsAfterRun(parameters) ? 'lastNode' : 'onReceived',
					},
					responseData: {
						template: RESPONSE_DATA,
						resolve: (parameters: INodeParameters) => (respondsAfterRun(parameters) ? 'noData' : ''),
					},
				},
			}
		: {};

export class Chat2DeskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat2Desk Trigger',
		name: 'chat2DeskTrigger',
		icon: { light: 'file:chat2desk.svg', dark: 'file:chat2desk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on Chat2Desk events (messages, clients, requests, tags, dialogs)',
		defaults: { name: 'Chat2Desk Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'chat2DeskApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// "Respond" option: at once (n8n's default) or after the run, with an empty body.
				responseMode: RESPONSE_MODE,
				responseData: RESPONSE_DATA,
				path: 'webhook',
				...NATIVE_WEBHOOK_FIELDS,
			},
		],
		properties: [
			{
				displayName:
					'Chat2Desk allows at most 5 webhooks per company. Each active workflow with this trigger uses one, and listening for a test event uses another while it lasts.',
				name: 'limitNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					'Who can start this workflow: the production URL ends in a random ID, which is the main lock, so keep it private. Signatures (HMAC) are checked on top: by default ("If Present") a signed delivery must verify and be at most 3 hours old (Chat2Desk retries for about 2 h with the original timestamp), and an unsigned one is accepted and logged as unsigned. Choose "Required" once your n8n log shows that your account signs deliveries. Each accepted or refused delivery is logged with the reason.',
				name: 'trustNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: eventOptions,
				default: ['inbox'],
				description: 'The Chat2Desk events that start the workflow',
			},
			{
				displayName: 'Channel Names or IDs',
				name: 'channelIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getChannels' },
				default: [],
				description:
					'Only events of these channels; empty for all channels. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Own Messages',
						name: 'ignoreOwnMessages',
						type: 'boolean',
						default: false,
						description:
							'Whether to skip "Message Sent" events for messages that n8n sent itself, recognised by an External ID that starts with the prefix below',
					},
					{
						displayName: 'Max Signature Age (Seconds)',
						name: 'maxSignatureAgeSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10800,
						description:
							'Reject signed deliveries whose signed timestamp is older (or further in the future) than this, so a captured delivery cannot be replayed later. The default of 3 hours lets the last retry through: Chat2Desk retries a failed delivery after 10 s, 5 min and 2 h and keeps the original timestamp. 0 turns the check off.',
					},
					{
						displayName: 'Own External ID Prefix',
						name: 'ownExternalIdPrefix',
						type: 'string',
						default: 'n8n:',
						description: 'Prefix of the External ID your workflows give to messages they send',
						displayOptions: { show: { ignoreOwnMessages: [true] } },
					},
					{
						displayName: 'Respond',
						name: 'respond',
						type: 'options',
						options: [
							{
								name: 'Immediately',
								value: 'immediately',
								description: 'Answer Chat2Desk as soon as the event is accepted; runs may overlap',
							},
							{
								name: 'When the Run Finishes',
								value: 'afterRun',
								description:
									'Answer when the run is done. Chat2Desk sends the next event of this webhook only then, so events are handled one at a time, in order.',
							},
						],
						default: 'immediately',
						description:
							'When to answer the delivery. "When the Run Finishes" keeps client messages in order even when a later run would otherwise overtake an earlier one (for example while Bitrix24 rate-limits and a send is retried). A failed run is answered with 500 by n8n, and Chat2Desk retries it after 10 s, 5 min and 2 h: let permanent errors (an unknown client, a deleted dialog) go to a node\'s error output or "Continue On Fail" so the run succeeds and is not retried in vain.',
					},
					{
						displayName: 'Signature Header',
						name: 'signatureHeader',
						type: 'string',
						default: 'X-Signature',
						description:
							'Header that carries the HMAC signature. X-Signature, X-Chat2Desk-Signature and X-Hub-Signature-256 (with or without "sha256=") are also accepted.',
					},
					{
						displayName: 'Signature Verification',
						name: 'signatureVerification',
						type: 'options',
						options: [
							{
								name: 'Required',
								value: 'required',
								description: 'Reject deliveries without a valid signature',
							},
							{
								name: 'If Present',
								value: 'ifPresent',
								description:
									'Accept unsigned deliveries (logged as unsigned); reject a wrong or expired signature',
							},
							{ name: 'Off', value: 'off', description: 'Do not check signatures' },
						],
						default: 'ifPresent',
						description:
							'Chat2Desk signs deliveries with HMAC-SHA256 keyed by the MD5 of the API token, but whether every account signs, and under which header, is not documented. "If Present" (default) verifies what is signed and logs what is not; "Required" refuses unsigned deliveries.',
					},
					{
						displayName: 'Timestamp Header',
						name: 'timestampHeader',
						type: 'string',
						default: 'X-Timestamp',
						description:
							'Header that carries the signed timestamp. X-Timestamp, X-Chat2Desk-Timestamp and X-Signature-Timestamp are also accepted; without one, the event time of the body is used.',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getChannels } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
