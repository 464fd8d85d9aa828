import { config } from '@n8n/node-cli/eslint';

// Mutation-testing sandboxes and reports (npm run mutation) are copies of the sources, not sources.
export default [{ ignores: ['.stryker-tmp*/**', 'reports/**'] }, ...config];
