// Turns workflow JSON (a template file or an object) into what n8n's public API accepts, and points its
// credential references at the credentials of this n8n instance.
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./paths');

// Fields the public API accepts on POST/PUT /api/v1/workflows (openapi.yml `workflow`, `node`,
// `workflowSettings`; all three have additionalProperties: false, and read-only fields are refused).
const WORKFLOW_FIELDS = [
	'name',
	'description',
	'nodes',
	'connections',
	'settings',
	'staticData',
	'pinData',
	'nodeGroups',
];
const NODE_FIELDS = [
	'id',
	'name',
	'webhookId',
	'disabled',
	'notesInFlow',
	'notes',
	'type',
	'typeVersion',
	'executeOnce',
	'alwaysOutputData',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'continueOnFail',
	'onError',
	'position',
	'parameters',
	'credentials',
	'customTelemetryTags',
];
const SETTINGS_FIELDS = [
	'saveExecutionProgress',
	'saveManualExecutions',
	'saveDataErrorExecution',
	'saveDataSuccessExecution',
	'executionTimeout',
	'errorWorkflow',
	'timezone',
	'executionOrder',
	'callerPolicy',
	'callerIds',
	'timeSavedMode',
	'timeSavedPerExecution',
	'redactionPolicy',
	'availableInMCP',
];

function pick(source, fields) {
	const result = {};
	for (const field of fields) {
		if (source[field] !== undefined) result[field] = source[field];
	}
	return result;
}

/** Reads a workflow: an object is copied; a string is a JSON file path (relative to the repository). */
function loadWorkflow(workflow) {
	if (typeof workflow === 'string') {
		const file = path.isAbsolute(workflow) ? workflow : path.join(ROOT, workflow);
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (!parsed.name) parsed.name = path.basename(file, '.json');
		return parsed;
	}
	return JSON.parse(JSON.stringify(workflow));
}

/**
 * Points every `node.credentials[type]` at the credential of the same type in `credentials`
 * (`[{id, name, type}]`): the one with the same name when there are several, else the first.
 * References to types with no credential given are left alone.
 */
function rewriteCredentials(workflow, credentials) {
	for (const node of workflow.nodes || []) {
		if (!node.credentials) continue;
		for (const [type, reference] of Object.entries(node.credentials)) {
			const candidates = credentials.filter((credential) => credential.type === type);
			if (candidates.length === 0) continue;
			const chosen =
				candidates.find((credential) => reference && credential.name === reference.name) ||
				candidates[0];
			node.credentials[type] = { id: chosen.id, name: chosen.name };
		}
	}
	return workflow;
}

/** A copy of `workflow` with only the fields POST /api/v1/workflows accepts. */
function toApiWorkflow(workflow) {
	const result = pick(workflow, WORKFLOW_FIELDS);
	result.nodes = (workflow.nodes || []).map((node) => pick(node, NODE_FIELDS));
	result.connections = workflow.connections || {};
	result.settings = pick(workflow.settings || {}, SETTINGS_FIELDS);
	if (result.pinData && Object.keys(result.pinData).length === 0) delete result.pinData;
	if (result.staticData === undefined || result.staticData === null) delete result.staticData;
	if (result.nodeGroups && result.nodeGroups.length === 0) delete result.nodeGroups;
	return result;
}

/**
 * The sandbox's values for what the templates ship empty, filled in the way a user would in the editor:
 * channel → Open Line routes (channel 1 → line 1, 2 → 2, 3 → 1) and the lines the Setup connects.
 */
const SANDBOX_ROUTES = [
	{ match: '1', line: '1' },
	{ match: '2', line: '2' },
	{ match: '3', line: '1' },
];
const SANDBOX_LINES = [1, 2, 3];
/**
 * The sandbox Chat2Desk account's client-card fields 1 (city) and 2 (order number), copied into the
 * lead and deal user fields UF_CRM_C2D_CITY / UF_CRM_C2D_ORDER: what a user adds by hand (the Setup's
 * `clientFields`, one mapper row each in the CRM template).
 */
const SANDBOX_CLIENT_FIELDS = [
	{ customFieldId: '1', name: 'C2D_CITY', label: 'City' },
	{ customFieldId: '2', name: 'C2D_ORDER', label: 'Order number' },
];

/** Adds one `UF_CRM_<name>` row per client-card field to a Bitrix24 CRM mapper node. */
function mapClientFields(node) {
	const columns = node.parameters.columns;
	for (const field of SANDBOX_CLIENT_FIELDS) {
		const id = `UF_CRM_${field.name}`;
		columns.value[id] =
			`={{ $('Client card').item.json.custom_fields?.['${field.customFieldId}'] ?? '' }}`;
		if (!columns.schema.some((entry) => entry.id === id)) {
			columns.schema.push({
				id,
				displayName: `${field.label} (${id})`,
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type: 'string',
				readOnly: false,
				removed: false,
			});
		}
	}
}

/** An assignment value of a Set node: arrays and objects as an expression, like the editor stores them. */
function assignmentValue(value) {
	return Array.isArray(value) || (value && typeof value === 'object') ? `=${JSON.stringify(value)}` : value;
}

/** Sets assignments of a Set node by name (`{ 'settings.tagMode': 'acceptTagged' }`); throws on unknown names. */
function setAssignments(workflow, nodeName, values) {
	const node = (workflow.nodes || []).find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`the workflow has no node "${nodeName}"`);
	const assignments = node.parameters.assignments.assignments;
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((candidate) => candidate.name === name);
		if (!assignment) throw new Error(`"${nodeName}" has no field ${name}`);
		assignment.value = assignmentValue(value);
	}
	return workflow;
}

/** Fills a template's empty portal/account values with the sandbox's (no-op for templates without them). */
function fillForSandbox(workflow) {
	for (const node of workflow.nodes || []) {
		const names = (node.parameters?.assignments?.assignments || []).map((a) => a.name);
		if (node.name === 'Settings' && names.includes('settings.routes')) {
			setAssignments(workflow, node.name, { 'settings.routes': SANDBOX_ROUTES });
		}
		if (node.name === 'Open Lines to connect' && names.includes('lines')) {
			setAssignments(workflow, node.name, { lines: SANDBOX_LINES });
		}
		if (node.name === 'Open Lines to connect' && names.includes('clientFields')) {
			setAssignments(workflow, node.name, { clientFields: SANDBOX_CLIENT_FIELDS });
		}
		if (['Fill the lead', 'Fill the deal'].includes(node.name) && node.parameters.columns?.value) {
			mapClientFields(node);
		}
	}
	return workflow;
}

module.exports = {
	fillForSandbox,
	loadWorkflow,
	rewriteCredentials,
	setAssignments,
	toApiWorkflow,
	SANDBOX_CLIENT_FIELDS,
	SANDBOX_ROUTES,
};
