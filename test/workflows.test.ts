/**
 * Static checks of the template workflows (workflows/*.json): valid n8n import JSON, our nodes and
 * their parameters exactly as the node descriptions define them (names, visibility, option values,
 * credentials), nothing machine- or account-specific, and every setting of the Chat2Desk "Open Lines"
 * integration present as a node or node option.
 */
import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { evaluateTemplateExpression } from './helpers/templateExpression';
import {
	loadPackageCredentialNames,
	loadPackageNodes,
	readPackageJson,
	readTemplates,
	type TemplateFile,
} from './workflows.files';

const PACKAGE = 'n8n-nodes-chat2desk-bitrix24';

interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id?: string; name?: string }>;
	webhookId?: string;
	onError?: string;
}

interface Workflow {
	name: string;
	nodes: TemplateNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }> | null>>
	>;
	settings?: Record<string, unknown>;
	meta?: Record<string, unknown>;
}

const isExpression = (value: unknown): boolean =>
	typeof value === 'string' && value.startsWith('=');
const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function asINode(node: TemplateNode): INode {
	return {
		id: node.id,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion,
		position: node.position,
		parameters: node.parameters,
	};
}

function optionValues(property: INodeProperties): unknown[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

function hasDynamicOptions(property: INodeProperties): boolean {
	const typeOptions = property.typeOptions ?? {};
	return Boolean(
		typeOptions.loadOptionsMethod || typeOptions.loadOptions || typeOptions.loadOptionsDependsOn,
	);
}

interface Context {
	node: INode;
	description: INodeTypeDescription;
	root: INodeParameters;
}

/** Problems of one value against its property (type, option values, nested keys). */
function checkValue(
	value: unknown,
	property: INodeProperties,
	path: string,
	context: Context,
): string[] {
	if (isExpression(value)) {
		return property.noDataExpression ? [`${path}: an expression is not allowed here`] : [];
	}
	switch (property.type) {
		case 'options':
			if (hasDynamicOptions(property)) return [];
			return optionValues(property).includes(value as string)
				? []
				: [
						`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(optionValues(property))}`,
					];
		case 'multiOptions': {
			if (!Array.isArray(value)) return [`${path}: must be a list`];
			if (hasDynamicOptions(property)) return [];
			const allowed = optionValues(property);
			return value
				.filter((entry) => !allowed.includes(entry as string))
				.map(
					(entry) => `${path}: ${JSON.stringify(entry)} is not one of ${JSON.stringify(allowed)}`,
				);
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${path}: must be true or false`];
		case 'number':
			return typeof value === 'number' ? [] : [`${path}: must be a number`];
		case 'string':
			return typeof value === 'string' ? [] : [`${path}: must be a string`];
		case 'collection':
			if (!isObject(value)) return [`${path}: must be an object`];
			return checkKeys(
				value as INodeParameters,
				(property.options ?? []) as INodeProperties[],
				path,
				context,
			);
		case 'fixedCollection': {
			if (!isObject(value)) return [`${path}: must be an object`];
			const groups = (property.options ?? []) as INodePropertyCollection[];
			const problems: string[] = [];
			for (const [groupName, groupValue] of Object.entries(value)) {
				const group = groups.find((candidate) => candidate.name === groupName);
				if (!group) {
					problems.push(
						`${path}.${groupName}: no such group (${groups.map((g) => g.name).join(', ')})`,
					);
					continue;
				}
				const entries = property.typeOptions?.multipleValues ? groupValue : [groupValue];
				if (!Array.isArray(entries)) {
					problems.push(`${path}.${groupName}: must be a list`);
					continue;
				}
				entries.forEach((entry, index) => {
					if (!isObject(entry)) problems.push(`${path}.${groupName}[${index}]: must be an object`);
					else
						problems.push(
							...checkKeys(
								entry as INodeParameters,
								group.values,
								`${path}.${groupName}[${index}]`,
								context,
							),
						);
				});
			}
			return problems;
		}
		case 'resourceMapper':
			return isObject(value) && typeof value.mappingMode === 'string' && isObject(value.value)
				? []
				: [`${path}: must be a resource mapper value {mappingMode, value, …}`];
		default:
			return [];
	}
}

/** Keys of a collection / fixedCollection entry: each must be an option, shown for its siblings. */
function checkKeys(
	values: INodeParameters,
	properties: INodeProperties[],
	path: string,
	context: Context,
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const candidates = properties.filter((property) => property.name === key);
		if (candidates.length === 0) {
			problems.push(`${path}.${key}: no such option (${properties.map((p) => p.name).join(', ')})`);
			continue;
		}
		const shown = candidates.filter((property) =>
			NodeHelpers.displayParameter(
				values,
				property,
				context.node,
				context.description,
				context.root,
			),
		);
		if (shown.length === 0) {
			problems.push(`${path}.${key}: hidden by its displayOptions for the values set next to it`);
			continue;
		}
		problems.push(...checkValue(value, shown[0], `${path}.${key}`, context));
	}
	return problems;
}

/**
 * Problems of a node's parameters against its type: every key must exist and be shown for the
 * node's values (n8n's own getNodeParameters decides what the editor keeps — a key it drops is
 * hidden: the editor would delete it on the first edit), and every value must fit its property.
 */
export function parameterProblems(node: TemplateNode, description: INodeTypeDescription): string[] {
	const inode = asINode(node);
	const properties = description.properties;
	const kept =
		NodeHelpers.getNodeParameters(properties, node.parameters, true, false, inode, description) ??
		{};
	const context: Context = { node: inode, description, root: kept };
	const problems: string[] = [];
	for (const [key, value] of Object.entries(node.parameters)) {
		const candidates = properties.filter((property) => property.name === key);
		if (candidates.length === 0) {
			problems.push(`${key}: no such parameter`);
			continue;
		}
		const shown = candidates.filter((property) =>
			NodeHelpers.displayParameter(kept, property, inode, description, kept),
		);
		if (shown.length === 0 || !(key in kept)) {
			problems.push(`${key}: hidden for these settings (the editor drops it on the first edit)`);
			continue;
		}
		problems.push(...checkValue(value, shown[0], key, context));
	}
	return problems;
}

const templates = readTemplates();
const packageNodes = loadPackageNodes();
const nodeTypes = new Map(
	packageNodes.map((entry) => [`${PACKAGE}.${entry.description.name}`, entry.description]),
);
const packageTypes = new Set(nodeTypes.keys());
const credentialNames = loadPackageCredentialNames();

function workflowOf(template: TemplateFile): Workflow {
	return template.json as Workflow;
}

function ourNodes(workflow: Workflow): TemplateNode[] {
	return workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`));
}

function byName(workflow: Workflow, name: string): TemplateNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${workflow.name}: no node "${name}"`);
	return node;
}

function ofType(
	workflow: Workflow,
	nodeName: string,
	filter: (node: TemplateNode) => boolean = () => true,
) {
	return workflow.nodes.filter((node) => node.type === `${PACKAGE}.${nodeName}` && filter(node));
}

/** Cyrillic runs in a text, with a little context. */
function cyrillicIn(text: string): string[] {
	return Array.from(text.matchAll(/.{0,20}[\u0400-\u04ff]+.{0,20}/g), (match) => match[0]);
}

/** Nodes that are neither n8n core (`n8n-nodes-base.*`) nor one of `allowed` (this package's nodes). */
function foreignNodeTypes(workflow: Workflow, allowed: Set<string>): string[] {
	return workflow.nodes
		.filter((node) => !node.type.startsWith('n8n-nodes-base.') && !allowed.has(node.type))
		.map((node) => `${node.name}: ${node.type}`);
}

/** Whether a Set value (`=[…]` JSON, or plain text) holds anything but empty strings. */
function isFilled(value: unknown): boolean {
	if (typeof value !== 'string') return value !== null && value !== undefined && value !== false;
	const text = value.startsWith('=') ? value.slice(1) : value;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return text.trim() !== '';
	}
	const hasContent = (entry: unknown): boolean =>
		typeof entry === 'string'
			? entry.trim() !== ''
			: Array.isArray(entry)
				? entry.some(hasContent)
				: isObject(entry)
					? Object.values(entry).some(hasContent)
					: entry !== null && entry !== undefined;
	return hasContent(parsed);
}

const SANDBOX_URL = /(localhost|127\.0\.0\.1|0\.0\.0\.0|:40[12]0\b|sandbox)/i;

/**
 * The user fields the Setup template creates on leads and deals: the `name`s of its "User fields the
 * CRM template needs" list, with the prefix Bitrix24 adds.
 */
function userFieldsOfSetup(setup: Workflow): string[] {
	const list = setup.nodes.find((node) => node.name === 'User fields the CRM template needs');
	const text = JSON.stringify(list?.parameters ?? {});
	return [...text.matchAll(/name: '([A-Z0-9_]+)'/g)].map((match) => `UF_CRM_${match[1]}`);
}

/**
 * Values that only make sense for the sandbox: a filled route table, a filled list of lines or tags,
 * a `UF_CRM_C2D_*` user field the Setup template does not create (the sandbox's own), a local URL. A
 * real portal must fill these in itself.
 */
function sandboxValues(workflow: Workflow, createdBySetup: string[] = []): string[] {
	const problems: string[] = [];
	for (const node of workflow.nodes) {
		const text = JSON.stringify(node.parameters);
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		for (const match of text.matchAll(/UF_CRM_C2D_\w+/g)) {
			if (!createdBySetup.includes(match[0])) problems.push(`${node.name}: ${match[0]}`);
		}
		const url = /https?:\/\/[^"\s]+/.exec(text);
		if (url && SANDBOX_URL.test(url[0])) problems.push(`${node.name}: ${url[0]}`);
		const assignments =
			(node.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> })
				?.assignments ?? [];
		for (const { name, value } of assignments) {
			if (!/(^|\.)(routes|lines|tags|defaultLine)$/.test(name)) continue;
			if (isFilled(value)) problems.push(`${node.name}: ${name} = ${String(value)}`);
		}
		for (const key of ['channelIds', 'tagIds', 'lineId', 'line']) {
			const value = node.parameters[key];
			if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))
				problems.push(`${node.name}: ${key} = ${value}`);
			if (Array.isArray(value) && value.length > 0) problems.push(`${node.name}: ${key} = ${JSON.stringify(value)}`);
		}
	}
	return problems;
}


describe('the template checks themselves', () => {
	const base = (nodes: TemplateNode[]): Workflow => ({ name: 'x', nodes, connections: {} });
	const set = (name: string, value: unknown): TemplateNode => ({
		id: '1',
		name: 'Settings',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [0, 0],
		parameters: { assignments: { assignments: [{ name, value, type: 'array' }] } } as INodeParameters,
	});

	it('find Cyrillic text', () => {
		expect(cyrillicIn('{"content": "Settings (seed: Открытые линии)"}')).toHaveLength(1);
		expect(cyrillicIn('{"content": "Settings"}')).toEqual([]);
	});

	it('find a node type from another package', () => {
		const node = { ...set('x', ''), name: 'Code', type: '@n8n/n8n-nodes-langchain.code' };
		expect(foreignNodeTypes(base([node]), new Set())).toEqual(['Code: @n8n/n8n-nodes-langchain.code']);
		expect(foreignNodeTypes(base([set('x', '')]), new Set())).toEqual([]);
	});

	it('find filled routes, lines and tags, sandbox user fields and local URLs', () => {
		expect(sandboxValues(base([set('settings.routes', '=[{"match": "1", "line": "1"}]')]))).toHaveLength(1);
		expect(sandboxValues(base([set('lines', '=[1, 2, 3]')]))).toHaveLength(1);
		expect(sandboxValues(base([set('settings.tags', '=["VIP"]')]))).toHaveLength(1);
		expect(sandboxValues(base([set('settings.routes', '=[{"match": "", "line": ""}]')]))).toEqual([]);
		expect(sandboxValues(base([set('lines', '=[]')]))).toEqual([]);
		const crm = { ...set('x', ''), parameters: { columns: { value: { UF_CRM_C2D_CITY: '=x' } } } };
		expect(sandboxValues(base([crm]))).toEqual(['Settings: UF_CRM_C2D_CITY']);
		expect(sandboxValues(base([crm]), ['UF_CRM_C2D_CITY'])).toEqual([]);
		const url = { ...set('x', ''), parameters: { placementHandler: 'http://127.0.0.1:4020/x' } };
		expect(sandboxValues(base([url]))).toHaveLength(1);
		const line = { ...set('x', ''), parameters: { line: '1' } };
		expect(sandboxValues(base([line]))).toEqual(['Settings: line = 1']);
	});
});

describe('the package', () => {
	it('lists node classes whose sources load, and the templates use only those', () => {
		expect(packageNodes.length).toBe(readPackageJson().n8n.nodes.length);
		expect(templates.length).toBeGreaterThanOrEqual(4);
	});
});

describe.each(templates.map((template) => [template.file, template] as const))(
	'%s',
	(_file, template) => {
		const workflow = workflowOf(template);

		it('is valid n8n import JSON', () => {
			expect(template.error).toBeNull();
			expect(typeof workflow.name).toBe('string');
			expect(workflow.name.length).toBeGreaterThan(0);
			expect(Array.isArray(workflow.nodes)).toBe(true);
			expect(isObject(workflow.connections)).toBe(true);
			expect(workflow.settings === undefined || isObject(workflow.settings)).toBe(true);
			const problems: string[] = [];
			for (const node of workflow.nodes) {
				if (typeof node.id !== 'string' || node.id === '') problems.push(`${node.name}: no id`);
				if (typeof node.name !== 'string' || node.name === '') problems.push(`${node.id}: no name`);
				if (typeof node.type !== 'string' || !node.type.includes('.'))
					problems.push(`${node.name}: bad type`);
				if (typeof node.typeVersion !== 'number') problems.push(`${node.name}: no typeVersion`);
				if (
					!Array.isArray(node.position) ||
					node.position.length !== 2 ||
					!node.position.every(Number.isFinite)
				)
					problems.push(`${node.name}: bad position`);
				if (!isObject(node.parameters)) problems.push(`${node.name}: parameters must be an object`);
			}
			const names = workflow.nodes.map((node) => node.name);
			const ids = workflow.nodes.map((node) => node.id);
			expect(problems).toEqual([]);
			expect(new Set(names).size).toBe(names.length);
			expect(new Set(ids).size).toBe(ids.length);
			expect(template.text.endsWith('\n')).toBe(true);
		});

		it('carries no Cyrillic text (templates are English only)', () => {
			expect(cyrillicIn(template.text)).toEqual([]);
		});

		it("uses only n8n's core nodes and this package's app nodes", () => {
			expect(foreignNodeTypes(workflow, packageTypes)).toEqual([]);
		});

		it('carries no sandbox ids or URLs (routes, lines and tags ship empty)', () => {
			const setup = templates.find((candidate) => candidate.file === 'setup-open-lines-connector.json');
			expect(sandboxValues(workflow, userFieldsOfSetup(workflowOf(setup!)))).toEqual([]);
		});

		it('is marked for credential setup on import (meta.templateCredsSetupCompleted false)', () => {
			expect(workflow.meta?.templateCredsSetupCompleted).toBe(false);
		});

		it('uses only node types and versions the package defines', () => {
			const problems: string[] = [];
			for (const node of ourNodes(workflow)) {
				const description = nodeTypes.get(node.type);
				if (!description) {
					problems.push(`${node.name}: ${node.type} is not in package.json n8n.nodes`);
					continue;
				}
				const versions = Array.isArray(description.version)
					? description.version
					: [description.version];
				if (!versions.includes(node.typeVersion))
					problems.push(
						`${node.name}: typeVersion ${node.typeVersion}, the node has ${versions.join(', ')}`,
					);
			}
			expect(problems).toEqual([]);
			expect(ourNodes(workflow).length).toBeGreaterThan(0);
		});

		it('sets only parameters that exist and are shown, with valid values', () => {
			const problems: string[] = [];
			for (const node of ourNodes(workflow)) {
				const description = nodeTypes.get(node.type);
				if (!description) continue;
				for (const problem of parameterProblems(node, description))
					problems.push(`${node.name} › ${problem}`);
			}
			expect(problems).toEqual([]);
		});

		it('leaves no required parameter of our nodes empty', () => {
			const problems: string[] = [];
			for (const node of ourNodes(workflow)) {
				const description = nodeTypes.get(node.type);
				if (!description) continue;
				const issues = NodeHelpers.getNodeParametersIssues(
					description.properties,
					asINode(node),
					description,
				);
				for (const [parameter, messages] of Object.entries(issues?.parameters ?? {}))
					problems.push(`${node.name} › ${parameter}: ${messages.join('; ')}`);
			}
			expect(problems).toEqual([]);
		});

		it('references credentials by type the node declares, by name only', () => {
			const problems: string[] = [];
			for (const node of workflow.nodes) {
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					if (reference.id !== undefined)
						problems.push(`${node.name}: credential ${type} has an id`);
					if (!reference.name) problems.push(`${node.name}: credential ${type} has no name`);
					const description = nodeTypes.get(node.type);
					if (!description) continue;
					if (!credentialNames.includes(type))
						problems.push(`${node.name}: ${type} is not a credential of the package`);
					if (!(description.credentials ?? []).some((credential) => credential.name === type))
						problems.push(`${node.name}: ${node.type} declares no credential ${type}`);
				}
			}
			expect(problems).toEqual([]);
		});

		it('contains no credential ids, $env, or paths of a machine', () => {
			expect(template.text).not.toMatch(/\$env\b/);
			expect(template.text).not.toMatch(
				/(^|[\s"'(])(\/(home|root|tmp|work|Users|var|opt|mnt)\/|[A-Za-z]:\\\\)/m,
			);
			expect(template.text).not.toMatch(/"credentials"\s*:\s*\{[^}]*"id"/);
			expect(template.text).not.toMatch(/"(instanceId|apiKey|accessToken|access_token|token)"\s*:/);
		});

		it('gives every webhook trigger a webhookId', () => {
			const triggers = workflow.nodes.filter((node) => {
				const description = nodeTypes.get(node.type);
				if (description)
					return (description.webhooks ?? []).length > 0 || description.group.includes('trigger');
				return (
					/\.(webhook|[a-zA-Z]+Trigger)$/.test(node.type) &&
					node.type !== 'n8n-nodes-base.manualTrigger'
				);
			});
			for (const node of triggers)
				expect({ node: node.name, webhookId: node.webhookId }).toEqual({
					node: node.name,
					webhookId: expect.stringMatching(
						/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
					),
				});
		});

		it('connects only nodes that exist, through outputs they have', () => {
			const names = new Set(workflow.nodes.map((node) => node.name));
			const problems: string[] = [];
			for (const [source, byType] of Object.entries(workflow.connections)) {
				if (!names.has(source)) problems.push(`connection from unknown node "${source}"`);
				const sourceNode = workflow.nodes.find((node) => node.name === source);
				const description = sourceNode && nodeTypes.get(sourceNode.type);
				for (const [type, outputs] of Object.entries(byType)) {
					// "On Error: Continue (using error output)" adds one output.
					const available =
						description && Array.isArray(description.outputs)
							? description.outputs.length + (sourceNode?.onError === 'continueErrorOutput' ? 1 : 0)
							: Infinity;
					if (outputs.length > available)
						problems.push(
							`${source}: ${outputs.length} ${type} outputs used, the node has ${available}`,
						);
					for (const targets of outputs) {
						for (const target of targets ?? []) {
							if (!names.has(target.node))
								problems.push(`${source} → unknown node "${target.node}"`);
							if (target.type !== type)
								problems.push(`${source} → ${target.node}: type ${target.type}`);
						}
					}
				}
			}
			expect(problems).toEqual([]);
		});
	},
);

function template(file: string): Workflow {
	const found = templates.find((candidate) => candidate.file === file);
	if (!found) throw new Error(`no template ${file}`);
	return workflowOf(found);
}

/** The boolean of a Set node called "Settings" named `settings.<name>`. */
function settingsFlag(workflow: Workflow, name: string): unknown {
	const settings = byName(workflow, 'Settings');
	expect(settings.type).toBe('n8n-nodes-base.set');
	const assignments = (
		settings.parameters.assignments as {
			assignments: Array<{ name: string; type: string; value: unknown }>;
		}
	).assignments;
	const assignment = assignments.find((candidate) => candidate.name === `settings.${name}`);
	expect(assignment).toMatchObject({ type: 'boolean' });
	return assignment?.value;
}

/** The value of the Settings field `settings.<name>` (any type). */
function settingValue(workflow: Workflow, name: string): unknown {
	const assignments = (
		byName(workflow, 'Settings').parameters.assignments as {
			assignments: Array<{ name: string; value: unknown }>;
		}
	).assignments;
	return assignments.find((candidate) => candidate.name === `settings.${name}`)?.value;
}

/** The output names of a Switch node's rules. */
function switchRules(workflow: Workflow, name: string): string[] {
	const node = byName(workflow, name);
	expect(node.type).toBe('n8n-nodes-base.switch');
	return ((node.parameters.rules as { values: Array<{ outputKey: string }> }).values ?? []).map(
		(rule) => rule.outputKey,
	);
}

/** Nodes whose parameters read `$json.settings.<name>` (the place the setting takes effect). */
function readersOf(workflow: Workflow, name: string): string[] {
	return workflow.nodes
		.filter(
			(node) =>
				JSON.stringify(node.parameters).includes(`settings.${name}`) && node.name !== 'Settings',
		)
		.map((node) => node.name);
}

describe('the settings of the Chat2Desk "Open Lines" integration are nodes and options', () => {
	const inbound = template('chat2desk-to-open-lines.json');
	const outbound = template('open-lines-to-chat2desk.json');
	const crm = template('open-lines-crm-fields.json');
	const setup = template('setup-open-lines-connector.json');

	it('sign the phone number in group chats: Send to the Open Line › Sign Group Sender Phone', () => {
		const [node] = ofType(
			inbound,
			'bitrix24OpenLines',
			(candidate) => candidate.parameters.input === 'chat2deskMessage',
		);
		expect(node.parameters.signGroupSenderPhone).toBe(true);
	});

	it('sign the operator name: Send to Chat2Desk (Send Open Line Reply) › Sign Operator Name', () => {
		const [node] = ofType(
			outbound,
			'chat2Desk',
			(candidate) => candidate.parameters.operation === 'sendOperatorReply',
		);
		expect(node.parameters.signOperatorName).toBe(true);
		expect(node.onError).toBe('continueErrorOutput');
	});

	it('hold until an operator joins: Settings › holdUntilOperatorJoins, read by the hold branches', () => {
		expect(typeof settingsFlag(inbound, 'holdUntilOperatorJoins')).toBe('boolean');
		expect(readersOf(inbound, 'holdUntilOperatorJoins').sort()).toEqual([
			'Hold setting on?',
			'Hold until an operator joins?',
		]);
		expect(byName(inbound, 'Chat2Desk Trigger').parameters.events).toContain('dialog_transferred');
		const [held] = ofType(
			inbound,
			'chat2Desk',
			(node) => node.parameters.operation === 'getMessages',
		);
		expect(held.parameters).toMatchObject({ resource: 'request' });
	});

	it('delivery-error message: Settings › sendDeliveryErrors, read by both error branches', () => {
		expect(settingsFlag(outbound, 'sendDeliveryErrors')).toBe(true);
		expect(readersOf(outbound, 'sendDeliveryErrors').sort()).toEqual([
			'Send delivery errors? (API)',
			'Send delivery errors? (messenger)',
		]);
		expect(byName(outbound, 'Chat2Desk Trigger (delivery errors)').parameters.events).toEqual([
			'outbox_status',
		]);
		expect(
			ofType(
				outbound,
				'bitrix24OpenLines',
				(node) => node.parameters.input === 'chat2deskDeliveryError',
			).map((node) => node.name).sort(),
		).toEqual(['Tell the Open Line (API error)', 'Tell the Open Line (messenger error)']);
	});

	it('Open Lines logic (by channels / by tags): Settings › routingLogic and routes, a Switch per logic', () => {
		expect(settingValue(inbound, 'routingLogic')).toBe('byChannel');
		expect(readersOf(inbound, 'routingLogic')).toEqual(
			expect.arrayContaining(['Routing logic', 'Tags needed?']),
		);
		const rules = switchRules(inbound, 'Routing logic');
		expect(rules).toEqual(['By channel', 'By tag']);
		expect(inbound.connections['Routing logic'].main.map((targets) => targets?.[0]?.node)).toEqual([
			'Open Line by channel',
			'Open Line by tag',
		]);
		expect(readersOf(inbound, 'routes').filter((name) => !name.startsWith('Note:')).sort()).toEqual([
			'Open Line by channel',
			'Open Line by tag',
			'Routes missing in Settings?',
			'Stop: fill in the routes',
		]);
	});

	it("tags (don't process / accept tagged / reject tagged): Settings › tagMode, tagSource, tags; the Tag mode Switch", () => {
		expect(settingValue(inbound, 'tagMode')).toBe('ignoreTags');
		expect(['client', 'request', 'clientOrRequest']).toContain(settingValue(inbound, 'tagSource'));
		expect(settingValue(inbound, 'tags')).toBe('=[]');
		expect(switchRules(inbound, 'Tag mode')).toEqual([
			"Don't process tags",
			'Accept only tagged',
			'Reject tagged',
		]);
		// Three passing rules go on to routing, the fallback output ends the item.
		const outputs = inbound.connections['Tag mode'].main.map((targets) => targets?.[0]?.node);
		expect(outputs).toEqual(['Routing logic', 'Routing logic', 'Routing logic', 'Not for the Open Line']);
		const [tags] = ofType(inbound, 'chat2Desk', (node) => node.parameters.operation === 'getAssigned');
		expect(tags.name).toBe('Get the tags');
	});

	it('routes ship empty, and a missing route stops the run with an error that names the node', () => {
		for (const workflow of [inbound, outbound]) {
			expect(settingValue(workflow, 'routes')).toBe('=[{"match": "", "line": ""}]');
			const stop = byName(workflow, 'Stop: fill in the routes');
			expect(stop.type).toBe('n8n-nodes-base.stopAndError');
			expect(String(stop.parameters.errorMessage)).toContain('Settings');
			expect(workflow.connections['Routes missing in Settings?'].main[0]).toEqual([
				{ node: stop.name, type: 'main', index: 0 },
			]);
		}
		const lines = byName(setup, 'Open Lines to connect');
		expect(JSON.stringify(lines.parameters)).toContain('"value":"=[]"');
		expect(setup.connections['Lines missing?'].main[0]).toEqual([
			{ node: 'Stop: fill in the lines', type: 'main', index: 0 },
		]);
	});

	it('every event path ends in one list of Chat2Desk messages that is sent in as few calls as possible', () => {
		const into = Object.entries(inbound.connections)
			.filter(([, byType]) => byType.main.some((targets) => targets?.some((t) => t.node === 'Messages to send')))
			.map(([source]) => source)
			.sort();
		expect(into).toEqual([
			'Earlier messages, then this one',
			"Get the client's past messages",
			"Get the request's messages",
		]);
		const send = byName(inbound, 'Send to the Open Line');
		expect(send.parameters).toMatchObject({
			input: 'chat2deskMessage',
			chat2deskMessage: "={{ $('Messages to send').item.json }}",
			sending: { allInOneCall: true },
		});
	});

	it('send past messages after a tag: Settings › sendPastMessagesAfterTag, start_id pages of the client', () => {
		expect(settingsFlag(inbound, 'sendPastMessagesAfterTag')).toBe(true);
		expect(readersOf(inbound, 'sendPastMessagesAfterTag')).toEqual(['Replay setting on?']);
		expect(byName(inbound, 'Chat2Desk Trigger').parameters.events).toContain('add_tag_to_request');
		const past = byName(inbound, "Get the client's past messages");
		expect(past.parameters).toMatchObject({
			resource: 'message',
			returnAll: true,
			filters: { clientId: expect.stringMatching(/^=/), order: 'asc' },
		});
		expect(inbound.connections['Replay setting on?'].main[0]).toEqual([
			{ node: past.name, type: 'main', index: 0 },
		]);
		const [send] = ofType(
			inbound,
			'bitrix24OpenLines',
			(node) => node.parameters.operation === 'send',
		);
		// Exactly-once comes from the delivery log (below), not from the node's per-process memory.
		expect(send.parameters.sending).toMatchObject({ skipAlreadySent: false });
	});

	it('exactly once, in order: every event is a doorbell, and the delivery log is an n8n data table', () => {
		const next = (name: string, output = 0) =>
			(inbound.connections[name]?.main[output] ?? []).map((target) => `${target.node}#${target.index}`).sort();
		expect(byName(inbound, 'Chat2Desk Trigger').parameters.options).toMatchObject({ respond: 'afterRun' });
		// A live message brings the request's earlier unsent messages, oldest first, then itself.
		expect(next('Hold until an operator joins?', 1)).toEqual([
			'Earlier messages, then this one#1',
			'Recent messages of the client#0',
		]);
		expect(next('Recent messages of the client')).toEqual(['Earlier in this request#0']);
		expect(next('Earlier in this request')).toEqual(['Oldest first#0']);
		expect(next('Oldest first')).toEqual(['Earlier messages, then this one#0']);
		// Whatever rang: the chat's log is read once, and only messages not in it go on.
		expect(next('Messages to send')).toEqual(['Delivery key#0', 'Delivery log of this chat#0']);
		expect(next('Delivery key')).toEqual(['Not sent yet#0']);
		expect(next('Delivery log of this chat')).toEqual(['Not sent yet#1']);
		const log = byName(inbound, 'Delivery log of this chat');
		expect(log).toMatchObject({ executeOnce: true, alwaysOutputData: true });
		for (const name of ['Delivery log of this chat', 'Remember as sent']) {
			expect(byName(inbound, name).parameters.dataTableId).toEqual({
				__rl: true,
				mode: 'name',
				value: 'Chat2Desk Bitrix24 delivery log',
			});
		}
		// Only rows that can belong to the messages at hand: for a live message, rows written since two
		// days before the oldest message read (a row is written after its message existed).
		const conditions = (
			log.parameters.filters as { conditions: Array<{ keyName: string; condition: string }> }
		).conditions;
		expect(conditions.map((c) => `${c.keyName} ${c.condition}`)).toEqual(['chat eq', 'createdAt gte']);
		expect(byName(inbound, 'Not sent yet').parameters).toMatchObject({
			joinMode: 'keepNonMatches',
			outputDataFrom: 'input1',
			mergeByFields: { values: [{ field1: 'deliveryKey', field2: 'key' }] },
		});
		// Marked sent only after the send, and only from its success output.
		expect(next('Send to the Open Line')).toEqual(['Remember as sent#0']);
		expect(byName(inbound, 'Send to the Open Line').onError).toBeUndefined();
	});

	describe('the delivery log read of a live message starts two days before the oldest message at hand', () => {
		const log = () => byName(inbound, 'Delivery log of this chat');
		const since = () =>
			(log().parameters.filters as { conditions: Array<{ keyName: string; keyValue: string }> })
				.conditions.find((condition) => condition.keyName === 'createdAt')?.keyValue ?? '';
		/** Evaluates the `{{ … }}` of the condition with `$('Node')` answering from `outputs`. */
		const evaluate = (outputs: Record<string, Array<Record<string, unknown>> | Error>): string => {
			const $ = (name: string) => {
				const output = outputs[name];
				const all = () => {
					if (output === undefined || output instanceof Error)
						throw output ?? new Error(`${name} did not run`);
					return output.map((json) => ({ json }));
				};
				return { all, first: () => all()[0] };
			};
			return evaluateTemplateExpression(since(), { $ }) as string;
		};
		const DAY = 86_400_000;
		const EPOCH = new Date(0).toISOString();

		it('takes the oldest of the event time and the recent messages, in the formats seen', () => {
			expect(
				evaluate({
					'Chat2Desk Trigger': [{ event: 'inbox', eventTime: '2026-07-20T10:00:00.123456Z' }],
					'Recent messages of the client': [
						{ created: '2026-07-19T08:00:00 UTC' },
						{ created: '2026-07-18 09:30:00' },
						{ created: 1784371200 },
					],
				}),
			).toBe(new Date(Date.parse('2026-07-18T09:30:00') - 2 * DAY).toISOString());
		});

		it('reads every row of the chat for other events, unknown dates or a failed read', () => {
			const recent = [{ created: '2026-07-19T08:00:00 UTC' }];
			expect(
				evaluate({
					'Chat2Desk Trigger': [{ event: 'add_tag_to_request', eventTime: '2026-07-20T10:00:00Z' }],
					'Recent messages of the client': recent,
				}),
			).toBe(EPOCH);
			expect(
				evaluate({
					'Chat2Desk Trigger': [{ event: 'inbox', eventTime: '2026-07-20T10:00:00Z' }],
					'Recent messages of the client': [...recent, { created: 'yesterday' }],
				}),
			).toBe(EPOCH);
			expect(
				evaluate({
					'Chat2Desk Trigger': [{ event: 'inbox', eventTime: null }],
					'Recent messages of the client': new Error('not run'),
				}),
			).toBe(EPOCH);
			expect(
				evaluate({
					'Chat2Desk Trigger': [{ event: 'inbox', eventTime: null }],
					'Recent messages of the client': [],
				}),
			).toBe(EPOCH);
		});
	});

	it.each(['lead', 'deal'])(
		'analytics: the %s gets utm_* in UTM_* and client_id, message_id, click_time, the whole UTM in user fields',
		(resource) => {
			const [update] = ofType(
				crm,
				'bitrix24Crm',
				(node) => node.parameters.resource === resource && node.parameters.operation === 'update',
			);
			const columns = update.parameters.columns as {
				mappingMode: string;
				value: Record<string, string>;
			};
			expect(columns.mappingMode).toBe('defineBelow');
			for (const key of ['source', 'medium', 'campaign', 'content', 'term'])
				expect(columns.value[`UTM_${key.toUpperCase()}`]).toContain(`utm_${key}`);
			expect(columns.value.UF_CRM_C2D_CLIENT_ID).toMatch(/^=\{\{.+\}\}$/);
			expect(columns.value.UF_CRM_C2D_MSG_ID).toContain('message_id');
			expect(columns.value.UF_CRM_C2D_CLICKED).toContain('click_time');
			expect(columns.value.UF_CRM_C2D_UTM).toContain('utm_source');
			const [analytics] = ofType(
				crm,
				'chat2Desk',
				(node) => node.parameters.resource === 'webAnalytics',
			);
			expect(analytics).toBeDefined();
		},
	);

	it.each(['lead', 'deal'])(
		'custom fields: the %s mapper ships none (account-specific), a note says how to add them',
		(resource) => {
			const [update] = ofType(
				crm,
				'bitrix24Crm',
				(node) => node.parameters.resource === resource && node.parameters.operation === 'update',
			);
			const values = (update.parameters.columns as { value: Record<string, string> }).value;
			const fromCard = Object.entries(values).filter(([, expression]) =>
				expression.includes('custom_fields'),
			);
			expect(fromCard).toEqual([]);
			const note = String(byName(crm, 'Note: custom fields').parameters.content);
			expect(note).toMatch(/fill me/i);
			expect(note).toContain('clientFields');
			expect(note).toContain("custom_fields?.['");
			const [card] = ofType(
				crm,
				'chat2Desk',
				(node) => node.parameters.resource === 'client' && node.parameters.operation === 'get',
			);
			expect(card).toBeDefined();
		},
	);

	it('the CRM fields are written when a new Open Line session starts', () => {
		const [trigger] = ofType(crm, 'bitrix24OpenLinesTrigger');
		expect(trigger.parameters.events).toEqual(['ONIMCONNECTORDIALOGSTART']);
		const [find] = ofType(
			crm,
			'bitrix24Crm',
			(node) => node.parameters.operation === 'findByOpenLineChat',
		);
		expect(find).toBeDefined();
	});

	it('setup creates the user fields the CRM template writes to, and the delivery log table', () => {
		const created = userFieldsOfSetup(setup);
		expect(created).toEqual([
			'UF_CRM_C2D_CLIENT_ID',
			'UF_CRM_C2D_UTM',
			'UF_CRM_C2D_CLICKED',
			'UF_CRM_C2D_MSG_ID',
		]);
		const written = ofType(crm, 'bitrix24Crm', (node) => node.parameters.operation === 'update')
			.flatMap((node) => Object.keys((node.parameters.columns as { value: object }).value))
			.filter((field) => field.startsWith('UF_'));
		expect(written.length).toBeGreaterThan(0);
		for (const field of written) expect(created).toContain(field);
		// Bitrix24 refuses a user field code longer than 20 characters, prefix included.
		for (const field of created) expect(field.length).toBeLessThanOrEqual(20);
		const fields = ofType(setup, 'bitrix24Crm');
		expect(fields.map((node) => [node.parameters.resource, node.parameters.operation, node.parameters.ifExists])).toEqual([
			['lead', 'createUserField', 'returnExisting'],
			['deal', 'createUserField', 'returnExisting'],
		]);
		expect(JSON.stringify(byName(setup, 'Open Lines to connect').parameters)).toContain(
			'"name":"clientFields","value":"=[]"',
		);
		const table = setup.nodes.find((node) => node.type === 'n8n-nodes-base.dataTable');
		expect(table?.parameters).toMatchObject({
			resource: 'table',
			operation: 'create',
			tableName: 'Chat2Desk Bitrix24 delivery log',
			options: { createIfNotExists: true },
		});
		const columns = (table?.parameters.columns as { column: Array<{ name: string; type: string }> })
			.column;
		expect(columns).toEqual(
			['key', 'chat', 'direction', 'remoteId'].map((name) => ({ name, type: 'string' })),
		);
	});

	it('setup serves the connector settings page it gives Bitrix24 as the placement handler', () => {
		const page = setup.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
		expect(page?.parameters).toMatchObject({ responseMode: 'responseNode' });
		const register = ofType(setup, 'bitrix24OpenLines', (node) => node.parameters.operation === 'register')[0];
		expect(String(register.parameters.placementHandler)).toContain(`webhook/${String(page?.parameters.path)}`);
		const respond = setup.nodes.find((node) => node.type === 'n8n-nodes-base.respondToWebhook');
		expect(String(respond?.parameters.responseBody)).toContain('managed by n8n');
	});

	it('setup registers and activates the connector from a manual trigger', () => {
		expect(setup.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger')).toBe(true);
		const operations = ofType(setup, 'bitrix24OpenLines').map((node) => node.parameters.operation);
		expect(operations).toEqual(expect.arrayContaining(['register', 'activate', 'setData']));
	});
});

