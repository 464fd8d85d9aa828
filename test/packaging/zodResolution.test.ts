/**
 * How the packed nodes find `zod` inside n8n. The scanner allows no runtime `dependencies` and no peer but
 * `n8n-workflow`, so zod is not installed with the package: n8n provides it. At start-up n8n's
 * LoadNodesAndCredentials puts its own `module.paths` into NODE_PATH and re-reads the global paths, so
 * a bare `require('zod')` from a community package that finds no copy of its own resolves to n8n's
 * (zod is a dependency of n8n and n8n-workflow). These tests load the built nodes from a folder laid
 * out like `~/.n8n/nodes/node_modules/<package>`, outside this repository (so no hoisted copy can
 * answer), with n8n's folder on NODE_PATH exactly as n8n sets it.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const moduleDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const versionOf = (name: string) =>
	JSON.parse(fs.readFileSync(path.join(moduleDir(name), 'package.json'), 'utf8')).version;

let tmp: string;
let installed: string;

/**
 * A folder standing in for n8n's node_modules: n8n-workflow (linked) and, when asked, a copy of zod (a
 * copy, so that where it resolved to shows it came from here).
 */
function n8nModules({ withZod }: { withZod: boolean }): string {
	const modules = path.join(fs.mkdtempSync(path.join(tmp, 'n8n-')), 'node_modules');
	fs.mkdirSync(modules);
	fs.symlinkSync(moduleDir('n8n-workflow'), path.join(modules, 'n8n-workflow'), 'dir');
	if (withZod) fs.cpSync(moduleDir('zod'), path.join(modules, 'zod'), { recursive: true });
	return modules;
}

/** Loads every node and credential of the package the way n8n does: NODE_PATH, then `_initPaths()`. */
function loadPackage(nodePath: string) {
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file: string) =>
		path.join(installed, file),
	);
	const script = `
		process.env.NODE_PATH = ${JSON.stringify(nodePath)};
		require('module')._initPaths();
		for (const file of ${JSON.stringify(files)}) require(file);
		console.log(require.resolve('zod', { paths: [${JSON.stringify(installed)}] }));
	`;
	return spawnSync(process.execPath, ['-e', script], {
		cwd: tmp,
		encoding: 'utf8',
		env: { PATH: process.env.PATH ?? '' },
	});
}

beforeAll(() => {
	if (!fs.existsSync(path.join(ROOT, pkg.n8n.nodes[0]))) {
		throw new Error('Run `npm run build` first: this test loads the built package');
	}
	tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zod-resolution-')));
	installed = path.join(tmp, 'user', '.n8n', 'nodes', 'node_modules', pkg.name);
	fs.mkdirSync(installed, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
	fs.cpSync(path.join(ROOT, 'dist'), path.join(installed, 'dist'), { recursive: true });
});

afterAll(() => {
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('zod inside n8n', () => {
	it('is not a runtime or peer dependency of the package (the scanner forbids both)', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
	});

	it('is developed and tested against the zod version n8n-workflow expects of its host', () => {
		const n8nWorkflow = JSON.parse(
			fs.readFileSync(path.join(moduleDir('n8n-workflow'), 'package.json'), 'utf8'),
		);
		// n8n-workflow itself takes zod as a peer: the n8n instance provides the one copy.
		expect(pkg.devDependencies.zod).toBe(n8nWorkflow.peerDependencies.zod);
		expect(versionOf('zod')).toBe(n8nWorkflow.peerDependencies.zod);
	});

	it("resolves to n8n's copy when the packed nodes load from n8n's nodes folder", () => {
		const modules = n8nModules({ withZod: true });
		const result = loadPackage(modules);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout.trim().startsWith(path.join(modules, 'zod') + path.sep)).toBe(true);
	});

	it('is missing when n8n does not provide it: the package ships no copy of its own', () => {
		const result = loadPackage(n8nModules({ withZod: false }));
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain("Cannot find module 'zod'");
	});

	const n8nLoader = path.join(
		ROOT,
		'.cache/n8n-2.41.1/node_modules/n8n/dist/load-nodes-and-credentials.js',
	);
	(fs.existsSync(n8nLoader) ? it : it.skip)(
		'mirrors what the pinned n8n does before it loads community packages',
		() => {
			const source = fs.readFileSync(n8nLoader, 'utf8');
			expect(source).toContain('process.env.NODE_PATH = [module.paths.join(delimiter)');
			expect(source).toContain('module.constructor._initPaths()');
		},
	);
});
