'use strict';
// `batch`: up to 50 `method?bracket_query` commands (object or array), `halt`, `$result[key][...]`
// references, sub-calls with the outer call's auth; per-command errors inside an HTTP 200 reply.

const { parsePhpQuery } = require('./phpform');
const {
	RestError,
	ListResult,
	getParam,
	phpEmpty,
	isPlainObject,
	phpAssoc,
	timeBlock,
} = require('./util');

const BATCH_MAX_LENGTH = 50;
const REFERENCE = /\$(result_next|result_total|result_error|result)\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function resolveReference(sections, section, key, path) {
	let value = sections[section][key];
	const segments = path ? [...path.matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]) : [];
	for (const segment of segments) {
		if (value === null || typeof value !== 'object') return undefined;
		value = value[segment];
	}
	return value;
}

function substitute(value, sections) {
	if (Array.isArray(value)) return value.map((item) => substitute(item, sections));
	if (isPlainObject(value)) {
		const out = {};
		for (const [key, item] of Object.entries(value)) out[key] = substitute(item, sections);
		return out;
	}
	if (typeof value !== 'string' || !value.includes('$result')) return value;
	const whole = new RegExp(`^${REFERENCE.source}$`).exec(value);
	if (whole) {
		const resolved = resolveReference(sections, whole[1], whole[2], whole[3]);
		if (resolved !== null && typeof resolved === 'object') return resolved;
	}
	return value.replace(REFERENCE, (_, section, key, path) => {
		const resolved = resolveReference(sections, section, key, path);
		if (resolved === undefined || resolved === null || typeof resolved === 'object') return '';
		if (resolved === true) return '1';
		if (resolved === false) return '';
		return String(resolved);
	});
}

/** @param {(auth, method, params, options) => unknown} invoke the dispatcher */
function createBatchMethod(invoke) {
	function batch(params, call) {
		const halt = !phpEmpty(getParam(params, 'halt'));
		const cmd = getParam(params, 'cmd');
		const entries = Array.isArray(cmd)
			? cmd.map((command, index) => [String(index), command])
			: isPlainObject(cmd)
				? Object.entries(cmd)
				: [];
		const sections = {
			result: {},
			result_error: {},
			result_total: {},
			result_next: {},
			result_time: {},
		};
		call.batchCommands = entries.length;
		for (let index = 0; index < entries.length; index++) {
			const [key, command] = entries[index];
			if (index >= BATCH_MAX_LENGTH) {
				sections.result_error[key] = {
					error: 'ERROR_BATCH_LENGTH_EXCEEDED',
					error_description: 'Max batch length exceeded',
				};
				if (halt) break;
				continue;
			}
			const text = String(command ?? '');
			const question = text.indexOf('?');
			const method = (question === -1 ? text : text.slice(0, question)).replace(/\.json$/i, '');
			const query = question === -1 ? '' : text.slice(question + 1);
			const started = Date.now();
			try {
				if (method.toLowerCase() === 'batch') {
					throw new RestError(
						405,
						'ERROR_BATCH_METHOD_NOT_ALLOWED',
						'Method is not allowed for batch usage',
					);
				}
				const subParams = substitute(parsePhpQuery(query), sections);
				delete subParams.auth;
				delete subParams.access_token;
				const value = invoke(call.auth, method, subParams, { inBatch: true });
				if (value instanceof ListResult) {
					sections.result[key] = value.items;
					sections.result_total[key] = value.total;
					if (value.next !== undefined) sections.result_next[key] = value.next;
				} else {
					sections.result[key] = value;
				}
				sections.result_time[key] = timeBlock(started);
			} catch (error) {
				if (!(error instanceof RestError)) throw error;
				sections.result_error[key] = error.toBody();
				if (halt) break;
			}
		}
		return {
			result: phpAssoc(sections.result),
			result_error: phpAssoc(sections.result_error),
			result_total: phpAssoc(sections.result_total),
			result_next: phpAssoc(sections.result_next),
			result_time: phpAssoc(sections.result_time),
		};
	}
	return { batch: { handler: batch } };
}

module.exports = { createBatchMethod, BATCH_MAX_LENGTH };
