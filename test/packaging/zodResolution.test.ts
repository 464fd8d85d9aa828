/**
 * How the packed nodes find `zod` inside n8n. The scanner allows no runtime `dependencies` and no peer but
 * `n8n-workflow`, so zod is not installed with the package: n8n provides it. At start-up n8n's
 * LoadNodesAndCredentials puts its own `module.paths` into NODE_PATH and re-reads the global paths, so
 * a bare `require('zod')` from a community package that finds no copy of its own resolves to n8n's
 * (zod is a dependency of n8n, and a peer of n8n-workflow). These tests load the built nodes from a
 * folder laid out like `~/.n8n/nodes/node_modules/<package>`, outside this repository (so no hoisted
 * copy can answer), with n8n's folder on NODE_PATH exactly as n8n sets it.
 */
import {
	installBuiltPackage,
	pinnedN8nLoaderSource,
	readPackage,
	type PackageSandbox,
} from './zodResolution.files';

const pkg = readPackage();
let sandbox: PackageSandbox;

beforeAll(() => {
	sandbox = installBuiltPackage();
});

afterAll(() => sandbox?.remove());

describe('zod inside n8n', () => {
	it('is not a runtime or peer dependency of the package (the scanner forbids both)', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['n8n-workflow']);
	});

	it('is developed and tested against the zod version n8n-workflow expects of its host', () => {
		// n8n-workflow itself takes zod as a peer: the n8n instance provides the one copy.
		const expected = readPackage('n8n-workflow').peerDependencies.zod;
		expect(pkg.devDependencies.zod).toBe(expected);
		expect(readPackage('zod').version).toBe(expected);
	});

	it("resolves to n8n's copy when the packed nodes load from n8n's nodes folder", () => {
		const modules = sandbox.n8nModules({ withZod: true });
		const result = sandbox.loadPackage(modules);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(sandbox.isInside(result.stdout, sandbox.zodDirIn(modules))).toBe(true);
	});

	it('is missing when n8n does not provide it: the package ships no copy of its own', () => {
		const result = sandbox.loadPackage(sandbox.n8nModules({ withZod: false }));
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain("Cannot find module 'zod'");
	});

	const loader = pinnedN8nLoaderSource();
	(loader ? it : it.skip)('mirrors what the pinned n8n does before it loads packages', () => {
		expect(loader).toContain('process.env.NODE_PATH = [module.paths.join(delimiter)');
		expect(loader).toContain('module.constructor._initPaths()');
	});
});
