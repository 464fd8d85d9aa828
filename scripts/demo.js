#!/usr/bin/env node
// `npm run demo`: the whole bridge on this machine, without any account.
//
//   1. installs the pinned n8n once into .cache/ (a few minutes the first time, then cached)
//   2. builds and packs this package (only when its sources changed since the last demo run)
//   3. starts the Chat2Desk and Bitrix24 simulators (ports CHAT2DESK_SIM_PORT / BITRIX24_SIM_PORT,
//      defaults 4010 / 4020) and n8n (port N8N_PORT, default 5678) with the package installed the way
//      Settings → Community nodes installs it, and credentials that point at the simulators
//   4. imports the four templates, runs the Setup template once (registers and activates the
//      `chat2desk` connector on the Open Lines), publishes the inbound, outbound and CRM templates
//   5. prints the editor URL and login, and keeps running until Ctrl-C
//
// The installed package and n8n's settings live in .demo/ (git-ignored), so a restart is fast. n8n's
// database starts empty on every run, like the simulators: their ids start again at 1001 after a
// restart, and n8n's exactly-once memory (Remove Duplicates, Skip Messages Already Sent) of an earlier
// run would otherwise drop the new run's messages as repeats. Delete .demo/ to start from scratch.
// Then, in a second terminal: `npm run demo:conversation`.
//
// Options: --no-build        use the current dist/ as it is (no build, no source check)
//          --tarball <file>  install this package tarball instead of packing one
//          --logs            stream n8n's log to stderr
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { ensureN8n, packPackage, startN8n, ROOT } = require('./n8n');
const { installPackage } = require('./n8n/package');
const { sandboxCredentials } = require('./n8n/sandbox');
const { isAlive } = require('./n8n/proc');
const { fillForSandbox, loadWorkflow, setAssignments } = require('./n8n/workflows');
const { startSandbox } = require('../sandbox/start');

const DEMO_DIR = path.join(ROOT, '.demo');
const USER_FOLDER = path.join(DEMO_DIR, 'n8n');
const PACKAGE_DIR = path.join(DEMO_DIR, 'package');
const STATE_FILE = path.join(DEMO_DIR, 'demo.json');

/** The templates, in import order; `publish: false` for the one that is run by hand. */
const TEMPLATES = [
	{ key: 'setup', file: 'workflows/setup-open-lines-connector.json', publish: false },
	{ key: 'inbound', file: 'workflows/chat2desk-to-open-lines.json', publish: true },
	{ key: 'outbound', file: 'workflows/open-lines-to-chat2desk.json', publish: true },
	{ key: 'crm', file: 'workflows/open-lines-crm-fields.json', publish: true },
];

/**
 * What the demo changes in the templates, as a user would in the editor. The inbound template ships
 * with tags not processed ("Don't Process Tags"); the demo accepts only clients/requests tagged
 * "Sales" (sandbox tag 1), so the conversation can show untagged messages being held back and then
 * replayed once the tag is put on the request.
 */
const DEMO_TAG = { id: 1, label: 'Sales' };
const SETTINGS = {
	inbound: {
		'settings.tagMode': 'acceptTagged',
		'settings.tags': [String(DEMO_TAG.id)],
		'settings.tagSource': 'clientOrRequest',
	},
};

function log(message) {
	process.stderr.write(`[demo] ${message}\n`);
}

