/**
 * Runs our nodes inside real n8n-core execution contexts — WorkflowExecute for `execute()`,
 * HookContext for webhook lifecycle methods, WebhookContext for `webhook()`, LoadOptionsContext for
 * dropdown/resourceMapper methods — so parameters, expressions, credentials (generic `authenticate`
 * and OAuth2 with token refresh), pairedItem and continue-on-fail behave as they do inside n8n.
 * Only the credentials store and the HTTP request/response objects of a webhook call are fakes.
 */
import {
	Credentials,
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type WebhookType,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type ResourceMapperFields,
	type WorkflowActivateMode,
} from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-chat2desk-bitrix24';
const WEBHOOK_BASE_URL = 'http://127.0.0.1:5678/webhook';
const WEBHOOK_ID = '3f2b8c1e-5d4a-4c2b-9a7e-0c1d2e3f4a5b';

type AnyNodeType = INodeType | IVersionedNodeType;

export interface HarnessOptions {
	/** Node classes under test (instances). Their type names become `<package>.<description.name>`. */
	nodes: AnyNodeType[];
	/** Credential classes the nodes use (instances). */
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
}

export interface NodeRunOptions {
	/** `description.name` of the node, e.g. `chat2Desk`. */
	node: string;
	parameters: INodeParameters;
	typeVersion?: number;
	/** Credential type names the node instance is wired to (defaults to every credential given). */
	credentialTypes?: string[];
}

export interface ExecuteOptions extends NodeRunOptions {
	input?: Array<IDataObject | INodeExecutionData>;
	/** `true`: failed items go to the regular output; `'errorOutput'`: to the node's error output. */
	continueOnFail?: boolean | 'errorOutput';
}

export interface ExecuteResult {
	/** Items of the first output. */
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

export interface HookOptions extends NodeRunOptions {
	method: 'checkExists' | 'create' | 'delete';
	staticData?: IDataObject;
	webhookName?: WebhookType;
	activation?: WorkflowActivateMode;
	isTest?: boolean;
}

export interface WebhookRequest {
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	/** Exact bytes as received; defaults to JSON.stringify(body) for object bodies. */
	rawBody?: string | Buffer;
	query?: IDataObject;
}

export interface WebhookOptions extends NodeRunOptions {
	request: WebhookRequest;
	staticData?: IDataObject;
	webhookName?: WebhookType;
}

export interface RecordedResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
	ended: boolean;
}

export interface WebhookResult {
	result: IWebhookResponseData;
	/** Items the webhook would start a run with (empty when no run starts). */
	items: INodeExecutionData[];
	/** Whether the webhook asked n8n to start a run. */
	startsRun: boolean;
	/** What the node wrote itself to the HTTP response, if anything. */
	response: RecordedResponse;
	/** The response object itself, to end it the way n8n does when a run has finished. */
	res: { end: (body?: unknown) => unknown };
	staticData: IDataObject;
}

/** Resolves the tiny expression subset credential definitions use: `{{$credentials.x}}` and `$self.x`. */
function resolveCredentialTemplate(value: string, data: IDataObject, root: string): string {
	const body = value.startsWith('=') ? value.slice(1) : value;
	const pattern = new RegExp(`\\{\\{\\s*\\$${root}\\??\\.(\\w+)\\s*\\}\\}|\\{\\{\\s*\\$${root}\\[["'](\\w+)["']\\]\\s*\\}\\}`, 'g');
	return body.replace(pattern, (_match, dotted: string, bracketed: string) => {
		const resolved = data[dotted ?? bracketed];
		return resolved === undefined || resolved === null ? '' : String(resolved);
	});
}

function propertyDefaults(properties: INodeProperties[], data: IDataObject): IDataObject {
	const defaults: IDataObject = {};
	for (const property of properties) {
		if (property.default === undefined) continue;
		defaults[property.name] = property.default as IDataObject[string];
	}
	const merged = { ...defaults, ...data };
	for (const [key, value] of Object.entries(merged)) {
		if (typeof value === 'string' && value.startsWith('=') && value.includes('$self')) {
			merged[key] = resolveCredentialTemplate(value, merged, 'self');
		}
	}
	return merged;
}

