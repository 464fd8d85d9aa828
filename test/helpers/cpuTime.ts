/**
 * CPU milliseconds spent by this process while `run` was running. Handler-time budgets are checked on
 * CPU time rather than wall time so a busy machine (parallel test workers, e2e runs) does not make them
 * flaky, while a quadratic or runaway handler still blows them.
 */
export async function cpuMs<T>(run: () => T | Promise<T>): Promise<[T, number]> {
	const before = process.cpuUsage();
	const result = await run();
	const used = process.cpuUsage(before);
	return [result, (used.user + used.system) / 1000];
}
