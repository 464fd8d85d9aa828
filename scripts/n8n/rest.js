// The REST side of a running n8n (see index.js): raw, public-API and internal-REST requests, the owner's
// sign-in and API key, the node types it loaded, publishing workflows and reading executions. Each
// attach* function adds its methods to the startN8n handle; `failure(message, cause)` builds an error
// that carries main's log tail.
const { request, cookiesFrom } = require('./http');
const { sleep } = require('./proc');
const { allowSandboxFileUrls } = require('./sandbox');
const { loadWorkflow, rewriteCredentials, toApiWorkflow } = require('./workflows');

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Passw0rd',
	firstName: 'Sandbox',
	lastName: 'Owner',
};
const API_KEY_LABEL = 'e2e';
const BROWSER_ID = 'e2e-browser';

/**
 * Request helpers (request, rest, api, webhookUrl, loadedNodeTypes, loadedCredentialTypes). Returns the
 * steps of the sign-in that follows main's readiness: signIn (owner setup or login), createApiKey and
 * checkPackageLoaded.
 */
function attachRest(handle, { baseUrl, webhookBaseUrl, owner, failure }) {
	const restHeaders = () => ({
		cookie: handle.cookie || '',
		'browser-id': BROWSER_ID,
	});
	handle.request = (method, urlPath, opts = {}) =>
		request(method, urlPath.startsWith('http') ? urlPath : `${baseUrl}${urlPath}`, opts);
	handle.rest = async (method, urlPath, body, opts = {}) => {
		const response = await request(method, `${baseUrl}/rest${urlPath}`, {
			...opts,
			body,
			headers: { ...restHeaders(), ...(opts.headers || {}) },
		});
		return response.body && typeof response.body === 'object' && 'data' in response.body
			? response.body.data
			: response.body;
	};
	handle.api = async (method, urlPath, body, opts = {}) => {
		const response = await request(method, `${baseUrl}/api/v1${urlPath}`, {
			...opts,
			body,
			headers: {
				'x-n8n-api-key': handle.apiKey || '',
				...(opts.headers || {}),
			},
		});
		return response.body;
	};
	handle.webhookUrl = (webhookPath) =>
		`${webhookBaseUrl}/webhook/${String(webhookPath).replace(/^\//, '')}`;

	async function signIn() {
		const setup = await request('POST', `${baseUrl}/rest/owner/setup`, {
			body: owner,
			headers: { 'browser-id': BROWSER_ID },
			okStatuses: 'any',
		});
		let response = setup;
		if (setup.status !== 200) {
			response = await request('POST', `${baseUrl}/rest/login`, {
				body: { emailOrLdapLoginId: owner.email, password: owner.password },
				headers: { 'browser-id': BROWSER_ID },
				okStatuses: 'any',
			});
			if (response.status !== 200) {
				throw failure(
					`cannot sign in as ${owner.email}: owner setup said ${setup.status} ${JSON.stringify(setup.body)}, ` +
						`login said ${response.status} ${JSON.stringify(response.body)}`,
				);
			}
		}
		handle.cookie = cookiesFrom(response.headers);
		if (!handle.cookie.includes('n8n-auth='))
			throw failure('n8n did not return an n8n-auth cookie');
	}

	async function createApiKey() {
		const scopes = await handle.rest('GET', '/api-keys/scopes');
		const existing = await handle.rest('GET', '/api-keys');
		// 2.41 answers {items, counts, totals}; older 2.x answered a plain array.
		for (const key of Array.isArray(existing) ? existing : existing.items || []) {
			if (key.label === API_KEY_LABEL) await handle.rest('DELETE', `/api-keys/${key.id}`);
		}
		const created = await handle.rest('POST', '/api-keys', {
			label: API_KEY_LABEL,
			scopes,
			expiresAt: null,
		});
		if (!created || !created.rawApiKey)
			throw failure(`POST /rest/api-keys returned no rawApiKey: ${JSON.stringify(created)}`);
		handle.apiKey = created.rawApiKey;
		handle.apiKeyScopes = scopes;
	}

	/** Node type names (`<package>.<node>`) n8n has loaded, from /types/nodes.json. */
	handle.loadedNodeTypes = async () => {
		const response = await request('GET', `${baseUrl}/types/nodes.json`, {
			headers: restHeaders(),
		});
		return response.body.map((type) => type.name);
	};
	handle.loadedCredentialTypes = async () => {
		const response = await request('GET', `${baseUrl}/types/credentials.json`, {
			headers: restHeaders(),
		});
		return response.body.map((type) => type.name);
	};

	async function checkPackageLoaded() {
		if (!handle.package) return;
		const prefix = `${handle.package.name}.`;
		const expectNodes = (handle.package.n8n.nodes || []).length > 0;
		const deadline = Date.now() + 30000;
		for (;;) {
			const names = await handle.loadedNodeTypes();
			handle.nodeTypes = names.filter((name) => name.startsWith(prefix));
			if (handle.nodeTypes.length > 0 || !expectNodes) return;
			if (Date.now() > deadline) {
				throw failure(`n8n started but loaded no node type named ${prefix}* from the package`);
			}
			await sleep(500);
		}
	}

	return { signIn, createApiKey, checkPackageLoaded };
}

