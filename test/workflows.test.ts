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

	it('sign the phone number in group chats: Open Lines Bridge (to Open Line) › signGroupSenderPhone', () => {
		const [node] = ofType(
			inbound,
			'openLinesBridge',
			(candidate) => candidate.parameters.operation === 'toOpenLine',
		);
		expect(node.parameters.signGroupSenderPhone).toBe(true);
	});

	it('sign the operator name: Open Lines Bridge (to Chat2Desk) › signOperatorName', () => {
		const [node] = ofType(
			outbound,
			'openLinesBridge',
			(candidate) => candidate.parameters.operation === 'toChat2Desk',
		);
		expect(node.parameters.signOperatorName).toBe(true);
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
				'openLinesBridge',
				(node) => node.parameters.operation === 'deliveryErrorNotice',
			),
		).toHaveLength(2);
	});

	it('Open Lines logic (by channels / by tags): Open Line Router › logic, with the route table it uses', () => {
		const [router] = ofType(inbound, 'openLineRouter');
		expect(['byChannel', 'byTag']).toContain(router.parameters.logic);
		// Only the table of the chosen logic is set: the editor drops hidden parameters on the first edit.
		const table = router.parameters.logic === 'byTag' ? 'tagRoutes' : 'channelRoutes';
		expect(router.parameters[table]).toMatchObject({ routes: expect.any(Array) });
		expect((router.parameters[table] as { routes: unknown[] }).routes.length).toBeGreaterThan(0);
	});

	it("tags (don't process / accept tagged / reject tagged): Tag Filter › mode and tagIds", () => {
		const [filter] = ofType(inbound, 'chat2DeskTagFilter');
		expect(['ignoreTags', 'acceptTagged', 'rejectTagged']).toContain(filter.parameters.mode);
		// Tag choice is shown (and kept) only in the two tag modes.
		if (filter.parameters.mode !== 'ignoreTags') expect(Array.isArray(filter.parameters.tagIds)).toBe(true);
		expect(inbound.connections['Tag Filter'].main).toHaveLength(2);
	});

	it('send past messages after a tag: Settings › sendPastMessagesAfterTag, start_id pages of the client', () => {
		expect(settingsFlag(inbound, 'sendPastMessagesAfterTag')).toBe(true);
		expect(readersOf(inbound, 'sendPastMessagesAfterTag')).toEqual(['Replay setting on?']);
		expect(byName(inbound, 'Chat2Desk Trigger').parameters.events).toContain('add_tag_to_request');
		const [past] = ofType(inbound, 'chat2Desk', (node) => node.parameters.operation === 'getAll');
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
		expect(send.parameters.sending).toMatchObject({ skipAlreadySent: true });
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
			expect(columns.value.UF_CRM_C2D_MESSAGE_ID).toContain('message_id');
			expect(columns.value.UF_CRM_C2D_CLICK_TIME).toContain('click_time');
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
		'custom fields: client-card fields go to user fields of the %s',
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
			expect(fromCard.length).toBeGreaterThanOrEqual(2);
			for (const [field] of fromCard) expect(field).toMatch(/^UF_CRM_/);
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
				'text: hidden for these settings (the editor drops it on the first edit)',
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