function parseArgs(argv) {
	const args = { build: true, tarball: process.env.DEMO_TARBALL || '' };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--no-build') args.build = false;
		else if (arg === '--tarball') args.tarball = argv[++i] || '';
		else if (arg === '--logs') process.env.E2E_N8N_LOGS = '1';
		else if (arg === '--help' || arg === '-h') {
			console.log(
				fs
					.readFileSync(__filename, 'utf8')
					.split('\n')
					.slice(1)
					.filter((line, index, all) => all.slice(0, index + 1).every((l) => l.startsWith('//')))
					.join('\n')
					.replace(/^\/\/ ?/gm, ''),
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${arg} (try --help)`);
	}
	return args;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Resolves when nothing listens on host:port, rejects with a readable message otherwise. */
function assertPortFree(port, what, host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error) => {
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `port ${port} (${what}) is in use. Stop what runs there, or pick another port ` +
							`with ${what === 'n8n' ? 'N8N_PORT' : what === 'Chat2Desk simulator' ? 'CHAT2DESK_SIM_PORT' : 'BITRIX24_SIM_PORT'}=<port>.`
						: `cannot listen on ${host}:${port} (${what}): ${error.message}`,
				),
			);
		});
		server.listen(port, host, () => server.close(resolve));
	});
}

/** All files under `dir` (relative to ROOT), sorted. */
function listFiles(relativeDir) {
	const result = [];
	const walk = (dir) => {
		let entries = [];
		try {
			entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			const child = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) walk(child);
			else if (entry.isFile()) result.push(child);
		}
	};
	walk(relativeDir);
	return result.sort();
}

/** A hash of everything that goes into the package, to skip the build when nothing changed. */
function sourceHash() {
	const files = [
		...['nodes', 'credentials', 'workflows', 'icons'].flatMap(listFiles),
		...['package.json', 'tsconfig.json', 'gulpfile.js', 'README.md', 'LICENSE'].filter((file) =>
			fs.existsSync(path.join(ROOT, file)),
		),
	];
	const hash = crypto.createHash('sha256');
	for (const file of files) {
		hash.update(`${file}\n`);
		hash.update(fs.readFileSync(path.join(ROOT, file)));
	}
	return hash.digest('hex').slice(0, 16);
}

/** The package tarball for this run: reused from .demo/package when the sources did not change. */
async function demoTarball(args) {
	if (args.tarball)
		return { tarball: path.resolve(args.tarball), hash: `file:${args.tarball}`, packed: false };
	const hash = args.build ? sourceHash() : `dist-${Date.now()}`;
	const stampFile = path.join(PACKAGE_DIR, 'source-hash');
	const existing = fs.existsSync(PACKAGE_DIR)
		? fs.readdirSync(PACKAGE_DIR).filter((file) => file.endsWith('.tgz'))
		: [];
	if (
		args.build &&
		existing.length === 1 &&
		fs.existsSync(stampFile) &&
		fs.readFileSync(stampFile, 'utf8') === hash
	) {
		return { tarball: path.join(PACKAGE_DIR, existing[0]), hash, packed: false };
	}
	fs.rmSync(PACKAGE_DIR, { recursive: true, force: true });
	fs.mkdirSync(PACKAGE_DIR, { recursive: true });
	const tarball = await packPackage({ build: args.build, destination: PACKAGE_DIR });
	fs.writeFileSync(stampFile, hash);
	return { tarball, hash, packed: true };
}

/** A template with the sandbox's values filled in and the demo's Settings, as a user would in the editor. */
function demoTemplate(template) {
	const workflow = fillForSandbox(loadWorkflow(template.file));
	if (SETTINGS[template.key]) setAssignments(workflow, 'Settings', SETTINGS[template.key]);
	return workflow;
}

/**
 * Runs the Setup template the way the editor's "Execute workflow" button does
 * (`POST /rest/workflows/{id}/run` from its manual trigger) and waits for the execution to finish.
 */
async function runSetup(n8n, workflowId) {
	const workflow = loadWorkflow(TEMPLATES[0].file);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const started = await n8n.rest('POST', `/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: trigger.name },
	});
	if (!started || !started.executionId) {
		throw new Error(`POST /rest/workflows/${workflowId}/run answered ${JSON.stringify(started)}`);
	}
	const deadline = Date.now() + 60000;
	for (;;) {
		const execution = await n8n.api(
			'GET',
			`/executions/${started.executionId}?includeData=true`,
			undefined,
			{
				okStatuses: [404],
			},
		);
		if (
			execution &&
			execution.finished !== undefined &&
			!['running', 'new', 'waiting'].includes(execution.status)
		) {
			if (execution.status !== 'success') {
				const error = execution.data?.resultData?.error;
				throw new Error(
					`the Setup execution ${started.executionId} ended with status ${execution.status}` +
						(error ? `: ${error.message}` : ''),
				);
			}
			const activated = n8n.nodeOutput(execution, 'Activate on the line') || [];
			return { executionId: started.executionId, lines: activated.length };
		}
		if (Date.now() > deadline)
			throw new Error(`the Setup execution ${started.executionId} did not finish in 60 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return null;
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	fs.mkdirSync(DEMO_DIR, { recursive: true });

	const previous = readState();
	if (
		previous &&
		previous.pid &&
		previous.pid !== process.pid &&
		isAlive(previous.pid) &&
		previous.running
	) {
		throw new Error(
			`a demo is already running (pid ${previous.pid}, ${previous.editorUrl}); stop it with Ctrl-C first`,
		);
	}

	const n8nPort = Number(process.env.N8N_PORT || 5678);
	const sandboxEnv = {
		...process.env,
		CHAT2DESK_SIM_PORT: String(process.env.CHAT2DESK_SIM_PORT || 4010),
		BITRIX24_SIM_PORT: String(process.env.BITRIX24_SIM_PORT || 4020),
	};
	await assertPortFree(n8nPort, 'n8n');
	await assertPortFree(Number(sandboxEnv.CHAT2DESK_SIM_PORT), 'Chat2Desk simulator');
	await assertPortFree(Number(sandboxEnv.BITRIX24_SIM_PORT), 'Bitrix24 simulator');

	const cleanups = [];
	let cleaning = null;
	const cleanup = () => {
		if (!cleaning) {
			cleaning = (async () => {
				for (const fn of cleanups.reverse()) {
					try {
						await fn();
					} catch (error) {
						log(`cleanup: ${error.message}`);
					}
				}
			})();
		}
		return cleaning;
	};
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			log(`${signal}: stopping n8n and the simulators`);
			cleanup().finally(() => {
				log('stopped');
				process.exit(0);
			});
		});
	}

	try {
		const installed = await ensureN8n();
		log(
			`n8n ${installed.version} on Node ${installed.node.version}${installed.installedNow ? ` (installed in ${seconds(installed.ms)})` : ' (cached)'}`,
		);

		const t1 = Date.now();
		const pkg = await demoTarball(args);
		log(
			pkg.packed
				? `built and packed ${path.basename(pkg.tarball)} in ${seconds(Date.now() - t1)}`
				: args.tarball
					? `using ${pkg.tarball}`
					: `package unchanged since the last demo, reusing ${path.basename(pkg.tarball)}`,
		);

		const sandbox = await startSandbox(sandboxEnv);
		cleanups.push(() => sandbox.close());
		log(`simulators: Chat2Desk ${sandbox.chat2deskUrl}, Bitrix24 ${sandbox.bitrix24Url}`);

		// Install the package like Settings → Community nodes, only when it changed.
		fs.mkdirSync(USER_FOLDER, { recursive: true });
		const installedStamp = path.join(USER_FOLDER, '.demo-package-hash');
		const packageDir = path.join(
			USER_FOLDER,
			'.n8n',
			'nodes',
			'node_modules',
			'n8n-nodes-chat2desk-bitrix24',
		);
		const sameInstall =
			fs.existsSync(packageDir) &&
			fs.existsSync(installedStamp) &&
			fs.readFileSync(installedStamp, 'utf8') === pkg.hash;
		if (!sameInstall) {
			await installPackage(USER_FOLDER, pkg.tarball, {
				logFile: path.join(USER_FOLDER, 'install-package.log'),
			});
			fs.writeFileSync(installedStamp, pkg.hash);
		}

		// A fresh database every run (see the top of this file); the owner, credentials and workflows are
		// created again below.
		const n8nDataDir = path.join(USER_FOLDER, '.n8n');
		if (fs.existsSync(n8nDataDir)) {
			for (const file of fs.readdirSync(n8nDataDir)) {
				if (
					/^database\.sqlite/.test(file) ||
					/^n8nEventLog.*\.log$/.test(file) ||
					file === 'crash.journal'
				) {
					fs.rmSync(path.join(n8nDataDir, file), { force: true });
				}
			}
		}

		const t2 = Date.now();
		const n8n = await startN8n({
			userFolder: USER_FOLDER,
			port: n8nPort,
			credentials: sandboxCredentials(sandbox, sandboxEnv),
		});
		cleanups.push(() => n8n.stop());
		// startN8n learns the package from the tarball it installs; the demo installed it itself.
		const loaded = (await n8n.loadedNodeTypes()).filter((name) =>
			name.startsWith('n8n-nodes-chat2desk-bitrix24.'),
		);
		if (loaded.length === 0)
			throw new Error('n8n started but did not load the n8n-nodes-chat2desk-bitrix24 nodes');
		log(
			`n8n ready at ${n8n.baseUrl} in ${seconds(Date.now() - t2)} (${loaded.length} node types of the package loaded)`,
		);

		const workflows = {};
		for (const template of TEMPLATES) {
			const entry = await n8n.importWorkflow(demoTemplate(template), { publish: false });
			workflows[template.key] = { id: entry.id, name: entry.name };
		}
		const setup = await runSetup(n8n, workflows.setup.id);
		log(
			`ran "${workflows.setup.name}" (execution ${setup.executionId}): connector chat2desk active on ${setup.lines} Open Lines`,
		);
		for (const template of TEMPLATES.filter((candidate) => candidate.publish)) {
			const entry = await n8n.importWorkflow(demoTemplate(template), { publish: true });
			workflows[template.key] = { id: entry.id, name: entry.name, active: entry.active };
		}
		log(
			`published: ${TEMPLATES.filter((t) => t.publish)
				.map((t) => `"${workflows[t.key].name}"`)
				.join(', ')}`,
		);

		const editorUrl = `${n8n.baseUrl}/`;
		const state = {
			running: true,
			pid: process.pid,
			startedAt: new Date().toISOString(),
			editorUrl,
			n8nUrl: n8n.baseUrl,
			owner: n8n.owner,
			apiKey: n8n.apiKey,
			credentials: n8n.credentials,
			chat2deskUrl: sandbox.chat2deskUrl,
			bitrix24Url: sandbox.bitrix24Url,
			demoTag: DEMO_TAG,
			workflows,
		};
		fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
		cleanups.push(() => {
			const current = readState();
			if (current && current.pid === process.pid) {
				fs.writeFileSync(
					STATE_FILE,
					`${JSON.stringify({ ...current, running: false }, null, 2)}\n`,
				);
			}
		});

		const line = '─'.repeat(78);
		const link = (key) => `${n8n.baseUrl}/workflow/${workflows[key].id}`;
		console.log(
			[
				'',
				line,
				` The Chat2Desk ↔ Bitrix24 Open Lines demo is running (ready in ${seconds(Date.now() - t0)}).`,
				line,
				` n8n editor      ${editorUrl}`,
				` log in with     ${n8n.owner.email}  /  ${n8n.owner.password}`,
				'',
				' templates',
				`   setup (ran once)   ${link('setup')}`,
				`   inbound            ${link('inbound')}`,
				`   outbound           ${link('outbound')}`,
				`   CRM fields         ${link('crm')}`,
				'   The demo sets the inbound tag mode to "Accept Only Tagged" (tag "Sales"): a client\'s',
				'   messages wait until the tag is put on the request, then they are replayed in order.',
				'',
				` Chat2Desk simulator   ${sandbox.chat2deskUrl}/v1 (API)  ${sandbox.chat2deskUrl}/_sim (control)`,
				` Bitrix24 simulator    ${sandbox.bitrix24Url}/rest (API)  ${sandbox.bitrix24Url}/_sim (control)`,
				'',
				' Now, in a second terminal, play a conversation and watch the executions appear:',
				'   npm run demo:conversation',
				'',
				' Ctrl-C stops n8n and the simulators. The next `npm run demo` starts from scratch again',
				' (fresh simulators and n8n database) but reuses the installed n8n and package.',
				line,
				'',
			].join('\n'),
		);

		// Stay up; leave if n8n dies on its own.
		await new Promise((resolve) => {
			const timer = setInterval(() => {
				if (!stopping && !n8n.isRunning()) {
					clearInterval(timer);
					log(`n8n stopped unexpectedly; last log lines:\n${n8n.logs(30)}`);
					process.exitCode = 1;
					resolve();
				}
			}, 2000);
		});
	} catch (error) {
		log(error.stack || error.message);
		process.exitCode = 1;
	}
	if (!stopping) {
		await cleanup();
		process.exit(process.exitCode || 0);
	}
}

main();
