// n8n-core writes an instance config (with an encryption key) into N8N_USER_FOLDER on first use;
// keep it in a throwaway folder per test worker so tests never touch a real n8n installation.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER || !process.env.N8N_USER_FOLDER.includes('n8n-unit-')) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-unit-'));
}
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'unit-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

// Under mutation testing a property that fails must kill its mutant at the first counterexample:
// shrinking it towards a minimal one can take longer than the mutant's time limit.
if (process.env.STRYKER_MUTATOR_WORKER) {
	require('fast-check').configureGlobal({ endOnFailure: true });
}
