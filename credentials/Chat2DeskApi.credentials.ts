import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class Chat2DeskApi implements ICredentialType {
	name = 'chat2DeskApi';

	displayName = 'Chat2Desk API';

	icon: Icon = {
		light: 'file:../nodes/Chat2Desk/chat2desk.svg',
		dark: 'file:../nodes/Chat2Desk/chat2desk.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-chat2desk-bitrix24/n8n-nodes-chat2desk-bitrix24/blob/main/docs/nodes.md#chat2desk-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API token of your Chat2Desk company. An administrator finds it in Chat2Desk under Settings → API.',
		},
		{
			displayName: 'API Host',
			name: 'apiHost',
			type: 'options',
			options: [
				{ name: 'api.chat2desk.com (Default)', value: 'https://api.chat2desk.com' },
				{ name: 'api.chat24.io', value: 'https://api.chat24.io' },
				{ name: 'api.chat2desk.kz (Kazakhstan)', value: 'https://api.chat2desk.kz' },
				{ name: 'api-02.chat2desk.kz (Kazakhstan)', value: 'https://api-02.chat2desk.kz' },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'https://api.chat2desk.com',
			description: 'The Chat2Desk installation your company lives on',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			placeholder: 'https://chat2desk.example.com',
			description:
				'Base URL of an on-premise installation or of the local sandbox, without /v1 (for example http://127.0.0.1:4010)',
			displayOptions: { show: { apiHost: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			// Chat2Desk expects the raw token, without a "Bearer" prefix.
			headers: { Authorization: '={{$credentials.token}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.apiHost === "custom" ? $credentials.customUrl : $credentials.apiHost).replace(/\\/+$/, "") }}',
			url: '/v1/companies/api_info',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'status', value: 'error', message: 'Chat2Desk rejected the API token' },
			},
		],
	};
}
