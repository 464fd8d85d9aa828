#!/usr/bin/env node
// End-to-end tests against a real n8n: `bash scripts/toolchain.sh node scripts/e2e.js [options]`.
//
//   1. installs the pinned n8n once into .cache/ (a few minutes the first time, then cached)
//   2. builds and packs this package, installs the tarball into a throwaway n8n user folder
//   3. per mode: starts the Chat2Desk and Bitrix24 simulators and a fresh n8n (free random ports);
//      queue mode adds a throwaway Postgres and Redis (scripts/services.sh) and two `n8n worker`s
//   4. runs every test/e2e/**/*.e2e.js scenario, one after another
//   5. stops everything, also on failure or Ctrl-C
//
// Options: --mode <m>        single, queue or both (default both, or E2E_MODE); a scenario exporting
//                            `modes: ['single']` runs only in the modes it lists
//          --filter <text>   run only scenarios whose name contains <text> (or E2E_FILTER)
//          --no-build        pack the current dist/ without rebuilding
//          --keep            keep the n8n user folder (E2E_KEEP_USER_FOLDER=1), path is printed
//          --logs            stream n8n's log to stderr (E2E_N8N_LOGS=1); E2E_N8N_LOG_LEVEL=debug for more
//          --timeout <ms>    per-scenario timeout (default 120000, or E2E_TIMEOUT_MS)
const fs = require('fs');
const path = require('path');
const { ensureN8n, packPackage, startN8n, freePort, ROOT } = require('./n8n');
const { resetDeliveryLog } = require('./n8n/deliveryLog');
const { findScenarioFiles, loadScenarios, runScenarios } = require('../test/e2e/lib/runner');
const { startServices } = require('./n8n/services');
const {
	resetSandbox,
	sandboxCredentials,
	startSandboxIfAvailable,
} = require('./n8n/sandbox');

