'use strict';
// Method registry + invocation: injected faults, unknown methods, application-context-only methods,
// token scopes. Used for top-level calls and for `batch` sub-commands alike.

const { RestError, errors } = require('./util');

function createDispatcher(core, buildRegistry) {
	const registry = new Map();

	function takeFault(method) {
		const faults = core.state.faults;
		const index = faults.findIndex(
			(fault) =>
				fault.remaining > 0 &&
				(!fault.method || fault.method === '*' || fault.method.toLowerCase() === method),
		);
		if (index === -1) return null;
		const fault = faults[index];
		fault.remaining -= 1;
		fault.used += 1;
		return fault;
	}

	/**
	 * Runs a REST method. Returns the `result` value (or a ListResult); throws RestError.
	 * @param {{type: string, userId: string, scope: string|null, clientId?: string}} auth
	 */
	function invoke(auth, rawMethod, params, options = {}) {
		const method = String(rawMethod).toLowerCase();
		const fault = takeFault(method);
		if (fault) {
			throw new RestError(fault.status, fault.error, fault.error_description, fault.extra || {});
		}
		const definition = registry.get(method);
		if (!definition) throw errors.methodNotFound();
		if (definition.appOnly && auth.type !== 'oauth') {
			throw errors.wrongAuthType(definition.appOnly !== 'bare');
		}
		if (definition.scope && auth.type === 'oauth') {
			const granted = String(auth.scope || '').split(',');
			if (!definition.scope.some((scope) => granted.includes(scope))) {
				throw new RestError(
					core.config.insufficientScopeStatus,
					'insufficient_scope',
					'The request requires higher privileges than provided by the access token',
				);
			}
		}
		const call = { auth, method, inBatch: Boolean(options.inBatch) };
		const value = definition.handler(params, call);
		if (options.onCall) options.onCall(call);
		return value;
	}

	for (const [name, definition] of Object.entries(buildRegistry(invoke))) {
		registry.set(name.toLowerCase(), definition);
	}

	return { invoke, methods: () => [...registry.keys()].sort() };
}

module.exports = { createDispatcher };