/**
 * Credential store + `authenticate` for tests. Keeps OAuth2 token updates so a test can assert that a
 * refreshed token was persisted, as n8n's own helper would write it to the database.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly tokenUpdates: ICredentialDataDecryptedObject[] = [];

	constructor(
		private readonly types: Map<string, ICredentialType>,
		readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		const parents = type?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.types.get(typeName);
		const authenticate = type?.authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions;
		const properties = authenticate.properties;
		const resolveAll = (entries?: IDataObject) =>
			Object.fromEntries(
				Object.entries(entries ?? {}).map(([key, value]) => [
					key,
					typeof value === 'string' ? resolveCredentialTemplate(value, credentials, 'credentials') : value,
				]),
			);
		const options = { ...requestOptions };
		if (properties.headers) options.headers = { ...options.headers, ...resolveAll(properties.headers) };
		if (properties.qs) options.qs = { ...options.qs, ...resolveAll(properties.qs) };
		if (properties.body) {
			options.body = { ...(options.body as IDataObject), ...resolveAll(properties.body as IDataObject) };
		}
		return options;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialType = this.types.get(type);
		const data = this.data[type] ?? {};
		return credentialType ? (propertyDefaults(credentialType.properties, data) as ICredentialDataDecryptedObject) : data;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.tokenUpdates.push({ ...(data.oauthTokenData as ICredentialDataDecryptedObject) });
		this.data[type] = { ...this.data[type], oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}
}

function createDeferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

function toItems(input: Array<IDataObject | INodeExecutionData> | undefined): INodeExecutionData[] {
	const list = input ?? [{}];
	return list.map((entry) =>
		entry && typeof entry === 'object' && 'json' in entry && typeof entry.json === 'object'
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject },
	);
}

function createResponseRecorder(): { res: IDataObject; recorded: RecordedResponse } {
	const recorded: RecordedResponse = { statusCode: 200, body: undefined, headers: {}, ended: false };
	const res: IDataObject = {};
	// Like Express: `statusCode` is a property, and json()/send() finish through end().
	Object.defineProperty(res, 'statusCode', {
		get: () => recorded.statusCode,
		set: (code: number) => (recorded.statusCode = code),
		enumerable: true,
	});
	const end = (body?: unknown) => (res.end as (body?: unknown) => unknown)(body);
	Object.assign(res, {
		status(code: number) {
			recorded.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		header(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		send(body?: unknown) {
			end(body);
			return res;
		},
		json(body?: unknown) {
			end(body);
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) recorded.body = body;
			recorded.ended = true;
			return res;
		},
	});
	return { res, recorded };
}

export class N8nHarness {
	readonly credentialsHelper: TestCredentialsHelper;
	private readonly nodeTypes: INodeTypes;
	private readonly byName = new Map<string, AnyNodeType>();
	private readonly credentialTypeNames: string[];

	constructor(options: HarnessOptions) {
		for (const node of options.nodes) {
			this.byName.set(`${PACKAGE_NAME}.${node.description.name}`, node);
		}
		const types = new Map((options.credentialTypes ?? []).map((type) => [type.name, type]));
		this.credentialTypeNames = [...types.keys()];
		this.credentialsHelper = new TestCredentialsHelper(types, { ...(options.credentials ?? {}) });
		const byName = this.byName;
		this.nodeTypes = {
			getByName: (type: string) => byName.get(type) as AnyNodeType,
			getByNameAndVersion: (type: string, version?: number) =>
				NodeHelpers.getVersionedNodeType(byName.get(type) as AnyNodeType, version),
			getKnownTypes: () => ({}),
		};
	}

	/** The node as it would appear in a workflow. */
	buildNode(options: NodeRunOptions, extra: Partial<INode> = {}): INode {
		const type = `${PACKAGE_NAME}.${options.node}`;
		const nodeType = this.byName.get(type);
		if (!nodeType) throw new Error(`Node ${options.node} is not registered in the harness`);
		const description = nodeType.description as INodeTypeDescription;
		const defaultVersion = description.defaultVersion ?? description.version;
		const typeVersion =
			options.typeVersion ?? (Array.isArray(defaultVersion) ? Math.max(...defaultVersion) : defaultVersion);
		const credentialNames = options.credentialTypes ?? this.credentialTypeNames;
		return {
			id: 'node-under-test',
			name: 'Node Under Test',
			type,
			typeVersion,
			position: [0, 0],
			parameters: options.parameters,
			credentials: Object.fromEntries(
				credentialNames.map((name) => [name, { id: `cred-${name}`, name: `${name} (test)` }]),
			),
			webhookId: WEBHOOK_ID,
			...extra,
		};
	}

	private buildWorkflow(node: INode, staticData: IDataObject = {}): Workflow {
		return new Workflow({
			id: 'wf-test',
			name: 'Harness workflow',
			nodes: [node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: false,
			settings: { executionOrder: 'v1' },
			staticData: { [`node:${node.name}`]: staticData },
		});
	}

	private additionalData(hooks?: ExecutionLifecycleHooks, extra: IDataObject = {}) {
		return {
			executionId: 'exec-test',
			hooks,
			credentialsHelper: this.credentialsHelper,
			currentNodeParameters: undefined,
			webhookBaseUrl: WEBHOOK_BASE_URL,
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678',
			variables: {},
			setExecutionStatus: () => {},
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/** Runs the node's `execute()` through WorkflowExecute with the given input items. */
	async execute(options: ExecuteOptions): Promise<ExecuteResult> {
		const onError =
			options.continueOnFail === 'errorOutput'
				? { onError: 'continueErrorOutput' as const }
				: options.continueOnFail
					? { onError: 'continueRegularOutput' as const }
					: {};
		const node = this.buildNode(options, onError);
		const workflow = this.buildWorkflow(node);
		const workflowData = { id: workflow.id, name: workflow.name, nodes: [node], connections: {} };
		const hooks = new ExecutionLifecycleHooks('manual', 'exec-test', workflowData as never);
		const done = createDeferred<IRun>();
		hooks.addHandler('workflowExecuteAfter', (run: IRun) => done.resolve(run));
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [{ node, data: { main: [toItems(options.input)] }, source: null }],
			},
		} as unknown as IRunExecutionData;
		const execution = new WorkflowExecute(this.additionalData(hooks), 'manual', runExecutionData);
		await execution.processRunExecutionData(workflow);
		const run = await done.promise;
		const taskData = run.data.resultData.runData[node.name]?.[0];
		const outputs = (taskData?.data?.main ?? []).map((output) => output ?? []);
		const error = (taskData?.error ?? run.data.resultData.error) as ExecuteResult['error'];
		return { items: outputs[0] ?? [], outputs, error, run };
	}

	/** Calls a webhook lifecycle method (`checkExists` / `create` / `delete`) like n8n does on publish. */
	async hook(options: HookOptions): Promise<{ result: boolean | undefined; staticData: IDataObject; webhookUrl: string }> {
		const node = this.buildNode(options);
		const staticData = options.staticData ?? {};
		const workflow = this.buildWorkflow(node, staticData);
		const webhookName = options.webhookName ?? 'default';
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.find((hook) => hook.name === webhookName);
		if (!description || !nodeType.webhookMethods?.[webhookName]) {
			throw new Error(`Node ${options.node} has no webhook methods for "${webhookName}"`);
		}
		const additionalData = this.additionalData();
		const webhookData = {
			httpMethod: description.httpMethod,
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: options.isTest ?? false,
		} as unknown as IWebhookData;
		const context = new HookContext(
			workflow,
			node,
			additionalData,
			'trigger',
			options.activation ?? 'activate',
			webhookData,
		);
		const method = nodeType.webhookMethods[webhookName][options.method];
		const result = await method.call(context);
		return {
			result,
			staticData: workflow.getStaticData('node', node),
			webhookUrl: context.getNodeWebhookUrl(webhookName) ?? '',
		};
	}

	/** Delivers one HTTP request to the node's `webhook()` as n8n's webhook server would. */
	async webhook(options: WebhookOptions): Promise<WebhookResult> {
		const node = this.buildNode(options);
		const staticData = options.staticData ?? {};
		const workflow = this.buildWorkflow(node, staticData);
		const webhookName = options.webhookName ?? 'default';
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.find((hook) => hook.name === webhookName);
		if (!description || !nodeType.webhook) throw new Error(`Node ${options.node} has no webhook "${webhookName}"`);

		const { request } = options;
		const headers = Object.fromEntries(
			Object.entries(request.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
		);
		const rawBody =
			request.rawBody ?? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {}));
		const req = {
			method: request.method ?? 'POST',
			headers,
			body: request.body ?? {},
			rawBody: Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody),
			query: request.query ?? {},
			params: {},
			header: (name: string) => headers[name.toLowerCase()],
			get: (name: string) => headers[name.toLowerCase()],
		};
		const { res, recorded } = createResponseRecorder();
		const additionalData = this.additionalData(undefined, { httpRequest: req, httpResponse: res });
		const webhookData = {
			httpMethod: description.httpMethod,
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		} as unknown as IWebhookData;
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		const result = await nodeType.webhook.call(context);
		const items = result.workflowData?.[0] ?? [];
		return {
			result,
			items,
			startsRun: Array.isArray(result.workflowData) && result.workflowData.length > 0,
			response: recorded,
			res: res as { end: (body?: unknown) => unknown },
			staticData: workflow.getStaticData('node', node),
		};
	}

	private loadOptionsContext(options: NodeRunOptions) {
		const node = this.buildNode(options);
		const workflow = this.buildWorkflow(node);
		return new LoadOptionsContext(workflow, node, this.additionalData(), 'parameters');
	}

	/** Calls a `methods.loadOptions.<name>` dropdown loader. */
	async loadOptions(options: NodeRunOptions & { method: string }): Promise<INodePropertyOptions[]> {
		const nodeType = this.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${options.node}`);
		const loader = nodeType.methods?.loadOptions?.[options.method];
		if (!loader) throw new Error(`No loadOptions method "${options.method}" on ${options.node}`);
		return await loader.call(this.loadOptionsContext(options));
	}

	/** Calls a `methods.resourceMapping.<name>` field loader. */
	async resourceMapping(options: NodeRunOptions & { method: string }): Promise<ResourceMapperFields> {
		const nodeType = this.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${options.node}`);
		const loader = nodeType.methods?.resourceMapping?.[options.method];
		if (!loader) throw new Error(`No resourceMapping method "${options.method}" on ${options.node}`);
		return await loader.call(this.loadOptionsContext(options));
	}

	/** Calls a `methods.listSearch.<name>` resource-locator search. */
	async listSearch(options: NodeRunOptions & { method: string; filter?: string; paginationToken?: string }) {
		const nodeType = this.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${options.node}`);
		const search = nodeType.methods?.listSearch?.[options.method];
		if (!search) throw new Error(`No listSearch method "${options.method}" on ${options.node}`);
		return await search.call(this.loadOptionsContext(options), options.filter, options.paginationToken);
	}
}
