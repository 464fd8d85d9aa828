// File access for test/workflows.test.ts (test .ts files may not touch fs/process): reads the template
// workflows and package.json, and loads the node classes package.json lists from their TypeScript
// sources (jest transforms the .ts files through ts-jest).
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** The folder with the templates; TEMPLATES_DIR points the checks at another folder (to try them). */
function templatesDir() {
	return process.env.TEMPLATES_DIR
		? path.resolve(process.env.TEMPLATES_DIR)
		: path.join(ROOT, 'workflows');
}

/** Every `*.json` template: `{ file, text, json }` (`json` is null and `error` set when it does not parse). */
function readTemplates() {
	const dir = templatesDir();
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs.readFileSync(path.join(dir, file), 'utf8');
			try {
				return { file, text, json: JSON.parse(text), error: null };
			} catch (error) {
				return { file, text, json: null, error: error.message };
			}
		});
}

function readPackageJson() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** `dist/nodes/X/Y.node.js` → `nodes/X/Y.node.ts` (the source tsc compiles to it). */
function sourceOf(distFile) {
	return distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

/**
 * The node types package.json's `n8n.nodes` lists, loaded from their TypeScript sources:
 * `[{ file, source, description }]`, one per exported class with a `description`.
 */
function loadPackageNodes() {
	const pkg = readPackageJson();
	const result = [];
	for (const file of (pkg.n8n && pkg.n8n.nodes) || []) {
		const source = sourceOf(file);
		const exported = require(path.join(ROOT, source));
		for (const value of Object.values(exported)) {
			if (typeof value !== 'function') continue;
			const instance = new value();
			if (instance && instance.description)
				result.push({ file, source, description: instance.description });
		}
	}
	return result;
}

/** Names of the credential types package.json's `n8n.credentials` lists, loaded from their sources. */
function loadPackageCredentialNames() {
	const pkg = readPackageJson();
	const names = [];
	for (const file of (pkg.n8n && pkg.n8n.credentials) || []) {
		const exported = require(path.join(ROOT, sourceOf(file)));
		for (const value of Object.values(exported)) {
			if (typeof value !== 'function') continue;
			const instance = new value();
			if (instance && instance.name) names.push(instance.name);
		}
	}
	return names;
}

module.exports = {
	templatesDir,
	readTemplates,
	readPackageJson,
	loadPackageNodes,
	loadPackageCredentialNames,
};
