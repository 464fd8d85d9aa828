// The n8n processes behind startN8n (see index.js): the environment n8n runs with, one process in its own
// group (spawn, readiness, stop, crash), and the set of processes an instance is made of: `n8n start`,
// plus in queue mode the workers and the optional webhook processor, each on its own free ports.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { request } = require('./http');
const { killGroup, isAlive, tailFile, sleep } = require('./proc');

const ENCRYPTION_KEY = 'e2e-chat2desk-bitrix24-encryption-key';
const LOG_LINES_KEPT = 5000;

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
					const response = await request('GET', readyUrl, {
						okStatuses: 'any',
						timeoutMs: 2000,
					});
					if (response.status === 200) return;
				} catch {
					// not listening yet
				}
				if (Date.now() > deadline)
					throw proc.failure(
						`${label} did not become ready on ${readyUrl} within ${timeoutMs / 1000} s`,
					);
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
 * The processes of one instance on `userFolder`: main (`n8n start` on `port`) and, with `queue`
 * ({workers, concurrency}), `workers` × `n8n worker` with their own task-runner broker and health
 * server ports, plus one `n8n webhook` on `webhookPort` when given. Nothing is spawned yet.
 */
async function createProcesses({ n8n, userFolder, env, baseUrl, queue, webhookPort, echoLogs }) {
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
				readyUrl: `http://127.0.0.1:${webhookPort}/healthz/readiness`,
				echoLogs,
			});
		}
	}
	const helpers = [...workers, ...(webhookProcess ? [webhookProcess] : [])];
	return { main, workers, webhookProcess, helpers, logFile };
}

/**
 * Adds to `handle` what reads or controls the processes: logs, memory, crash controls for main and the
 * workers, and which worker ran (or which process enqueued) an execution. `bootMain`/`bootHelpers`
 * start them again (index.js owns the boot sequence: main's readiness is followed by the REST sign-in).
 */
function attachProcessControls(
	handle,
	{ main, workers, webhookProcess, helpers },
	{ bootMain, bootHelpers, afterRestart },
) {
	/** Main's log, plus in queue mode the tail of every worker's and the webhook processor's. */
	handle.logs = (lines = 200) =>
		[
			main.logs(lines),
			...helpers.map(
				(proc) => `--- ${proc.label} ---\n${proc.logs(Math.max(10, Math.round(lines / 2)))}`,
			),
		].join('\n');

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
		await afterRestart();
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
}

module.exports = {
	ENCRYPTION_KEY,
	freePort,
	n8nEnv,
	groupMemory,
	n8nProcess,
	createProcesses,
	attachProcessControls,
};
