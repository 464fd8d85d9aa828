import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { webhookBaseUrl } from '../nodes/Bitrix24/domain/urls';

/**
 * Bitrix24 incoming webhook (`https://portal/rest/<user>/<code>/`). The secret is part of the URL, so
 * `authenticate` puts the URL in front of the method name; node code never sees it. Enough for CRM
 * calls; Open Lines connector methods and event binding need the OAuth2 credential.
 */
export class Bitrix24Api implements ICredentialType {
	name = 'bitrix24Api';

	displayName = 'Bitrix24 Incoming Webhook API';

	icon: Icon = {
		light: 'file:../nodes/Bitrix24/bitrix24.svg',
		dark: 'file:../nodes/Bitrix24/bitrix24.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-chat2desk-bitrix24/n8n-nodes-chat2desk-bitrix24/blob/main/docs/nodes.md#bitrix24-incoming-webhook-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://example.bitrix24.com/rest/1/abcdef0123456789/',
			required: true,
			description:
				'Incoming webhook address from Developer resources → Other → Incoming webhook, with the crm and user scopes',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		baseURL: webhookBaseUrl(credentials.webhookUrl),
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.webhookUrl}}',
			url: 'profile',
			method: 'POST',
		},
	};
}
