import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_OPTIONS } from './trigger/events';
import { installStatus, receiveInstall } from './trigger/install';
import { bindEvents, bindingsExist, unbindEvents } from './trigger/lifecycle';
import { receiveEvent } from './trigger/webhook';

const RESPOND_AFTER_RUN = '$parameter["options"]["respond"] === "afterRun"';
const RESPONSE_MODE = `={{ ${RESPOND_AFTER_RUN} ? "lastNode" : "onReceived" }}`;
const RESPONSE_DATA = `={{ ${RESPOND_AFTER_RUN} ? "noData" : "" }}`;

export class Bitrix24OpenLinesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Open Lines Trigger',
		name: 'bitrix24OpenLinesTrigger',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["connector"] ? "Connector: " + $parameter["connector"] : "All connectors"}}',
		description:
			'Starts the workflow on Bitrix24 Open Lines connector events (operator replies and more)',
		defaults: { name: 'Bitrix24 Open Lines Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24OAuth2Api', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// "Respond" option: at once (n8n's default) or after the run, with an empty body.
				responseMode: RESPONSE_MODE,
				responseData: RESPONSE_DATA,
				path: 'webhook',
			},
			// The local application's "Initial installation path" (ONAPPINSTALL / ONAPPUPDATE).
			{
				name: 'setup',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'install',
			},
			// GET on the same URL: "installed: yes/no" for the owner, never the token itself.
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'install',
			},
		],
		properties: [
			{
				displayName:
					'Enter the production URL ending in /install as the "Initial installation path" of your Bitrix24 local application. Its installation event (by a portal administrator) tells this trigger the application token every event must carry; other Bitrix24 triggers of the same application learn it from their first event, verified with the portal. Open the /install URL in a browser to see whether a token is set. Only the first installation is accepted: to replace the token, switch on "Accept a New Installation".',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Accept a New Installation',
				name: 'acceptNewInstallation',
				type: 'boolean',
				default: false,
				description:
					'Whether this trigger may replace the application token it holds with one from a new verified installation (or, without an installation event, a new verified event). Switch on only while reinstalling the application, then off again.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['ONIMCONNECTORMESSAGEADD'],
				required: true,
			},
			{
				displayName: 'Connector ID',
				name: 'connector',
				type: 'string',
				default: '',
				placeholder: 'chat2desk',
				description:
					'Only start for events of this connector (Open Line deletions have no connector and always pass). Empty: all connectors of the application.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Respond',
						name: 'respond',
						type: 'options',
						options: [
							{
								name: 'Immediately',
								value: 'immediately',
								description: 'Answer Bitrix24 as soon as the event is accepted; runs may overlap',
							},
							{
								name: 'When the Run Finishes',
								value: 'afterRun',
								description:
									'Answer when the run is done. Runs of one Open Line chat then go one at a time, in the order the events arrive, and a repeated event starts no run.',
							},
						],
						default: 'immediately',
						description:
							'When to answer the event. Bitrix24 never retries an event, whatever the answer.',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				try {
					return await bindingsExist.call(this);
				} catch (error) {
					this.logger.warn(
						`Bitrix24 Open Lines Trigger could not read its bindings: ${(error as Error).message}`,
					);
					return false;
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await bindEvents.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				try {
					await unbindEvents.call(this);
					return true;
				} catch (error) {
					this.logger.warn(
						`Bitrix24 Open Lines Trigger could not unbind its events: ${(error as Error).message}`,
					);
					return false;
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') {
			const method = String(this.getRequestObject().method ?? 'POST').toUpperCase();
			return method === 'GET' ? await installStatus.call(this) : await receiveInstall.call(this);
		}
		return await receiveEvent.call(this);
	}
}
