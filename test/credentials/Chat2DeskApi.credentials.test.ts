import { NodeHelpers, Workflow, type INode, type INodeTypes } from 'n8n-workflow';

import { Chat2DeskApi } from '../../credentials/Chat2DeskApi.credentials';
import { Chat2Desk } from '../../nodes/Chat2Desk/Chat2Desk.node';

const credential = new Chat2DeskApi();
const node: INode = {
	id: '1',
	name: 'Chat2Desk',
	type: 'n8n-nodes-chat2desk-bitrix24.chat2Desk',
	typeVersion: 1,
	position: [0, 0],
	parameters: { resource: 'channel', operation: 'getAll' },
};
const nodeTypes: INodeTypes = {
	getByName: () => new Chat2Desk(),
	getByNameAndVersion: (_type, version) =>
		NodeHelpers.getVersionedNodeType(new Chat2Desk(), version),
	getKnownTypes: () => ({}),
};
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

/** Resolves a credential expression the way n8n's credential test does (`$credentials` as additional key). */
const resolve = (expression: string, data: Record<string, string>) =>
	workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: data });

describe('Chat2Desk API credential', () => {
	it('has the public names and a password field for the token', () => {
		expect(credential.name).toBe('chat2DeskApi');
		expect(credential.displayName).toBe('Chat2Desk API');
		expect(credential.properties.find((property) => property.name === 'token')).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
		});
		expect(credential.properties.find((property) => property.name === 'apiHost')?.options).toEqual([
			{ name: 'api.chat2desk.com (Default)', value: 'https://api.chat2desk.com' },
			{ name: 'api.chat24.io', value: 'https://api.chat24.io' },
			{ name: 'api.chat2desk.kz (Kazakhstan)', value: 'https://api.chat2desk.kz' },
			{ name: 'api-02.chat2desk.kz (Kazakhstan)', value: 'https://api-02.chat2desk.kz' },
			{ name: 'Custom URL', value: 'custom' },
		]);
	});

	it('sends the raw token in Authorization', () => {
		const header = credential.authenticate.properties.headers?.Authorization as string;
		expect(resolve(header, { token: 'abc' })).toBe('abc');
	});

	it.each([
		[{ apiHost: 'https://api.chat2desk.com' }, 'https://api.chat2desk.com'],
		[{ apiHost: 'https://api.chat24.io' }, 'https://api.chat24.io'],
		[
			{ apiHost: 'https://api-02.chat2desk.kz', customUrl: 'ignored' },
			'https://api-02.chat2desk.kz',
		],
		[{ apiHost: 'custom', customUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010'],
	])('tests against the resolved base URL %j', (data, expected) => {
		expect(resolve(credential.test.request.baseURL as string, { customUrl: '', ...data })).toBe(
			expected,
		);
		expect(credential.test.request).toMatchObject({ url: '/v1/companies/api_info', method: 'GET' });
	});

	it('fails the test when Chat2Desk answers status "error" with HTTP 200', () => {
		expect(credential.test.rules).toEqual([
			{
				type: 'responseSuccessBody',
				properties: { key: 'status', value: 'error', message: 'Chat2Desk rejected the API token' },
			},
		]);
	});
});
