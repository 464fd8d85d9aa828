// A real n8n (pinned version, installed under .cache/) for end-to-end tests and the demo.
//
//   const { ensureN8n, packPackage, startN8n } = require('./test/e2e/lib/n8n');
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
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8n } = require('./install');
const { packPackage, installPackage, tarballFiles } = require('./package');
const { N8N_VERSION, PACKAGE_NAME, ROOT } = require('./paths');
const { request, cookiesFrom, HttpError } = require('./http');
const { allowSandboxFileUrls } = require('./sandbox');
const { run, killGroup, isAlive, tail, tailFile, sleep } = require('./proc');
const { loadWorkflow, rewriteCredentials, toApiWorkflow } = require('./workflows');

const ENCRYPTION_KEY = 'e2e-chat2desk-bitrix24-encryption-key';
const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Passw0rd',
	firstName: 'Sandbox',
	lastName: 'Owner',
};
const API_KEY_LABEL = 'e2e';
const BROWSER_ID = 'e2e-browser';
const LOG_LINES_KEPT = 5000;

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Stable n8n-style id (16 alphanumerics) for a credential, so re-imports update instead of duplicating. */
function credentialId(credential) {
	const digest = crypto
		.createHash('sha256')
		.update(`${credential.type}\n${credential.name}`)
		.digest();
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[digest[i] % alphabet.length];
	return id;
}

