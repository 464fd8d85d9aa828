/** Public contract of the Bitrix24 nodes and credentials: names, parameters, credentials, webhooks. */
import type { INodeProperties } from 'n8n-workflow';

import { Bitrix24Api } from '../../../credentials/Bitrix24Api.credentials';
import { Bitrix24OAuth2Api } from '../../../credentials/Bitrix24OAuth2Api.credentials';
import { Bitrix24Crm } from '../../../nodes/Bitrix24/Bitrix24Crm.node';
import { Bitrix24OpenLines } from '../../../nodes/Bitrix24/Bitrix24OpenLines.node';
import { Bitrix24OpenLinesTrigger } from '../../../nodes/Bitrix24/Bitrix24OpenLinesTrigger.node';

function operations(properties: INodeProperties[], resource: string): string[] {
	const selector = properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	);
	return (selector?.options ?? []).map((option) => (option as { value: string }).value).sort();
}

describe('Bitrix24 Open Lines', () => {
	const { description } = new Bitrix24OpenLines();

	it('has the public name, OAuth2 only, and is usable as a tool', () => {
		expect(description).toMatchObject({
			name: 'bitrix24OpenLines',
			displayName: 'Bitrix24 Open Lines',
			usableAsTool: true,
		});
		expect(description.credentials).toEqual([{ name: 'bitrix24OAuth2Api', required: true }]);
	});

	it.each([
		[
			'connector',
			['activate', 'deactivate', 'getAll', 'getStatus', 'register', 'setData', 'unregister'],
		],
		['message', ['deleteMessage', 'send', 'update']],
		['status', ['sendDelivery', 'sendReading']],
		['chat', ['setName']],
		['line', ['getAll']],
		['dialog', ['get']],
	])('resource %s offers %j', (resource, expected) => {
		expect(operations(description.properties, resource)).toEqual(expected);
	});

	it('uses the line picker wherever a line is asked for', () => {
		const lines = description.properties.filter((property) => property.name === 'line');
		expect(lines.length).toBeGreaterThan(5);
		for (const line of lines) {
			expect(line.modes?.find((mode) => mode.name === 'list')?.typeOptions?.searchListMethod).toBe(
				'searchLines',
			);
		}
	});
});

describe('Bitrix24 CRM', () => {
	const { description } = new Bitrix24Crm();

	it('offers both credentials through "authentication"', () => {
		expect(description).toMatchObject({
			name: 'bitrix24Crm',
			displayName: 'Bitrix24 CRM',
			usableAsTool: true,
		});
		expect(
			description.credentials?.map((credential) => [
				credential.name,
				credential.displayOptions?.show?.authentication,
			]),
		).toEqual([
			['bitrix24OAuth2Api', ['bitrix24OAuth2Api']],
			['bitrix24Api', ['bitrix24Api']],
		]);
	});

	it.each(['lead', 'deal'])('%s offers the record and user-field operations', (resource) => {
		expect(operations(description.properties, resource)).toEqual([
			'create',
			'createUserField',
			'findByOpenLineChat',
			'get',
			'getAll',
			'getUserFields',
			'update',
		]);
	});

	it('maps fields with resourceMapper methods', () => {
		const mappers = description.properties.filter((property) => property.type === 'resourceMapper');
		expect(
			mappers.map((property) => property.typeOptions?.resourceMapper?.resourceMapperMethod).sort(),
		).toEqual(['getCrmFieldsForCreate', 'getCrmFieldsForUpdate']);
	});
});

describe('Bitrix24 Open Lines Trigger', () => {
	const trigger = new Bitrix24OpenLinesTrigger();
	const { description } = trigger;

	it('is a trigger with the event webhook and the install webhook', () => {
		expect(description).toMatchObject({
			name: 'bitrix24OpenLinesTrigger',
			displayName: 'Bitrix24 Open Lines Trigger',
			inputs: [],
		});
		expect(description.usableAsTool).toBeUndefined();
		expect(
			description.webhooks?.map((webhook) => [webhook.name, webhook.httpMethod, webhook.path]),
		).toEqual([
			['default', 'POST', 'webhook'],
			['setup', 'POST', 'install'],
			['setup', 'GET', 'install'],
		]);
		expect(Object.keys(trigger.webhookMethods.default).sort()).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
	});

	it('lists the seven connector events with OnImConnector… names', () => {
		const events = description.properties.find((property) => property.name === 'events');
		expect(
			events?.options?.map((option) => [option.name, (option as { value: string }).value]),
		).toEqual([
			['OnImConnectorDialogFinish', 'ONIMCONNECTORDIALOGFINISH'],
			['OnImConnectorDialogStart', 'ONIMCONNECTORDIALOGSTART'],
			['OnImConnectorLineDelete', 'ONIMCONNECTORLINEDELETE'],
			['OnImConnectorMessageAdd', 'ONIMCONNECTORMESSAGEADD'],
			['OnImConnectorMessageDelete', 'ONIMCONNECTORMESSAGEDELETE'],
			['OnImConnectorMessageUpdate', 'ONIMCONNECTORMESSAGEUPDATE'],
			['OnImConnectorStatusDelete', 'ONIMCONNECTORSTATUSDELETE'],
		]);
	});
});

describe('credentials', () => {
	it('Bitrix24 OAuth2 API extends oAuth2Api with the portal, OAuth server and optional application token', () => {
		const credential = new Bitrix24OAuth2Api();
		expect(credential).toMatchObject({
			name: 'bitrix24OAuth2Api',
			displayName: 'Bitrix24 OAuth2 API',
			extends: ['oAuth2Api'],
		});
		const byName = Object.fromEntries(
			credential.properties.map((property) => [property.name, property]),
		);
		expect(
			byName.oauthServer.options?.map((option) => (option as { value: string }).value),
		).toEqual(['https://oauth.bitrix.info', 'https://oauth.bitrix24.tech', 'custom']);
		expect(byName.oauthServer.default).toBe('https://oauth.bitrix.info');
		expect(byName.grantType.default).toBe('authorizationCode');
		expect(byName.authentication.default).toBe('body');
		expect(byName.authUrl.default).toContain('/oauth/authorize/');
		expect(byName.scope.default).toBe('imopenlines,imconnector,im,crm,user');
		expect(byName.applicationToken.typeOptions?.password).toBe(true);
		expect(credential.test.request).toMatchObject({ url: '/app.info' });
	});

	it('Bitrix24 incoming webhook puts the secret URL in front of the method', async () => {
		const credential = new Bitrix24Api();
		expect(credential.properties[0]).toMatchObject({
			name: 'webhookUrl',
			typeOptions: { password: true },
		});
		const authenticate = credential.authenticate as (c: object, r: object) => Promise<object>;
		expect(
			await authenticate(
				{ webhookUrl: 'https://p.test/rest/1/abc/profile.json' },
				{ url: 'crm.lead.get', method: 'POST' },
			),
		).toEqual({ url: 'crm.lead.get', method: 'POST', baseURL: 'https://p.test/rest/1/abc/' });
	});
});
