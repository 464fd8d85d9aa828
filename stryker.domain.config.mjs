// `npm run mutation:domain`: the same mutants as `npm run mutation`, tested by the domain modules' own test
// files only (test/nodes/**/domain). Fewer tests can only kill fewer mutants, so its score is a lower bound
// of the full run's, reached in a fraction of the time: the node and trigger suites, whose time budgets
// re-parse hundreds of kilobytes of instrumented code for every mutant, are left out.
import base from './stryker.config.json' with { type: 'json' };

export default {
	...base,
	jest: {
		...base.jest,
		config: { ...base.jest.config, roots: ['<rootDir>/test/nodes'], testMatch: ['**/domain/**/*.test.ts'] },
	},
	htmlReporter: { fileName: 'reports/mutation-domain/index.html' },
	jsonReporter: { fileName: 'reports/mutation-domain/mutation.json' },
};
