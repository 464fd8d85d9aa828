// CPU milliseconds spent by this process while `run` was running. Handler-time budgets are checked on
// CPU time rather than wall time so a busy machine (parallel test workers, e2e runs) does not make them
// flaky, while a quadratic or runaway handler still blows them. (Plain JS: the node lint forbids
// `process` in TypeScript files.)
// Mutation testing (StrykerJS sets STRYKER_MUTATOR_WORKER in its workers) runs instrumented code several
// times slower; budgets are about the shape of the cost (linear, not quadratic), so there the measure is
// scaled down to what the plain code would take, and a runaway mutant still blows the budget.
const underMutationTesting = Boolean(process.env.STRYKER_MUTATOR_WORKER);
const INSTRUMENTATION_SLOWDOWN = underMutationTesting ? 10 : 1;

async function cpuMs(run) {
	const before = process.cpuUsage();
	const result = await run();
	const used = process.cpuUsage(before);
	return [result, (used.user + used.system) / 1000 / INSTRUMENTATION_SLOWDOWN];
}

/**
 * CPU milliseconds of a synchronous `run`, for budgets. A run over `budgetMs` is measured once more and the
 * lower figure counts: one garbage collection or page-in is noise, a slow algorithm is slow twice.
 */
function cpuMsWithin(run, budgetMs) {
	const measure = () => {
		const before = process.cpuUsage();
		const result = run();
		const used = process.cpuUsage(before);
		return [result, (used.user + used.system) / 1000 / INSTRUMENTATION_SLOWDOWN];
	};
	const first = measure();
	if (first[1] < budgetMs) return first;
	const second = measure();
	return second[1] < first[1] ? second : first;
}

/** Runs per fuzz property: FUZZ_RUNS (npm run fuzz sets it high), else `fallback`. */
function fuzzRuns(fallback) {
	const value = Number(process.env.FUZZ_RUNS);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * `describe` for suites that only assert time budgets on large inputs: skipped under mutation testing,
 * where they would rerun megabytes of instrumented parsing for every mutant and say nothing new (a mutant
 * that makes a parser run away still times out in the other suites).
 */
const describeTiming = underMutationTesting ? describe.skip : describe;

module.exports = { cpuMs, cpuMsWithin, fuzzRuns, describeTiming };
