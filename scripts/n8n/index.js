// A real n8n (pinned version, installed under .cache/) for end-to-end tests and the demo.
//
//   const { ensureN8n, packPackage, startN8n } = require('./scripts/n8n');
//   const n8n = await startN8n({ tarball: await packPackage(), credentials, workflows });
//   await n8n.api('GET', '/workflows');  ...  await n8n.stop();
//
// startN8n loads the package from <userFolder>/.n8n/nodes exactly like a community-package install, so
// node types are `n8n-nodes-chat2desk-bitrix24.<nodeName>` as in the templates.
//
// The handle startN8n resolves with:
//   baseUrl, port, userFolder, apiKey, cookie, owner {email, password}, package {name, version},
//   nodeTypes (our loaded types), credentials [{id, name, type}], workflows [{id, name, active, versionId}],
//   timings {importCredentialsMs, readyMs, workflowsMs, totalMs}
//   api(method, path, body)        public API, path relative to /api/v1, resolves with the JSON body
//   rest(method, path, body)       internal REST API with the owner's cookie, path relative to /rest,
//                                  resolves with the `data` of n8n's {data} envelope
//   request(method, pathOrUrl, {body, headers, okStatuses})  raw HTTP, resolves {status, headers, body}
//   webhookUrl(path)               production webhook URL on this instance
//   importWorkflow(fileOrObject, {publish, replaceExisting})  import (update by name) + publish + wait live
//   waitForPublication(id, versionId), unpublishWorkflow(id)
//   credentialFor(type, name?), createCredential({name, type, data})
//   executions({workflowId, status, includeData, limit})     newest first
//   waitForExecutions(predicate, timeoutMs, {workflowId, status, intervalMs})
//   nodeOutput(execution, nodeName, {run, output})           items (json) a node produced
//   loadedNodeTypes(), loadedCredentialTypes()
//   logs(lines), memory() {mainRssMb, totalRssMb, workersRssMb, processes}, isRunning(), restart(), stop()
//   mode ('single' | 'queue'), workerCount, webhookBaseUrl
//   killMain(), restartMain()       crash main (SIGKILL), then start it again and wait until it is ready
//   killWorker(i), restartWorker(i) the same for queue-mode worker i (restart waits for /healthz/readiness)
//   isWorkerRunning(i), workerLogs(i, lines), executionWorker(executionId) (which worker ran it),
//   enqueuedBy(executionId) ('main' | 'webhook' | null)
//
// The parts: process.js (n8n's environment, spawning, readiness, stop/kill/restart, queue-mode workers),
// rest.js (sign-in, API key, public and internal REST calls, publishing workflows, executions) and
// credentials.js (import before start, look-up and creation after); this file wires them into one
// instance and owns its boot sequence.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('./install');
const { packPackage, installPackage, tarballFiles } = require('./package');
const { N8N_VERSION, PACKAGE_NAME, ROOT } = require('./paths');
const { HttpError } = require('./http');
const { tail } = require('./proc');
const {
	ENCRYPTION_KEY,
	freePort,
	n8nEnv,
	createProcesses,
	attachProcessControls,
} = require('./process');
const { DEFAULT_OWNER, attachRest, attachWorkflowApi, attachExecutionApi } = require('./rest');
const { credentialId, importCredentials, attachCredentialApi } = require('./credentials');

/**
 * Starts a disposable n8n with our package loaded. Options (all optional):
 * - userFolder: N8N_USER_FOLDER (default: a new temp folder, removed by stop() unless
 *   E2E_KEEP_USER_FOLDER=1); a given folder is kept, and re-using it is fine (idempotent).
 * - port: HTTP port (default: a free random port). Use 5678 for the demo.
 * - env: extra environment variables for n8n (override ours).
 * - tarball: package tarball from packPackage(); installed into <userFolder>/.n8n/nodes.
 * - credentials: [{id?, name, type, data}] imported with `n8n import:credentials` before start
 *   (plain `data` is encrypted on import). Without `id`, a stable id is derived from type + name.
 * - workflows: template file paths (relative to the repository) or objects, imported through the public
 *   API with credential references re-pointed by type, then published unless `publish: false`
 *   (per workflow: `{workflow, publish}` or a workflow object with `publish: false`).
 * - owner: {email, password, firstName, lastName} (defaults: owner@example.com / Sandbox-Passw0rd).
 * - logLevel: N8N_LOG_LEVEL (default: $E2E_N8N_LOG_LEVEL, $N8N_LOG_LEVEL, 'info'); echoLogs: stream n8n output to stderr
 *   (default E2E_N8N_LOGS=1).
 * - readyTimeoutMs: how long to wait for n8n to answer (default 180 s).
 * - queue: run in queue mode: `{env, workers = 2, concurrency = 10, webhookProcessor = false}`, where
 *   `env` holds DB_POSTGRESDB_* and QUEUE_BULL_REDIS_* (see services.js). Main (Postgres, Redis,
 *   manual executions offloaded) plus `workers` × `n8n worker`, all on the same user folder, so the
 *   installed package and the encryption key are shared. Production webhooks go to main, or to one
 *   `n8n webhook` process with `webhookProcessor: true` (main then refuses them).
 * Resolves with the handle described at the top of this file. On a startup failure the error carries the
 * n8n log tail and the user folder is kept.
 */
