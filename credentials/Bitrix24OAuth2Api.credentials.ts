import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * OAuth2 of a Bitrix24 local application (server-side). Needed for `imconnector.*` and `event.bind`,
 * which refuse incoming-webhook authorisation. n8n signs REST calls with `Authorization: Bearer`,
 * which the portal reads before the `auth` parameter, and refreshes on the 401 `expired_token`.
 */
export class Bitrix24OAuth2Api implements ICredentialType {
	name = 'bitrix24OAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Bitrix24 OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/Bitrix24/bitrix24.svg',
		dark: 'file:../nodes/Bitrix24/bitrix24.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-chat2desk-bitrix24/n8n-nodes-chat2desk-bitrix24/blob/main/docs/nodes.md#bitrix24-oauth2-api-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create a local application in Bitrix24 (Developer resources → Other → Local application, server-side). Use the OAuth Redirect URL shown below as its handler path; the package README lists every step.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Portal URL',
			name: 'portalUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.bitrix24.com',
			required: true,
			description: 'Address of your Bitrix24 portal, without a path',
		},
		{
			displayName: 'OAuth Server',
			name: 'oauthServer',
			type: 'options',
			options: [
				{
					name: 'Bitrix24 West (oauth.bitrix.info)',
					value: 'https://oauth.bitrix.info',
				},
				{
					name: 'Bitrix24 East (oauth.bitrix24.tech)',
					value: 'https://oauth.bitrix24.tech',
				},
				{
					name: 'Custom',
					value: 'custom',
				},
			],
			default: 'https://oauth.bitrix.info',
			description:
				'Server that issues and refreshes tokens. Portals on Russian-speaking clouds use the east server; tokens carry it as server_endpoint.',
		},
		{
			displayName: 'Custom Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://oauth.example.com/oauth/token/',
			displayOptions: {
				show: {
					oauthServer: ['custom'],
				},
			},
			description: 'Full token endpoint URL, for on-premise installations',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '={{String($self["portalUrl"]).trim().replace(/\\/+$/, "")}}/oauth/authorize/',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{$self["oauthServer"] === "custom" ? $self["customTokenUrl"] : $self["oauthServer"] + "/oauth/token/"}}',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'imopenlines,imconnector,im,crm,user',
			description:
				'Comma-separated scopes. A local application gets the scopes ticked in its settings; keep both lists in sync.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Application Token',
			name: 'applicationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The application_token Bitrix24 sends with every event of this application. Leave empty to let the Bitrix24 Open Lines Trigger learn it from a verified installation event.',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.portalUrl).trim().replace(/\\/+$/, "")}}/rest',
			url: '/app.info',
			method: 'POST',
		},
	};
}