/** Workflow import, publication and unpublication (importWorkflow, waitForPublication, unpublishWorkflow). */
function attachWorkflowApi(handle, { failure }) {
	handle.importWorkflow = async (input, { publish = true, replaceExisting = true } = {}) => {
		const raw = input && input.workflow ? input.workflow : input;
		const shouldPublish =
			input && input.workflow ? (input.publish ?? publish) : (raw.publish ?? publish);
		const workflow = allowSandboxFileUrls(
			rewriteCredentials(loadWorkflow(raw), handle.credentials),
		);
		const body = toApiWorkflow(workflow);
		let existing = null;
		if (replaceExisting) {
			const list = await handle.api(
				'GET',
				`/workflows?name=${encodeURIComponent(body.name)}&limit=250`,
			);
			existing =
				(list.data || []).find((item) => item.name === body.name && !item.isArchived) || null;
		}
		// n8n 2.41 keeps a published workflow's triggers registered across restarts and does not call
		// their webhookMethods again. The simulators forget registrations when they restart, so an already
		// published copy is unpublished first: publishing then runs create() against the live simulator.
		if (existing && existing.active) await handle.unpublishWorkflow(existing.id);
		let saved;
		try {
			saved = existing
				? await handle.api('PUT', `/workflows/${existing.id}`, body)
				: await handle.api('POST', '/workflows', body);
		} catch (error) {
			throw failure(`importing workflow "${body.name}" failed: ${error.message}`, error);
		}
		let active = false;
		let versionId = saved.versionId;
		if (shouldPublish) {
			try {
				const published = await handle.api('POST', `/workflows/${saved.id}/publish`, {});
				versionId = published.activeVersionId || published.versionId || versionId;
			} catch (error) {
				throw failure(
					`publishing workflow "${body.name}" (${saved.id}) failed: ${error.message}`,
					error,
				);
			}
			await handle.waitForPublication(saved.id, versionId);
			active = true;
		}
		const entry = {
			id: saved.id,
			name: saved.name,
			active,
			versionId,
			nodes: saved.nodes,
		};
		handle.workflows = handle.workflows.filter((item) => item.id !== entry.id).concat(entry);
		return entry;
	};

	/**
	 * Publishing is asynchronous in 2.41: POST /publish queues the version in an outbox and a consumer
	 * then registers its triggers (our triggers' webhookMethods run here). Waits until `versionId` is
	 * live via GET /rest/workflows/{id}/publication-status; fails with the trigger errors otherwise.
	 */
	handle.waitForPublication = async (workflowId, versionId, timeoutMs = 30000) => {
		const deadline = Date.now() + timeoutMs;
		let settledSince = 0;
		let status;
		for (;;) {
			status = await handle.rest('GET', `/workflows/${workflowId}/publication-status`);
			const pending = status.status === 'in_progress' || status.pendingVersionId;
			if (status.status === 'failed' || status.status === 'partial') {
				const errors = (status.triggers || [])
					.filter((trigger) => trigger.status === 'failed')
					.map((trigger) => `${trigger.nodeId}: ${trigger.errorMessage}`);
				throw failure(
					`publishing workflow ${workflowId} failed (${status.status}): ${errors.join('; ')}`,
				);
			}
			if (!pending && (!versionId || status.liveVersionId === versionId)) return status;
			// A workflow without trigger nodes never gets a live version; accept it once nothing is pending.
			if (!pending && status.status === 'not_published') {
				settledSince = settledSince || Date.now();
				if (Date.now() - settledSince > 1500) return status;
			} else {
				settledSince = 0;
			}
			if (Date.now() > deadline) {
				throw failure(
					`workflow ${workflowId} was not live within ${timeoutMs} ms: ${JSON.stringify(status)}`,
				);
			}
			await sleep(100);
		}
	};

	/** Unpublishes a workflow and waits until its triggers are removed (our webhookMethods.delete ran). */
	handle.unpublishWorkflow = async (workflowId, timeoutMs = 30000) => {
		await handle.api('POST', `/workflows/${workflowId}/unpublish`, {});
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await handle.rest('GET', `/workflows/${workflowId}/publication-status`);
			if (status.status === 'not_published' && !status.pendingVersionId) break;
			if (Date.now() > deadline) {
				throw failure(
					`workflow ${workflowId} still published after ${timeoutMs} ms: ${JSON.stringify(status)}`,
				);
			}
			await sleep(100);
		}
		for (const workflow of handle.workflows)
			if (workflow.id === workflowId) workflow.active = false;
	};
}

