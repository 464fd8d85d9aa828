// Postgres and Redis for n8n's queue mode, through scripts/services.sh: installed from Debian's packages
// when missing, started fresh in a folder under .e2e/ (loopback, free ports, no persistence), stopped
// and removed by stop() — also when this process exits, and on the next run if it was killed hard.
//
//   const services = await startServices();
//   startN8n({ queue: { env: services.env } });  ...  await services.stop();
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT } = require('./paths');
const { isAlive } = require('./proc');

const SCRIPT = path.join(ROOT, 'scripts', 'services.sh');
const BASE_DIR = path.join(ROOT, '.e2e');
const PREFIX = 'services-';

function services(args) {
	const result = spawnSync('bash', [SCRIPT, ...args], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) {
		throw new Error(
			`scripts/services.sh ${args.join(' ')} failed (${result.signal || `exit code ${result.status}`}):\n` +
				String(result.stderr || '')
					.split('\n')
					.slice(-30)
					.join('\n'),
		);
	}
	return result;
}

/** Stops services left behind by runs that were killed before they could clean up. */
function sweepLeftovers() {
	let entries = [];
	try {
		entries = fs.readdirSync(BASE_DIR);
	} catch {
		return;
	}
	for (const entry of entries) {
		const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(entry);
		if (!match || isAlive(Number(match[1]))) continue;
		try {
			services(['stop', path.join(BASE_DIR, entry)]);
		} catch (error) {
			process.stderr.write(`[e2e] could not remove ${entry}: ${error.message}\n`);
		}
	}
}

/**
 * Starts a throwaway Postgres + Redis. Resolves {env, dir, ms, stop()}: `env` holds DB_POSTGRESDB_* and
 * QUEUE_BULL_REDIS_* for startN8n({queue: {env}}).
 */
async function startServices() {
	const t0 = Date.now();
	sweepLeftovers();
	fs.mkdirSync(BASE_DIR, { recursive: true });
	const dir = fs.mkdtempSync(path.join(BASE_DIR, `${PREFIX}${process.pid}-`));
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		process.removeListener('exit', stop);
		services(['stop', dir]);
	};
	// Synchronous, so it also runs from an 'exit' handler.
	process.on('exit', stop);
	let result;
	try {
		result = services(['start', dir]);
	} catch (error) {
		try {
			stop();
		} catch {
			// the start error is the one worth reporting
		}
		throw error;
	}
	const env = {};
	for (const line of result.stdout.split('\n')) {
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (match) env[match[1]] = match[2];
	}
	if (!env.DB_POSTGRESDB_PORT || !env.QUEUE_BULL_REDIS_PORT)
		throw new Error(`scripts/services.sh start printed no ports:\n${result.stdout}`);
	return { env, dir, ms: Date.now() - t0, stop: async () => stop() };
}

module.exports = { startServices };