// Every n8n child started by this process, so they die with it whatever happens.
const liveGroups = new Set();
process.on('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

/** The environment for n8n: inherited variables minus any n8n configuration, plus ours. */
function n8nEnv({ node, userFolder, port, brokerPort, logLevel, env }) {
	const base = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$)/.test(key))
			continue;
		base[key] = value;
	}
	const url = `http://127.0.0.1:${port}/`;
	return {
		...base,
		PATH: `${path.join(node.home, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		// 127.0.0.1, not localhost: Bitrix24 refuses event handler URLs whose host has no dot.
		N8N_WEBHOOK_URL: url,
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// Offline: the MCP server registry refresh calls api.n8n.io on every start and logs a stack trace.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Task runners are always on in 2.x (N8N_RUNNERS_ENABLED is deprecated); the default internal
		// mode works offline and only needs a free broker port, so parallel instances don't collide.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Set to today's defaults explicitly; this only silences n8n's startup deprecation notice.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		EXECUTIONS_MODE: 'regular',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		GENERIC_TIMEZONE: 'UTC',
		...env,
	};
}

/** Resident memory (MB) of a process group, read from /proc (Linux only; zeros elsewhere). */
function groupMemory(pgid) {
	const processes = [];
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
	} catch {
		return { mainRssMb: 0, totalRssMb: 0, processes };
	}
	for (const entry of entries) {
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			const rssKb = Number((status.match(/VmRSS:\s+(\d+)/) || [])[1] || 0);
			const cmdline = fs
				.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
				.split('\0')
				.join(' ')
				.trim();
			processes.push({
				pid: Number(entry),
				rssMb: Math.round(rssKb / 1024),
				command: cmdline.slice(0, 120),
			});
		} catch {
			// the process ended while we looked
		}
	}
	const main = processes.find((p) => p.pid === pgid);
	return {
		mainRssMb: main ? main.rssMb : 0,
		totalRssMb: processes.reduce((sum, p) => sum + p.rssMb, 0),
		processes,
	};
}

/**
 * One n8n process (`n8n start`, `n8n worker` or `n8n webhook`) in its own process group, with its
 * output kept in memory and in `logFile`. `readyUrl` answers 200 once the process is ready.
 */
function n8nProcess({ label, nodeBin, args, cwd, env, logFile, readyUrl, echoLogs }) {
	if (!fs.existsSync(logFile)) fs.writeFileSync(logFile, '');
	const logLines = [];
	let child = null;
	let exited = null;

	function pushLog(chunk, stream) {
		fs.appendFileSync(logFile, chunk);
		const lines = chunk.toString().split('\n');
		if (lines[lines.length - 1] === '') lines.pop();
		for (const line of lines) {
			logLines.push(line);
			if (echoLogs) process.stderr.write(`[${label}${stream === 'stderr' ? '!' : ''}] ${line}\n`);
		}
		if (logLines.length > LOG_LINES_KEPT) logLines.splice(0, logLines.length - LOG_LINES_KEPT);
	}

	const proc = {
		label,
		logFile,
		readyUrl,
		get pid() {
			return child ? child.pid : null;
		},
		logs: (lines = 200) => logLines.slice(-lines).join('\n'),
		/** Everything this process logged since it was created (all its runs), from the log file. */
		fullLog: () => fs.readFileSync(logFile, 'utf8'),
		failure(message, cause) {
			const error = new Error(
				`${message}\n--- ${label} log (last 80 lines, full log: ${logFile}) ---\n${tailFile(logFile, 80)}`,
			);
			if (cause) error.cause = cause;
			return error;
		},
		spawn() {
			exited = null;
			fs.appendFileSync(logFile, `\n$ n8n ${args.slice(1).join(' ')}\n`);
			child = spawn(nodeBin, args, {
				cwd,
				env,
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			liveGroups.add(child.pid);
			child.stdout.on('data', (chunk) => pushLog(chunk, 'stdout'));
			child.stderr.on('data', (chunk) => pushLog(chunk, 'stderr'));
			const current = child;
			current.on('exit', (code, signal) => {
				exited = { code, signal };
				// n8n is gone; take its task runner (same process group) with it.
				killGroup(current.pid, 'SIGKILL', { groupOnly: true });
				liveGroups.delete(current.pid);
			});
			current.on('error', (error) => {
				exited = { code: null, signal: null, error };
				liveGroups.delete(current.pid);
			});
		},
		async waitReady(timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (exited) {
					const how = exited.error
						? exited.error.message
						: exited.signal || `exit code ${exited.code}`;
					throw proc.failure(`${label} exited during startup (${how})`);
				}
				try {
					const response = await request('GET', readyUrl, { okStatuses: 'any', timeoutMs: 2000 });
					if (response.status === 200) return;
				} catch {
					// not listening yet
				}
				if (Date.now() > deadline)
					throw proc.failure(`${label} did not become ready on ${readyUrl} within ${timeoutMs / 1000} s`);
				await sleep(300);
			}
		},
		/** Graceful stop (SIGTERM, then SIGKILL after 15 s); the whole group goes. */
		async stop() {
			if (!child || exited) return;
			const pid = child.pid;
			killGroup(pid, 'SIGTERM');
			const deadline = Date.now() + 15000;
			while (!exited && Date.now() < deadline) await sleep(100);
			if (!exited) killGroup(pid, 'SIGKILL');
			// The task runner and other children share the group; make sure none outlives n8n.
			killGroup(pid, 'SIGKILL');
			while (!exited && Date.now() < deadline + 5000) await sleep(50);
			liveGroups.delete(pid);
		},
		/** A crash: SIGKILL to the whole group, no shutdown hooks run. Resolves once it is gone. */
		async kill(signal = 'SIGKILL') {
			if (!child || exited) return;
			const pid = child.pid;
			killGroup(pid, signal);
			const deadline = Date.now() + 10000;
			while (!exited && Date.now() < deadline) await sleep(50);
			killGroup(pid, 'SIGKILL');
			liveGroups.delete(pid);
		},
		isRunning: () => Boolean(child && !exited && isAlive(child.pid)),
		memory: () =>
			child && !exited ? groupMemory(child.pid) : { mainRssMb: 0, totalRssMb: 0, processes: [] },
	};
	return proc;
}

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
	const logFile = path.join(userFolder, 'n8n.log');
	fs.writeFileSync(logFile, '');
	const main = n8nProcess({
		label: 'n8n',
		nodeBin: n8n.node.bin,
		args: [n8n.bin, 'start'],
		cwd: userFolder,
		env,
		logFile,
		readyUrl: `${baseUrl}/healthz/readiness`,
		echoLogs,
	});

	// Queue mode: workers with their own task-runner broker and health server ports.
	const workers = [];
	let webhookProcess = null;
	if (queue) {
		for (let index = 0; index < queue.workers; index++) {
			const healthPort = await freePort();
			workers.push(
				n8nProcess({
					label: `worker${index}`,
					nodeBin: n8n.node.bin,
					args: [n8n.bin, 'worker', `--concurrency=${queue.concurrency}`],
					cwd: userFolder,
					env: {
						...env,
						N8N_RUNNERS_BROKER_PORT: String(await freePort()),
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					},
					logFile: path.join(userFolder, `n8n-worker${index}.log`),
					readyUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
					echoLogs,
				}),
			);
		}
		if (webhookPort) {
			webhookProcess = n8nProcess({
				label: 'webhook',
				nodeBin: n8n.node.bin,
				args: [n8n.bin, 'webhook'],
				cwd: userFolder,
				env: {
					...env,
					N8N_PORT: String(webhookPort),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				},
				logFile: path.join(userFolder, 'n8n-webhook.log'),
				readyUrl: `${webhookBaseUrl}/healthz/readiness`,
				echoLogs,
			});
		}
	}
	const helpers = [...workers, ...(webhookProcess ? [webhookProcess] : [])];

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
	Object.defineProperty(handle, 'process', { get: () => main.pid && { pid: main.pid } });

	/** Main's log, plus in queue mode the tail of every worker's and the webhook processor's. */
	handle.logs = (lines = 200) =>
		[
			main.logs(lines),
			...helpers.map(
				(proc) => `--- ${proc.label} ---\n${proc.logs(Math.max(10, Math.round(lines / 2)))}`,
			),
		].join('\n');
	const failure = (message, cause) => main.failure(message, cause);

	// 1. the package, like Settings → Community nodes would install it
	if (options.tarball) {
		const installed = await installPackage(userFolder, options.tarball, { logFile });
		handle.package = { name: installed.name, version: installed.version, n8n: installed.n8n };
	}

	// 2. credentials, encrypted by n8n on import (needs the DB, so this also runs the migrations)
	const credentials = (options.credentials || []).map((credential) => ({
		...credential,
		id: credential.id || credentialId(credential),
	}));
	if (credentials.length > 0) {
		const file = path.join(userFolder, 'e2e-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		const t0 = Date.now();
		try {
			await run(n8n.node.bin, [n8n.bin, 'import:credentials', `--input=${file}`], {
				cwd: userFolder,
				env,
				logFile,
				timeoutMs: 180000,
			});
		} catch (error) {
			throw failure(`n8n import:credentials failed: ${error.message.split('\n')[0]}`, error);
		} finally {
			fs.rmSync(file, { force: true });
		}
		handle.timings.importCredentialsMs = Date.now() - t0;
	}
	handle.credentials = credentials.map(({ id, name, type }) => ({ id, name, type }));
	const migrated = credentials.length > 0;

	// 4. HTTP helpers
	const restHeaders = () => ({ cookie: handle.cookie || '', 'browser-id': BROWSER_ID });
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
			headers: { 'x-n8n-api-key': handle.apiKey || '', ...(opts.headers || {}) },
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

	// 5. workflows
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
		const entry = { id: saved.id, name: saved.name, active, versionId, nodes: saved.nodes };
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

	/** The credential of `type` (the one named `name` when given) known to this instance. */
	handle.credentialFor = (type, name) =>
		handle.credentials.find(
			(credential) => credential.type === type && (!name || credential.name === name),
		);

	/** Creates a credential on the running instance through the public API; returns {id, name, type}. */
	handle.createCredential = async ({ name, type, data }) => {
		const created = await handle.api('POST', '/credentials', { name, type, data });
		const entry = { id: created.id, name: created.name, type: created.type };
		handle.credentials.push(entry);
		return entry;
	};

	// 6. executions
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
				const summary = last
					.slice(0, 10)
					.map((e) => ({ id: e.id, workflowId: e.workflowId, status: e.status, mode: e.mode }));
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

	handle.memory = () => {
		const own = main.memory();
		const others = helpers.map((proc) => proc.memory());
		return {
			mainRssMb: own.mainRssMb,
			totalRssMb: own.totalRssMb + others.reduce((sum, m) => sum + m.totalRssMb, 0),
			workersRssMb: others.slice(0, workers.length).map((m) => m.totalRssMb),
			processes: [own, ...others].flatMap((m) => m.processes),
		};
	};

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
	handle.isRunning = () => main.isRunning();

	// Crash controls: SIGKILL (no graceful shutdown) and start again on the same ports and database.
	const worker = (index) => {
		if (!workers[index])
			throw new Error(`no worker ${index} (${handle.mode} mode, ${workers.length} workers)`);
		return workers[index];
	};
	handle.killMain = () => main.kill('SIGKILL');
	handle.restartMain = async () => {
		await main.kill('SIGKILL');
		await bootMain();
		await waitForPublishedWorkflows();
	};
	handle.killWorker = (index) => worker(index).kill('SIGKILL');
	handle.restartWorker = async (index) => {
		const proc = worker(index);
		await proc.kill('SIGKILL');
		await bootHelpers([proc]);
	};
	handle.isWorkerRunning = (index) => worker(index).isRunning();
	handle.workerLogs = (index, lines) => worker(index).logs(lines);
	handle.webhookProcessorLogs = (lines) => (webhookProcess ? webhookProcess.logs(lines) : '');
	/**
	 * Index of the worker that ran `executionId` (from its "Worker started execution <id>" log line),
	 * or null (single mode, or no worker logged it).
	 */
	handle.executionWorker = (executionId) => {
		const needle = `Worker started execution ${executionId} (`;
		const index = workers.findIndex((proc) => proc.fullLog().includes(needle));
		return index === -1 ? null : index;
	};
	/** Which process put `executionId` on the queue: 'main', 'webhook' (the webhook processor) or null. */
	handle.enqueuedBy = (executionId) => {
		const needle = `Enqueued execution ${executionId} (`;
		if (main.fullLog().includes(needle)) return 'main';
		if (webhookProcess && webhookProcess.fullLog().includes(needle)) return 'webhook';
		return null;
	};

	try {
		await boot();
		const workflowStart = Date.now();
		for (const workflow of options.workflows || []) {
			await handle.importWorkflow(workflow, { publish: options.publish ?? true });
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
