// File and process access for zodResolution.test.ts, kept in JS: the project's lint (n8n's
// community-node rules) forbids fs, path, child_process and process in every TypeScript file.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const PINNED_N8N_LOADER = '.cache/n8n-2.41.1/node_modules/n8n/dist/load-nodes-and-credentials.js';

/** package.json of this repository, or of an installed module. */
function readPackage(moduleName) {
	const file = moduleName
		? require.resolve(`${moduleName}/package.json`)
		: path.join(ROOT, 'package.json');
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const moduleDir = (name) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * Copies the built package (package.json + dist) into a temporary `<user>/.n8n/nodes/node_modules/<name>`
 * outside this repository, as n8n installs a community package. Returns the helpers of that sandbox.
 */
function installBuiltPackage() {
	const pkg = readPackage();
	if (!fs.existsSync(path.join(ROOT, pkg.n8n.nodes[0]))) {
		throw new Error('Run `npm run build` first: this test loads the built package');
	}
	const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zod-resolution-')));
	const installed = path.join(tmp, 'user', '.n8n', 'nodes', 'node_modules', pkg.name);
	fs.mkdirSync(installed, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
	fs.cpSync(path.join(ROOT, 'dist'), path.join(installed, 'dist'), { recursive: true });

	/**
	 * A folder standing in for n8n's node_modules: n8n-workflow (linked) and, when asked, a copy of zod
	 * (a copy, so that where it resolved to shows it came from here).
	 */
	function n8nModules({ withZod }) {
		const modules = path.join(fs.mkdtempSync(path.join(tmp, 'n8n-')), 'node_modules');
		fs.mkdirSync(modules);
		fs.symlinkSync(moduleDir('n8n-workflow'), path.join(modules, 'n8n-workflow'), 'dir');
		if (withZod) fs.cpSync(moduleDir('zod'), path.join(modules, 'zod'), { recursive: true });
		return modules;
	}

	/**
	 * Loads every node and credential of the package in a fresh Node process the way n8n does: its
	 * folder on NODE_PATH, then `Module._initPaths()`. Reports where `zod` resolved from the package.
	 */
	function loadPackage(nodePath) {
		const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file) =>
			path.join(installed, file),
		);
		const script = `
			process.env.NODE_PATH = ${JSON.stringify(nodePath)};
			require('module')._initPaths();
			for (const file of ${JSON.stringify(files)}) require(file);
			console.log(require.resolve('zod', { paths: [${JSON.stringify(installed)}] }));
		`;
		const result = spawnSync(process.execPath, ['-e', script], {
			cwd: tmp,
			encoding: 'utf8',
			env: { PATH: process.env.PATH || '' },
		});
		return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
	}

	return {
		n8nModules,
		loadPackage,
		/** Whether `file` lies inside `dir`. */
		isInside: (file, dir) => file.startsWith(dir + path.sep),
		zodDirIn: (modules) => path.join(modules, 'zod'),
		remove: () => fs.rmSync(tmp, { recursive: true, force: true }),
	};
}

/** The pinned n8n's community-package loader, when the end-to-end suite has installed it. */
function pinnedN8nLoaderSource() {
	const file = path.join(ROOT, PINNED_N8N_LOADER);
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

module.exports = { readPackage, installBuiltPackage, pinnedN8nLoaderSource };