async function startN8n(options = {}) {
	const startedAt = Date.now();
	const n8n = await ensureN8n();
	const queue = options.queue ? { workers: 2, concurrency: 10, ...options.queue } : null;
	const tempFolder = !options.userFolder;
	const userFolder = path.resolve(
		options.userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-')),
	);
	fs.mkdirSync(userFolder, { recursive: true });
	const port = options.port || (await freePort());
	const brokerPort = options.brokerPort || (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const webhookPort = queue && queue.webhookProcessor ? await freePort() : null;
	const webhookBaseUrl = webhookPort ? `http://127.0.0.1:${webhookPort}` : baseUrl;
	const owner = { ...DEFAULT_OWNER, ...(options.owner || {}) };
	const logLevel =
		options.logLevel || process.env.E2E_N8N_LOG_LEVEL || process.env.N8N_LOG_LEVEL || 'info';
	const echoLogs = options.echoLogs ?? process.env.E2E_N8N_LOGS === '1';
	const queueEnv = queue
		? {
				EXECUTIONS_MODE: 'queue',
				DB_TYPE: 'postgresdb',
				// Manual executions on workers too (the 3.0 default); main then needs no task runner.
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				N8N_WEBHOOK_URL: `${webhookBaseUrl}/`,
				...(webhookPort ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {}),
				...(queue.env || {}),
			}
		: {};
	const env = n8nEnv({
		node: n8n.node,
		userFolder,
		port,
		brokerPort,
		logLevel,
		env: { ...queueEnv, ...(options.env || {}) },
	});
	const { main, workers, webhookProcess, helpers, logFile } = await createProcesses({
		n8n,
		userFolder,
		env,
		baseUrl,
		queue,
		webhookPort,
		echoLogs,
	});

	const handle = {
		mode: queue ? 'queue' : 'single',
		baseUrl,
		webhookBaseUrl,
		port,
		userFolder,
		n8nVersion: N8N_VERSION,
		owner: { email: owner.email, password: owner.password },
		apiKey: null,
		cookie: null,
		workflows: [],
		credentials: [],
		package: null,
		nodeTypes: [],
		timings: {},
		workerCount: workers.length,
	};
	Object.defineProperty(handle, 'process', {
		get: () => main.pid && { pid: main.pid },
	});

	const failure = (message, cause) => main.failure(message, cause);

	// 1. the package, like Settings → Community nodes would install it
	if (options.tarball) {
		const installed = await installPackage(userFolder, options.tarball, {
			logFile,
		});
		handle.package = {
			name: installed.name,
			version: installed.version,
			n8n: installed.n8n,
		};
	}

	// 2. credentials, encrypted by n8n on import (needs the DB, so this also runs the migrations)
	const imported = await importCredentials({
		n8n,
		userFolder,
		env,
		logFile,
		credentials: options.credentials,
		failure,
	});
	if (imported.credentials.length > 0) handle.timings.importCredentialsMs = imported.importMs;
	handle.credentials = imported.credentials.map(({ id, name, type }) => ({
		id,
		name,
		type,
	}));
	const migrated = imported.credentials.length > 0;

	// 3. REST, workflows, credentials and executions on the running instance
	const { signIn, createApiKey, checkPackageLoaded } = attachRest(handle, {
		baseUrl,
		webhookBaseUrl,
		owner,
		failure,
	});
	attachWorkflowApi(handle, { failure });
	attachCredentialApi(handle);
	attachExecutionApi(handle, { failure });

	// 4. boot, stop and restart
	const readyTimeoutMs = options.readyTimeoutMs || 180000;
	async function bootMain() {
		const t0 = Date.now();
		main.spawn();
		await main.waitReady(readyTimeoutMs);
		handle.timings.readyMs = Date.now() - t0;
		await signIn();
		await createApiKey();
		await checkPackageLoaded();
	}
	async function bootHelpers(list = helpers) {
		const t0 = Date.now();
		for (const proc of list) if (!proc.isRunning()) proc.spawn();
		await Promise.all(list.map((proc) => proc.waitReady(readyTimeoutMs)));
		if (list.length) handle.timings.helpersReadyMs = Date.now() - t0;
	}
	async function boot() {
		// The migrations ran with import:credentials: workers may start alongside main. Otherwise main
		// migrates the database first.
		if (migrated) for (const proc of helpers) proc.spawn();
		await bootMain();
		await bootHelpers();
	}
	async function waitForPublishedWorkflows() {
		for (const workflow of handle.workflows) {
			if (workflow.active) await handle.waitForPublication(workflow.id, workflow.versionId);
		}
	}
	async function stopAll() {
		// Main first: it stops handing out work, the workers finish what they have.
		await main.stop();
		await Promise.all(helpers.map((proc) => proc.stop()));
	}

	let stopped = false;
	handle.stop = async () => {
		if (stopped) return;
		stopped = true;
		await stopAll();
		if (tempFolder && process.env.E2E_KEEP_USER_FOLDER !== '1') {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	};
	/** Stops and starts the same instance (same folder, database, port); workflows stay published. */
	handle.restart = async () => {
		await stopAll();
		await boot();
		await waitForPublishedWorkflows();
	};
	attachProcessControls(
		handle,
		{ main, workers, webhookProcess, helpers },
		{ bootMain, bootHelpers, afterRestart: waitForPublishedWorkflows },
	);

	try {
		await boot();
		const workflowStart = Date.now();
		for (const workflow of options.workflows || []) {
			await handle.importWorkflow(workflow, {
				publish: options.publish ?? true,
			});
		}
		handle.timings.workflowsMs = Date.now() - workflowStart;
		handle.timings.totalMs = Date.now() - startedAt;
		return handle;
	} catch (error) {
		// Keep the folder so the log named in the error can be read.
		stopped = true;
		await stopAll().catch(() => {});
		throw error;
	}
}

module.exports = {
	ensureN8n,
	packPackage,
	installPackage,
	tarballFiles,
	startN8n,
	freePort,
	credentialId,
	HttpError,
	tail,
	N8N_VERSION,
	PACKAGE_NAME,
	ROOT,
	ENCRYPTION_KEY,
	DEFAULT_OWNER,
};
