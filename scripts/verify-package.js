#!/usr/bin/env node
// Local verification gate: the checks of n8n's community-package scanner (@n8n/scan-community-package), run
// on what `npm pack` would publish instead of on a registry version.
//
// The scanner only accepts a published name: it downloads the tarball, follows the npm provenance statement
// to the GitHub commit it was built from, and lints both with ESLint (`allowInlineConfig: false`, so
// `eslint-disable` comments do not count; any error fails). This script reuses the scanner's own
// `analyzePackage` and `buildScanConfig` (same plugin versions, same rule sets, same file globs) on
//   1. the source, as the scanner sees the attested commit: package.json + {nodes,credentials}/**/*.{js,ts,json}
//   2. the packed tarball, unpacked into a temp folder: **/*.js + package.json
// and adds package checks the scanner leaves to the reviewers: no runtime dependencies, the community
// keyword, every file named in the `n8n` section (and its codex file and icons) present in the tarball.
//
//   npm run verify                 build, pack, check
//   npm run verify -- --no-build   check the current dist/ (CI runs it right after the build)
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SCANNER = path.join(ROOT, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
const COMMUNITY_KEYWORD = 'n8n-community-node-package';

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
	}
	return result.stdout;
}

/** Packs the project into `dir` and unpacks it into `dir/package`; returns the tarball's file list. */
function packAndUnpack(dir) {
	const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
	const packageDir = path.join(dir, 'package');
	fs.mkdirSync(packageDir);
	run('tar', ['-xzf', path.join(dir, info.filename), '-C', packageDir, '--strip-components=1']);
	return { packageDir, tarball: info.filename, files: info.files.map((file) => file.path) };
}

/** Checks of package.json and the tarball's contents; returns a list of problems. */
function checkPackage(packageDir, files) {
	const problems = [];
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const shipped = new Set(files);
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		problems.push(`package.json has runtime dependencies: ${Object.keys(pkg.dependencies).join(', ')}`);
	}
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes(COMMUNITY_KEYWORD)) {
		problems.push(`package.json keywords lack "${COMMUNITY_KEYWORD}" (n8n finds community packages by it)`);
	}
	const n8n = pkg.n8n ?? {};
	if (!Number.isInteger(n8n.n8nNodesApiVersion) || n8n.n8nNodesApiVersion < 1) {
		problems.push('package.json n8n.n8nNodesApiVersion must be a positive integer');
	}
	const nodes = Array.isArray(n8n.nodes) ? n8n.nodes : [];
	const credentials = Array.isArray(n8n.credentials) ? n8n.credentials : [];
	if (nodes.length === 0) problems.push('package.json n8n.nodes is empty');
	for (const file of [...nodes, ...credentials]) {
		if (!shipped.has(file)) {
			problems.push(`${file} is listed in package.json "n8n" but is not in the tarball`);
			continue;
		}
		const source = fs.readFileSync(path.join(packageDir, file), 'utf8');
		// Icons are referenced as `file:<relative path>` from the compiled class.
		for (const [, icon] of source.matchAll(/['"]file:([^'"]+)['"]/g)) {
			const iconPath = path.posix.normalize(path.posix.join(path.posix.dirname(file), icon));
			if (!shipped.has(iconPath)) problems.push(`${file} uses icon ${iconPath}, not in the tarball`);
		}
	}
	for (const file of nodes) {
		const codex = file.replace(/\.js$/, '.json');
		if (!shipped.has(codex)) problems.push(`${file} has no codex file ${codex} in the tarball`);
	}
	return problems;
}

async function main() {
	const build = !process.argv.includes('--no-build');
	if (build) run('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build`');

	const scanner = await import(SCANNER);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-package-'));
	let failed = false;
	try {
		const { packageDir, tarball, files } = packAndUnpack(tmp);
		console.log(`Packed ${tarball}: ${files.length} files`);

		const legs = [
			['source (as the provenance commit)', ROOT, scanner.SOURCE_FILE_PATTERNS],
			['tarball', packageDir, ['**/*.js', 'package.json']],
		];
		for (const [label, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.passed) {
				console.log(`ok   scanner rules, ${label}: ${patterns.join(' ')}`);
			} else {
				failed = true;
				console.log(`FAIL scanner rules, ${label}: ${result.message}`);
				if (result.details) console.log(result.details);
			}
		}

		const problems = checkPackage(packageDir, files);
		if (problems.length === 0) {
			console.log('ok   package.json and tarball contents');
		} else {
			failed = true;
			console.log('FAIL package.json and tarball contents');
			for (const problem of problems) console.log(`  - ${problem}`);
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (failed) {
		console.log('Package verification failed');
		process.exitCode = 1;
	} else {
		console.log('Package verification passed');
	}
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exitCode = 1;
});
