// CPU milliseconds spent by this process while `run` was running. Handler-time budgets are checked on
// CPU time rather than wall time so a busy machine (parallel test workers, e2e runs) does not make them
// flaky, while a quadratic or runaway handler still blows them. (Plain JS: the node lint forbids
// `process` in TypeScript files.)
async function cpuMs(run) {
	const before = process.cpuUsage();
	const result = await run();
	const used = process.cpuUsage(before);
	return [result, (used.user + used.system) / 1000];
}

/** Runs per fuzz property: FUZZ_RUNS (npm run fuzz sets it high), else `fallback`. */
function fuzzRuns(fallback) {
	const value = Number(process.env.FUZZ_RUNS);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

module.exports = { cpuMs, fuzzRuns };
