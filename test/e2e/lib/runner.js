// A deliberately small scenario runner for test/e2e/**/*.e2e.js.
// A scenario file exports `{name, run(ctx), timeoutMs?, modes?}` or an array of them (an array may carry
// `modes` for all its scenarios). Scenarios run one after another against one shared n8n; each gets
// `ctx` (see scripts/e2e.js) and may call `ctx.skip(reason)`. `modes` (e.g. ['single']) lists the n8n
// execution modes a scenario can run in; it is skipped in the others. Without it, it runs in all.
const fs = require('fs');
const path = require('path');

class SkipError extends Error {
	constructor(reason) {
		super(reason);
		this.name = 'SkipError';
	}
}

/** All `*.e2e.js` files under `dir`, sorted, smoke tests first. */
function findScenarioFiles(dir) {
	const files = [];
	const walk = (current) => {
		for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
			if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.e2e.js')) files.push(full);
		}
	};
	walk(dir);
	const rank = (file) => (path.basename(file).startsWith('smoke') ? 0 : 1);
	return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Loads scenarios from files; a file that fails to load becomes a failing scenario. */
function loadScenarios(files, root) {
	const scenarios = [];
	for (const file of files) {
		const rel = path.relative(root, file);
		try {
			const exported = require(file);
			const list = Array.isArray(exported) ? exported : [exported];
			for (const scenario of list) {
				if (!scenario || typeof scenario.run !== 'function') {
					throw new Error('must export {name, run(ctx)} or an array of them');
				}
				const modes = scenario.modes || (Array.isArray(exported) ? exported.modes : undefined);
				scenarios.push({ ...scenario, modes, name: scenario.name || rel, file: rel });
			}
		} catch (error) {
			scenarios.push({
				name: rel,
				file: rel,
				run() {
					throw error;
				},
			});
		}
	}
	return scenarios;
}

function withTimeout(promise, ms, name) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs scenarios sequentially. `makeCtx(scenario)` builds each scenario's context. `filter` (substring
 * or RegExp) limits which run; `mode` skips scenarios whose `modes` do not include it. Prints
 * `✓/✗/- name (ms)` and returns {passed, failed, skipped, results}.
 */
async function runScenarios(
	scenarios,
	{
		makeCtx,
		afterEach,
		filter,
		mode,
		defaultTimeoutMs = 120000,
		out = process.stdout,
		onFailure,
	} = {},
) {
	const results = [];
	const selected = scenarios.filter((scenario) => {
		if (!filter) return true;
		return filter instanceof RegExp ? filter.test(scenario.name) : scenario.name.includes(filter);
	});
	for (const scenario of selected) {
		if (mode && Array.isArray(scenario.modes) && !scenario.modes.includes(mode)) {
			const reason = `runs in ${scenario.modes.join('/')} mode only`;
			results.push({ name: scenario.name, file: scenario.file, status: 'skipped', ms: 0, error: null });
			out.write(`- ${scenario.name} (skipped: ${reason})\n`);
			continue;
		}
		const started = Date.now();
		let status = 'passed';
		let error = null;
		let ctx = null;
		try {
			ctx = makeCtx ? await makeCtx(scenario) : {};
			ctx.skip = (reason) => {
				throw new SkipError(reason);
			};
			await withTimeout(
				Promise.resolve().then(() => scenario.run(ctx)),
				scenario.timeoutMs || defaultTimeoutMs,
				scenario.name,
			);
		} catch (caught) {
			error = caught;
			status =
				caught instanceof SkipError || (caught && caught.name === 'SkipError')
					? 'skipped'
					: 'failed';
		}
		if (afterEach && ctx) {
			try {
				await afterEach(scenario, ctx);
			} catch (cleanupError) {
				if (status !== 'failed') {
					status = 'failed';
					error = new Error(`cleanup after the scenario failed: ${cleanupError.message}`);
				}
			}
		}
		const ms = Date.now() - started;
		results.push({ name: scenario.name, file: scenario.file, status, ms, error });
		if (status === 'passed') out.write(`✓ ${scenario.name} (${ms} ms)\n`);
		else if (status === 'skipped') out.write(`- ${scenario.name} (skipped: ${error.message})\n`);
		else {
			out.write(`✗ ${scenario.name} (${ms} ms)\n`);
			const text = (error && (error.stack || error.message)) || String(error);
			out.write(`${text.replace(/^/gm, '    ')}\n`);
			if (onFailure) await onFailure(scenario, error);
		}
	}
	const count = (status) => results.filter((result) => result.status === status).length;
	return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), results };
}

module.exports = { findScenarioFiles, loadScenarios, runScenarios, SkipError };