describe('the parameter check itself', () => {
	const inbound = template('chat2desk-to-open-lines.json');
	const send = ofType(
		inbound,
		'bitrix24OpenLines',
		(node) => node.parameters.operation === 'send',
	)[0];
	const description = nodeTypes.get(send.type) as INodeTypeDescription;
	const withParameters = (parameters: INodeParameters): TemplateNode => ({ ...send, parameters });

	it('reports a parameter the node does not have', () => {
		expect(
			parameterProblems(withParameters({ ...send.parameters, textt: 'x' }), description),
		).toEqual(['textt: no such parameter']);
	});

	it('reports an option a collection does not have, and a bad option value', () => {
		const problems = parameterProblems(
			withParameters({
				...send.parameters,
				resource: 'messages',
				sending: { skipAlreadySent: true, batchSizes: 5 },
			}),
			description,
		);
		expect(problems).toEqual(
			expect.arrayContaining([expect.stringContaining('resource: "messages" is not one of')]),
		);
	});

	it('reports a parameter that exists but is hidden for the chosen operation', () => {
		const problems = parameterProblems(
			withParameters({ ...send.parameters, operation: 'deleteMessage' }),
			description,
		);
		expect(problems).toEqual(
			expect.arrayContaining([
				'chat2deskMessage: hidden for these settings (the editor drops it on the first edit)',
			]),
		);
	});

	it('reports an option hidden by its siblings', () => {
		const problems = parameterProblems(
			withParameters({ ...send.parameters, sending: { allInOneCall: false, batchSize: 5 } }),
			description,
		);
		expect(problems).toEqual([
			'sending.batchSize: hidden by its displayOptions for the values set next to it',
		]);
	});
});
