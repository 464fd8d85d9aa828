import { resolveWebhookDescriptionField, type INode, type INodeProperties } from 'n8n-workflow';

import { CHAT2DESK_EVENTS } from '../../../nodes/Chat2Desk/domain/events';
import { Chat2Desk } from '../../../nodes/Chat2Desk/Chat2Desk.node';
import { Chat2DeskTrigger } from '../../../nodes/Chat2Desk/Chat2DeskTrigger.node';
import { evaluateTemplateExpression } from '../../helpers/templateExpression';

const node = new Chat2Desk().description;
const trigger = new Chat2DeskTrigger().description;

function operationsOf(resource: string): string[] {
	const selector = node.properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	) as INodeProperties;
	return (selector.options as Array<{ value: string }>).map((option) => option.value);
}

function isSorted(names: string[]): boolean {
	return names.every((name, index) => index === 0 || names[index - 1].localeCompare(name) <= 0);
}

describe('Chat2Desk node description (public contract)', () => {
	it('keeps its internal names', () => {
		expect(node).toMatchObject({
			name: 'chat2Desk',
			displayName: 'Chat2Desk',
			usableAsTool: true,
			version: 1,
		});
		expect(node.credentials).toEqual([{ name: 'chat2DeskApi', required: true }]);
	});

	it.each([
		['channel', ['get', 'getAll']],
		[
			'client',
			['create', 'findByPhone', 'get', 'getCustomFields', 'getAll', 'getTransports', 'update'],
		],
		['dialog', ['close', 'get', 'getAll', 'update']],
		['message', ['get', 'getAll', 'send', 'sendOperatorReply', 'transfer']],
		['operator', ['getGroups', 'getAll']],
		['request', ['close', 'get', 'getMessages']],
		['tag', ['assign', 'create', 'get', 'getAll', 'getAssigned', 'remove']],
		['webAnalytics', ['getAll']],
	])('offers the %s operations', (resource, operations) => {
		expect(operationsOf(resource)).toEqual(operations);
	});

	it('lists resources and operations alphabetically, each operation with an action', () => {
		const resources = node.properties.find((property) => property.name === 'resource')
			?.options as Array<{ name: string }>;
		expect(isSorted(resources.map((option) => option.name))).toBe(true);
		for (const property of node.properties.filter((candidate) => candidate.name === 'operation')) {
			const options = property.options as Array<{ name: string; action?: string }>;
			expect(isSorted(options.map((option) => option.name))).toBe(true);
			for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]/);
		}
	});
});

describe('Chat2Desk Trigger description (public contract)', () => {
	it('keeps its names and webhook', () => {
		expect(trigger).toMatchObject({
			name: 'chat2DeskTrigger',
			displayName: 'Chat2Desk Trigger',
			inputs: [],
		});
		expect(trigger.usableAsTool).toBeUndefined();
		// As the editor receives it (serialised: the native resolvers are backend-only).
		expect(JSON.parse(JSON.stringify(trigger.webhooks))).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode:
					'={{ $parameter["options"]["respond"] === "afterRun" ? "lastNode" : "onReceived" }}',
				responseData: '={{ $parameter["options"]["respond"] === "afterRun" ? "noData" : "" }}',
				path: 'webhook',
			},
		]);
	});

	it('offers exactly the Chat2Desk event names', () => {
		const events = trigger.properties.find((property) => property.name === 'events');
		const values = (events?.options as Array<{ value: string }>).map((option) => option.value);
		expect([...values].sort()).toEqual([...CHAT2DESK_EVENTS].sort());
	});

	it('has the documented options with their defaults', () => {
		const options = trigger.properties.find((property) => property.name === 'options')
			?.options as INodeProperties[];
		const defaults = Object.fromEntries(options.map((option) => [option.name, option.default]));
		expect(defaults).toEqual({
			ignoreOwnMessages: false,
			maxSignatureAgeSeconds: 10800,
			ownExternalIdPrefix: 'n8n:',
			respond: 'immediately',
			signatureHeader: 'X-Signature',
			signatureVerification: 'ifPresent',
			timestampHeader: 'X-Timestamp',
		});
	});
});

describe('Chat2Desk Trigger webhook fields without the expression engine', () => {
	const [webhook] = trigger.webhooks ?? [];
	const node = (respond?: string): INode => ({
		id: 'trigger',
		name: 'Chat2Desk Trigger',
		type: 'n8n-nodes-chat2desk-bitrix24.chat2DeskTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: ['inbox'], options: respond ? { respond } : {} },
	});

	it.each([
		['afterRun', 'lastNode', 'noData'],
		['immediately', 'onReceived', ''],
		[undefined, 'onReceived', ''],
	])('respond %s → responseMode %s, responseData "%s", as the templates say', (respond, mode, data) => {
		expect(resolveWebhookDescriptionField(node(respond), webhook, 'responseMode')).toEqual({
			resolved: true,
			value: mode,
		});
		expect(resolveWebhookDescriptionField(node(respond), webhook, 'responseData')).toEqual({
			resolved: true,
			value: data,
		});
		// The templates, as the editor and older n8n versions evaluate them.
		const $parameter = node(respond).parameters;
		const evaluate = (template: unknown) =>
			evaluateTemplateExpression(String(template), { $parameter });
		expect(evaluate(webhook.responseMode)).toBe(mode);
		expect(evaluate(webhook.responseData)).toBe(data);
	});

	it('falls back to the templates when a parameter is an expression', () => {
		const dynamic = { ...node('afterRun'), parameters: { events: '={{ ["inbox"] }}', options: {} } };
		expect(resolveWebhookDescriptionField(dynamic, webhook, 'responseMode')).toEqual({
			resolved: false,
		});
	});
});
