// What the benchmark scripts (scripts/bench-*.js) share: the package and n8n they run, the Open Lines
// connector the Setup template would have activated, and cleaning up on exit or Ctrl-C.
const fs = require('fs');
const path = require('path');
const { startSandbox } = require('../../sandbox/start');
const { ensureN8n, freePort, packPackage } = require('./index');

const CONNECTOR = 'chat2desk';

/**
 * A stack of cleanup steps run last-in first-out, also on SIGINT/SIGTERM/SIGHUP (then exit 130).
 * A failing step is logged and does not stop the others.
 */
function cleanupStack(log) {
	const steps = [];
	const run = async () => {
		for (const step of steps.splice(0).reverse()) {
			try {
				await step();
			} catch (error) {
				log(`cleanup: ${error.message}`);
			}
		}
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`${signal}: stopping`);
			run().finally(() => process.exit(130));
		});
	}
	return { add: (step) => steps.push(step), run };
}

/**
 * The pinned n8n (installed on first use) and the package tarball to load: `args.tarball` as given,
 * else this package packed now (rebuilt unless `args.build` is false); a packed one is removed by `cleanup`.
 */
async function preparePackage(args, cleanup, log) {
	const installed = await ensureN8n();
	log(`n8n ${installed.version} on Node ${installed.node.version}`);
	if (args.tarball) return path.resolve(args.tarball);
	const tarball = await packPackage({ build: args.build });
	cleanup.add(() => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
	return tarball;
}

/**
 * Both simulators on free ports, closed by `addCleanup`. Resolves with the sandbox and the environment
 * it was started with (what sandboxCredentials needs).
 */
async function startBenchSandbox(addCleanup) {
	const env = {
		...process.env,
		CHAT2DESK_SIM_PORT: String(await freePort()),
		BITRIX24_SIM_PORT: String(await freePort()),
	};
	const sandbox = await startSandbox(env);
	addCleanup(() => sandbox.close());
	return { sandbox, env };
}

/** A Bitrix24 REST call to the simulator with a fresh OAuth token; resolves with `result`. */
async function bitrix24Call(sandbox, method, params) {
	const { access_token: token } = sandbox.bitrix24.issueTokens();
	const response = await fetch(`${sandbox.bitrix24Url}/rest/${method}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify(params),
	});
	const body = await response.json();
	if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
	return body.result;
}

/** imconnector.register + activate on line 1: what the Setup template does on a portal. */
async function activateConnector(sandbox) {
	await bitrix24Call(sandbox, 'imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/webhook/chat2desk-connector',
	});
	await bitrix24Call(sandbox, 'imconnector.activate', { CONNECTOR, LINE: 1, ACTIVE: 1 });
}

module.exports = {
	CONNECTOR,
	activateConnector,
	bitrix24Call,
	cleanupStack,
	preparePackage,
	startBenchSandbox,
};
