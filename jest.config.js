/** Unit and node tests. End-to-end runs through a real n8n live in test/e2e and have their own command. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 30000,
	// Suites start simulators, HTTP servers and n8n's own timers; a handle one of them forgets must not
	// keep CI waiting after the last test (the results are final by then).
	forceExit: true,
};
