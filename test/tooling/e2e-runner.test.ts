/**
 * The end-to-end runner's mode selection: scenarios declare the n8n execution modes they support
 * (`modes`, per scenario or for a whole file's array) and are skipped in the others.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadScenarios, runScenarios } = require('../e2e/lib/runner');

const silent = () => ({ write: () => true });

describe('e2e runner modes', () => {
	const load = () =>
		loadScenarios(
			[
				require.resolve('./fixtures/single-only-scenarios.js'),
				require.resolve('./fixtures/mixed-scenarios.js'),
			],
			'.',
		);

	it('takes modes from the scenario or from the array its file exports', () => {
		const modes = Object.fromEntries(
			load().map((scenario: { name: string; modes?: string[] }) => [scenario.name, scenario.modes]),
		);
		expect(modes).toEqual({ a: ['single'], b: ['single'], c: undefined, d: ['queue'] });
	});

	it.each([
		['single', ['a', 'b', 'c'], ['d']],
		['queue', ['c', 'd'], ['a', 'b']],
	])('in %s mode runs %j and skips %j', async (mode, ran, skipped) => {
		const calls: string[] = [];
		const summary = await runScenarios(load(), {
			mode,
			out: silent(),
			makeCtx: async (scenario: { name: string }) => {
				calls.push(scenario.name);
				return {};
			},
		});
		expect(calls).toEqual(ran);
		const byStatus = (status: string) =>
			summary.results
				.filter((result: { status: string }) => result.status === status)
				.map((result: { name: string }) => result.name);
		expect(byStatus('passed')).toEqual(ran);
		expect(byStatus('skipped')).toEqual(skipped);
	});

	it('runs everything when no mode is given', async () => {
		const summary = await runScenarios(load(), { out: silent(), makeCtx: async () => ({}) });
		expect(summary.passed).toBe(4);
	});
});
