/**
 * Proves the harness itself: a generic-auth credential is applied, expressions resolve, pairedItem and
 * continue-on-fail behave as in n8n, and an OAuth2 credential refreshes an expired token once and
 * persists the new token data.
 */
import nock from 'nock';
import {
	NodeApiError,
	NodeConnectionTypes,
	type ICredentialType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import { N8nHarness } from './n8n';

class ProbeApi implements ICredentialType {
	name = 'probeApi';
	displayName = 'Probe API';
	properties = [
		{ displayName: 'Token', name: 'token', type: 'string' as const, typeOptions: { password: true }, default: '' },
	];
	authenticate = {
		type: 'generic' as const,
		properties: { headers: { Authorization: '={{$credentials.token}}' } },
	};
}

class ProbeOAuth2Api implements ICredentialType {
	name = 'probeOAuth2Api';
	extends = ['oAuth2Api'];
	displayName = 'Probe OAuth2 API';
	properties = [
		{ displayName: 'Portal', name: 'portalUrl', type: 'string' as const, default: '' },
		{ displayName: 'Token URL', name: 'accessTokenUrl', type: 'hidden' as const, default: '={{$self.portalUrl}}/oauth/token/' },
	];
}

class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Harness probe',
		usableAsTool: true,
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'probeApi' }, { name: 'probeOAuth2Api' }],
		properties: [
			{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
			{ displayName: 'Use OAuth2', name: 'oauth', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const oauth = this.getNodeParameter('oauth', i) as boolean;
				const response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					oauth ? 'probeOAuth2Api' : 'probeApi',
					{ method: 'GET', url: `https://api.probe.test/clients/${this.getNodeParameter('clientId', i)}`, json: true },
				);
				output.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [output];
	}
}

describe('n8n harness', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const harness = () =>
		new N8nHarness({
			nodes: [new Probe()],
			credentialTypes: [new ProbeApi(), new ProbeOAuth2Api()],
			credentials: {
				probeApi: { token: 'raw-token' },
				probeOAuth2Api: {
					portalUrl: 'https://portal.probe.test',
					clientId: 'cid',
					clientSecret: 'secret',
					grantType: 'authorizationCode',
					authentication: 'body',
					oauthTokenData: { access_token: 'old-access', refresh_token: 'old-refresh' },
				},
			},
		});

	it('applies a generic credential, resolves expressions and pairs items', async () => {
		nock('https://api.probe.test').matchHeader('authorization', 'raw-token').get('/clients/7').reply(200, { id: 7 });
		nock('https://api.probe.test').matchHeader('authorization', 'raw-token').get('/clients/8').reply(200, { id: 8 });
		const result = await harness().execute({
			node: 'probe',
			parameters: { clientId: '={{ $json.cid }}' },
			input: [{ cid: 7 }, { cid: 8 }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { id: 7 }, pairedItem: { item: 0 } },
			{ json: { id: 8 }, pairedItem: { item: 1 } },
		]);
	});

	it('reports a failing item as an error, or as output with continue-on-fail', async () => {
		nock('https://api.probe.test').get('/clients/9').times(2).reply(404, { message: 'nope' });
		const failed = await harness().execute({ node: 'probe', parameters: { clientId: '9' } });
		expect(failed.items).toEqual([]);
		expect(failed.error?.message).toMatch(/could not be found|nope/i);

		const continued = await harness().execute({ node: 'probe', parameters: { clientId: '9' }, continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.items[0].json.error).toBeDefined();
		expect(continued.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('refreshes an expired OAuth2 token once and stores the rotated token', async () => {
		nock('https://api.probe.test')
			.matchHeader('authorization', 'Bearer old-access')
			.get('/clients/1')
			.reply(401, { error: 'expired_token', error_description: 'The access token provided has expired' });
		nock('https://portal.probe.test')
			.post('/oauth/token/', (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'old-refresh')
			.reply(200, { access_token: 'new-access', refresh_token: 'new-refresh', expires_in: 3600 });
		nock('https://api.probe.test').matchHeader('authorization', 'Bearer new-access').get('/clients/1').reply(200, { id: 1 });

		const probe = harness();
		const result = await probe.execute({
			node: 'probe',
			parameters: { clientId: '1', oauth: true },
			credentialTypes: ['probeOAuth2Api'],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 1 });
		expect(probe.credentialsHelper.tokenUpdates).toHaveLength(1);
		expect(probe.credentialsHelper.tokenUpdates[0]).toMatchObject({ access_token: 'new-access', refresh_token: 'new-refresh' });
	});
});
