// ensureN8n(): installs the pinned n8n once into the git-ignored .cache/n8n-<version>/ folder.
//
// A plain `npm install n8n` fails offline-ish (a Kafka client tries to download zlib sources), so the
// install runs with scripts off and then rebuilds only the two native addons n8n needs (sqlite3,
// isolated-vm) against Node 24's headers. Each step writes a stamp when it completes, so an interrupted
// install is resumed from the step that did not finish, and a finished one is never repeated.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { N8N_VERSION, N8N_DIR, N8N_BIN, node24Home } = require('./paths');
const { run, isAlive, sleep } = require('./proc');

const LOCK_DIR = path.join(N8N_DIR, '.install-lock');
const LOG_FILE = path.join(N8N_DIR, 'install.log');

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

function stampPath(step) {
	return path.join(N8N_DIR, `.stamp-${step}`);
}

// The download does not depend on the Node version; the native build does.
function stampValue(step, node) {
	return step === 'install'
		? `${step} n8n@${N8N_VERSION}\n`
		: `${step} n8n@${N8N_VERSION} node@${node.version}\n`;
}

function hasStamp(step, node) {
	try {
		return fs.readFileSync(stampPath(step), 'utf8') === stampValue(step, node);
	} catch {
		return false;
	}
}

function nodeEnv(node) {
	return {
		...process.env,
		PATH: `${path.join(node.home, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
		npm_config_nodedir: node.home,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

async function acquireLock(timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(LOCK_DIR);
			fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
			return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = 0;
		try {
			owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
		} catch {
			// the other process may be between mkdir and writing its pid
		}
		if (owner && !isAlive(owner)) {
			fs.rmSync(LOCK_DIR, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`another process (pid ${owner || '?'}) is installing n8n; waiting for it`);
			announced = true;
		}
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for the n8n install lock ${LOCK_DIR}`);
		await sleep(2000);
	}
}

/** Checks that the native addons load in Node 24 (catches a rebuild against the wrong headers). */
async function verifyNativeAddons(node, env) {
	const script =
		"require('sqlite3'); require('isolated-vm'); " +
		"console.log(require('n8n/package.json').version)";
	await run(node.bin, ['-e', script], { cwd: N8N_DIR, env, logFile: LOG_FILE, timeoutMs: 60000 });
}

/**
 * Makes sure n8n@<pinned> is installed and its native addons are built. Returns
 * `{dir, bin, node, version, installedNow, ms}`; `bin` is n8n's entry script, to be run with `node`.
 */
async function ensureN8n({ quiet = false } = {}) {
	const started = Date.now();
	const nodeHome = node24Home();
	const version = execFileSync(nodeHome.bin, ['-p', 'process.versions.node']).toString().trim();
	const node = { ...nodeHome, version };
	if (hasStamp('ready', node) && fs.existsSync(N8N_BIN)) {
		return { dir: N8N_DIR, bin: N8N_BIN, node, version: N8N_VERSION, installedNow: false, ms: 0 };
	}
	fs.mkdirSync(N8N_DIR, { recursive: true });
	const release = await acquireLock(30 * 60 * 1000);
	try {
		const env = nodeEnv(node);
		if (!hasStamp('install', node)) {
			if (!quiet)
				log(
					`installing n8n@${N8N_VERSION} into ${path.relative(process.cwd(), N8N_DIR) || N8N_DIR} (one time, about 3-4 minutes; log: install.log)`,
				);
			fs.rmSync(stampPath('rebuild'), { force: true });
			fs.rmSync(stampPath('ready'), { force: true });
			const pkg = {
				name: 'n8n-e2e-runtime',
				private: true,
				description: 'pinned n8n for end-to-end tests',
			};
			fs.writeFileSync(path.join(N8N_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
			await run(
				'npm',
				[
					'install',
					`n8n@${N8N_VERSION}`,
					'--save-exact',
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--loglevel=warn',
				],
				{ cwd: N8N_DIR, env, logFile: LOG_FILE },
			);
			fs.writeFileSync(stampPath('install'), stampValue('install', node));
		}
		if (!hasStamp('rebuild', node)) {
			if (!quiet) log('building n8n native addons (sqlite3, isolated-vm) against Node 24 headers');
			await run('npm', ['rebuild', 'sqlite3', 'isolated-vm', '--loglevel=warn'], {
				cwd: N8N_DIR,
				env,
				logFile: LOG_FILE,
			});
			fs.writeFileSync(stampPath('rebuild'), stampValue('rebuild', node));
		}
		await verifyNativeAddons(node, env);
		fs.writeFileSync(stampPath('ready'), stampValue('ready', node));
		const ms = Date.now() - started;
		if (!quiet) log(`n8n@${N8N_VERSION} ready after ${(ms / 1000).toFixed(0)} s`);
		return { dir: N8N_DIR, bin: N8N_BIN, node, version: N8N_VERSION, installedNow: true, ms };
	} finally {
		release();
	}
}

module.exports = { ensureN8n };

if (require.main === module) {
	ensureN8n()
		.then((result) => console.log(JSON.stringify(result, null, 2)))
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