function parseArgs(argv) {
	const args = {
		filter: process.env.E2E_FILTER || '',
		mode: process.env.E2E_MODE || 'both',
		build: true,
		keep: false,
		timeoutMs: Number(process.env.E2E_TIMEOUT_MS || 120000),
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--filter') args.filter = argv[++i] || '';
		else if (arg.startsWith('--filter=')) args.filter = arg.slice('--filter='.length);
		else if (arg === '--mode') args.mode = argv[++i] || '';
		else if (arg.startsWith('--mode=')) args.mode = arg.slice('--mode='.length);
		else if (arg === '--no-build') args.build = false;
		else if (arg === '--keep') args.keep = true;
		else if (arg === '--logs') process.env.E2E_N8N_LOGS = '1';
		else if (arg === '--timeout') args.timeoutMs = Number(argv[++i]);
		else if (arg === '--help' || arg === '-h') {
			console.log(
				fs
					.readFileSync(__filename, 'utf8')
					.split('\n')
					.slice(1, 19)
					.join('\n')
					.replace(/^\/\/ ?/gm, ''),
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${arg}`);
	}
	if (args.keep) process.env.E2E_KEEP_USER_FOLDER = '1';
	const modes = { single: ['single'], queue: ['queue'], both: ['single', 'queue'] };
	if (!modes[args.mode]) throw new Error(`--mode must be single, queue or both, not "${args.mode}"`);
	args.modes = modes[args.mode];
	return args;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const cleanups = [];
	let cleaning = null;
	const cleanup = () => {
		if (!cleaning) {
			cleaning = (async () => {
				for (const fn of cleanups.reverse()) {
					try {
						await fn();
					} catch (error) {
						console.error(`cleanup: ${error.message}`);
					}
				}
			})();
		}
		return cleaning;
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			console.error(`\n${signal}: stopping n8n and the simulators`);
			cleanup().finally(() => process.exit(130));
		});
	}

	try {
		const t0 = Date.now();
		const installed = await ensureN8n();
		const tInstall = Date.now() - t0;
		console.error(
			`[e2e] n8n ${installed.version} on Node ${installed.node.version}${installed.installedNow ? ` (installed in ${seconds(installed.ms)})` : ' (cached)'}`,
		);

		const t1 = Date.now();
		const tarball = await packPackage({ build: args.build });
		cleanups.push(() => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
		console.error(`[e2e] packed ${path.basename(tarball)} in ${seconds(Date.now() - t1)}`);

		const scenarios = loadScenarios(findScenarioFiles(path.join(ROOT, 'test', 'e2e')), ROOT);
		const totals = { passed: 0, failed: 0, skipped: 0 };
		const perMode = [];
		for (const mode of args.modes) {
			const tMode = Date.now();
			console.log(`\n=== ${mode} mode ===`);
			// Everything of one mode is stopped before the next starts: fresh simulators, fresh n8n.
			const modeCleanups = [];
			cleanups.push(async () => {
				for (const fn of modeCleanups.splice(0).reverse()) {
					try {
						await fn();
					} catch (error) {
						console.error(`cleanup: ${error.message}`);
					}
				}
			});
			let summary;
			try {
				summary = await runMode(mode, { args, tarball, scenarios, cleanups: modeCleanups });
			} catch (error) {
				console.error(`\n[e2e] ${mode} mode: ${error.stack || error.message}`);
				summary = { passed: 0, failed: 1, skipped: 0 };
			} finally {
				for (const fn of modeCleanups.splice(0).reverse()) {
					try {
						await fn();
					} catch (error) {
						console.error(`cleanup: ${error.message}`);
					}
				}
			}
			const ms = Date.now() - tMode;
			perMode.push({ mode, ...summary, ms });
			for (const key of Object.keys(totals)) totals[key] += summary[key];
		}
		console.log('');
		for (const result of perMode) {
			console.log(
				`${result.mode} mode: ${result.passed} passed, ${result.failed} failed, ` +
					`${result.skipped} skipped in ${seconds(result.ms)}`,
			);
		}
		console.error(`[e2e] whole run ${seconds(Date.now() - t0)} (install check ${seconds(tInstall)})`);
		if (totals.skipped) console.log(`${totals.skipped} skipped`);
		console.log(`${totals.passed} passed, ${totals.failed} failed`);
		process.exitCode = totals.failed > 0 || totals.passed + totals.failed === 0 ? 1 : 0;
	} catch (error) {
		console.error(`\n[e2e] ${error.stack || error.message}`);
		console.log('0 passed, 1 failed');
		process.exitCode = 1;
	} finally {
		await cleanup();
	}
}

/** One pass of the scenarios against a fresh n8n in `mode`; pushes what must be stopped to `cleanups`. */
async function runMode(mode, { args, tarball, scenarios, cleanups }) {
	const sandboxEnv = {
		...process.env,
		CHAT2DESK_SIM_PORT: String(await freePort()),
		BITRIX24_SIM_PORT: String(await freePort()),
	};
	const sandbox = await startSandboxIfAvailable(sandboxEnv);
	if (sandbox.instance) {
		cleanups.push(() => sandbox.instance.close());
		console.error(
			`[e2e] simulators: Chat2Desk ${sandbox.instance.chat2deskUrl}, Bitrix24 ${sandbox.instance.bitrix24Url}`,
		);
	} else {
		console.error(`[e2e] simulators not started: ${sandbox.reason}`);
	}

	let queue;
	if (mode === 'queue') {
		console.error('[e2e] starting Postgres and Redis (installed from Debian packages when missing)');
		const services = await startServices();
		cleanups.push(() => services.stop());
		console.error(
			`[e2e] Postgres on port ${services.env.DB_POSTGRESDB_PORT}, Redis on port ${services.env.QUEUE_BULL_REDIS_PORT} ` +
				`(${seconds(services.ms)})`,
		);
		queue = {
			env: services.env,
			workers: Number(process.env.E2E_QUEUE_WORKERS || 2),
			webhookProcessor: process.env.E2E_WEBHOOK_PROCESSOR === '1',
		};
	}

	const t2 = Date.now();
	const n8n = await startN8n({
		tarball,
		credentials: sandbox.instance ? sandboxCredentials(sandbox.instance, sandboxEnv) : [],
		queue,
	});
	cleanups.push(() => n8n.stop());
	const memory = n8n.memory();
	console.error(
		`[e2e] n8n (${mode} mode) ready at ${n8n.baseUrl} in ${seconds(n8n.timings.readyMs)} (start total ${seconds(Date.now() - t2)}), ` +
			`RSS ${memory.mainRssMb} MB main / ${memory.totalRssMb} MB all processes` +
			(n8n.workerCount ? ` (${n8n.workerCount} workers, ${memory.workersRssMb.join(' + ')} MB)` : '') +
			`; package node types: ${n8n.nodeTypes.length ? n8n.nodeTypes.join(', ') : 'none'}`,
	);
	if (args.keep) console.error(`[e2e] user folder kept: ${n8n.userFolder}`);

	const tRun = Date.now();
	const summary = await runScenarios(scenarios, {
		filter: args.filter,
		mode,
		defaultTimeoutMs: args.timeoutMs,
		makeCtx: async (scenario) => {
			// Each scenario starts from the simulators' seed state unless it opts out.
			if (sandbox.instance && scenario.resetSandbox !== false) {
				resetSandbox(sandbox.instance);
				// The simulators start their ids again, so the delivery log starts empty too.
				await resetDeliveryLog(n8n);
			}
			const imported = [];
			return {
				mode,
				n8n,
				sandbox: sandbox.instance,
				sandboxReason: sandbox.reason,
				tarball,
				root: ROOT,
				imported,
				resetSandbox: () => sandbox.instance && resetSandbox(sandbox.instance),
				// Process controls for crash tests (workers exist in queue mode only).
				killMain: () => n8n.killMain(),
				restartMain: () => n8n.restartMain(),
				killWorker: (index) => n8n.killWorker(index),
				restartWorker: (index) => n8n.restartWorker(index),
				// Workflows imported through ctx are unpublished after the scenario, so one scenario's
				// triggers never receive the next one's events.
				async importWorkflow(workflow, options) {
					const entry = await n8n.importWorkflow(workflow, options);
					imported.push(entry);
					return entry;
				},
				sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
			};
		},
		afterEach: async (scenario, ctx) => {
			if (scenario.keepWorkflows || !n8n.isRunning()) return;
			for (const workflow of ctx.imported) {
				if (workflow.active) await n8n.unpublishWorkflow(workflow.id);
			}
		},
		onFailure: async () => {
			console.log(`    --- n8n log tail ---\n${n8n.logs(40).replace(/^/gm, '    ')}`);
		},
	});
	const peak = n8n.memory();
	console.error(
		`[e2e] ${mode} mode: scenarios took ${seconds(Date.now() - tRun)}; n8n RSS now ${peak.mainRssMb} MB main / ` +
			`${peak.totalRssMb} MB all processes`,
	);
	return summary;
}

main();
