// packPackage(): builds this repository and packs it the way `npm publish` would.
// installPackage(): puts a tarball into an n8n user folder the way n8n's own community-package
// installer does (Settings → Community nodes), so node types load as `<package name>.<node name>`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, PACKAGE_NAME } = require('./paths');
const { run } = require('./proc');

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/**
 * `npm run build`, then `npm pack` into a fresh temporary folder. Returns the tarball path.
 * Options: `build: false` packs the current dist/ as is; `destination` picks the output folder.
 */
async function packPackage({ build = true, destination } = {}) {
	const outDir = destination || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	fs.mkdirSync(outDir, { recursive: true });
	const logFile = path.join(outDir, 'pack.log');
	if (build) {
		log('building the package (npm run build)');
		await run('npm', ['run', 'build', '--silent'], {
			cwd: ROOT,
			env: process.env,
			logFile,
			timeoutMs: 10 * 60 * 1000,
		});
	}
	const before = new Set(fs.readdirSync(outDir));
	await run('npm', ['pack', '--pack-destination', outDir, '--loglevel=warn'], {
		cwd: ROOT,
		env: process.env,
		logFile,
		timeoutMs: 5 * 60 * 1000,
	});
	const created = fs
		.readdirSync(outDir)
		.filter((file) => file.endsWith('.tgz') && !before.has(file));
	if (created.length !== 1)
		throw new Error(`npm pack produced ${created.length} tarballs in ${outDir}`);
	return path.join(outDir, created[0]);
}

/** Lists the files inside a tarball (paths without the leading `package/`). */
async function tarballFiles(tarball) {
	const { execFileSync } = require('child_process');
	return execFileSync('tar', ['-tzf', tarball])
		.toString()
		.split('\n')
		.filter(Boolean)
		.map((file) => file.replace(/^package\//, ''));
}

/**
 * Installs `tarball` into `<userFolder>/.n8n/nodes` like n8n's CommunityPackagesService does:
 * unpack into node_modules/<name>, drop dev/peer/optional dependencies (so no second copy of
 * n8n-workflow appears), install the remaining dependencies with scripts off, and record the package in
 * nodes/package.json. Returns `{name, version, dir}`. Re-running replaces the previous copy.
 */
async function installPackage(userFolder, tarball, { logFile, env = process.env } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const log = logFile || path.join(userFolder, 'e2e-install-package.log');
	fs.mkdirSync(nodesDir, { recursive: true });
	const staging = fs.mkdtempSync(path.join(nodesDir, '.staging-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1'], {
			cwd: nodesDir,
			env,
			logFile: log,
		});
		const pkgFile = path.join(staging, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			fs.readFileSync(pkgFile, 'utf8'),
		);
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
		const target = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.renameSync(staging, target);
		if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
			await run(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: target, env, logFile: log },
			);
		}
		const listFile = path.join(nodesDir, 'package.json');
		let list = { name: 'installed-nodes', private: true, dependencies: {} };
		try {
			list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
		} catch {
			// first package in this folder
		}
		list.dependencies = { ...(list.dependencies || {}), [pkg.name]: pkg.version };
		fs.writeFileSync(listFile, JSON.stringify(list, null, 2));
		return { name: pkg.name, version: pkg.version, dir: target, n8n: pkg.n8n || {} };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

module.exports = { packPackage, installPackage, tarballFiles, PACKAGE_NAME };