/** Execution reads (executions, waitForExecutions, nodeOutput). */
function attachExecutionApi(handle, { failure }) {
	handle.executions = async ({ workflowId, status, includeData = true, limit = 250 } = {}) => {
		const results = [];
		let cursor;
		do {
			const query = new URLSearchParams({
				includeData: String(includeData),
				limit: String(Math.min(limit, 250)),
			});
			if (workflowId) query.set('workflowId', workflowId);
			if (status) query.set('status', status);
			if (cursor) query.set('cursor', cursor);
			const page = await handle.api('GET', `/executions?${query}`);
			results.push(...(page.data || []));
			cursor = page.nextCursor;
		} while (cursor && results.length < limit);
		return results;
	};

	/**
	 * Polls executions (newest first) until `predicate(executions)` returns something truthy, and
	 * returns that value (or the list when it returned `true`). Options: workflowId, status,
	 * intervalMs (default 250). Fails after timeoutMs (default 30 s) with the last list and the log tail.
	 */
	handle.waitForExecutions = async (
		predicate,
		timeoutMs = 30000,
		{ intervalMs = 250, ...filter } = {},
	) => {
		const deadline = Date.now() + timeoutMs;
		let last = [];
		for (;;) {
			last = await handle.executions(filter);
			const result = await predicate(last);
			if (result) return result === true ? last : result;
			if (Date.now() > deadline) {
				const summary = last.slice(0, 10).map((e) => ({
					id: e.id,
					workflowId: e.workflowId,
					status: e.status,
					mode: e.mode,
				}));
				throw failure(
					`waitForExecutions timed out after ${timeoutMs} ms; latest: ${JSON.stringify(summary)}`,
				);
			}
			await sleep(intervalMs);
		}
	};

	/** Runs data of one node in an execution fetched with includeData: the items of output 0 of run 0. */
	handle.nodeOutput = (execution, nodeName, { run = 0, output = 0 } = {}) => {
		const runs = execution?.data?.resultData?.runData?.[nodeName];
		if (!runs || !runs[run]) return undefined;
		return (runs[run].data?.main?.[output] || []).map((item) => item.json);
	};
}

module.exports = {
	DEFAULT_OWNER,
	attachRest,
	attachWorkflowApi,
	attachExecutionApi,
};
