'use strict';
// Small helpers shared by the simulator modules: REST errors, parameter access the way Bitrix24 reads
// it (top-level names case-insensitive, PHP arrays as lists), the `time` block, list pagination.

const WRONG_AUTH_TYPE_TEXT =
	'Current authorization type is denied for this method Application context required';

class RestError extends Error {
	/**
	 * @param {number} status HTTP status
	 * @param {string} code `error` field
	 * @param {string} description `error_description` field
	 * @param {object} [extra] more top-level keys (e.g. `argument`)
	 */
	constructor(status, code, description, extra) {
		super(description);
		this.status = status;
		this.code = code;
		this.description = description;
		this.extra = extra || {};
	}

	toBody() {
		return { error: this.code, error_description: this.description, ...this.extra };
	}
}

const errors = {
	argumentNull(name) {
		return new RestError(400, 'ERROR_ARGUMENT', `Argument '${name}' is null or empty`, {
			argument: name,
		});
	},
	argument(description) {
		return new RestError(400, 'ERROR_ARGUMENT', description, { argument: '' });
	},
	wrongAuthType(suffix = true) {
		return new RestError(
			403,
			'WRONG_AUTH_TYPE',
			suffix ? WRONG_AUTH_TYPE_TEXT : 'Current authorization type is denied for this method',
		);
	},
	legacy(description) {
		return new RestError(400, '', description);
	},
	notFound() {
		return new RestError(400, '', 'Not found');
	},
	methodNotFound() {
		return new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
	},
};

/** Result of a list method: serialised with top-level `total` and (when more pages exist) `next`. */
class ListResult {
	constructor(items, total, next) {
		this.items = items;
		this.total = total;
		this.next = next;
	}
}

const PAGE_SIZE = 50;

/**
 * Pages `items` the Bitrix24 way: 50 per page from `start`; `start=-1` skips counting (`total: 0`, no `next`).
 * @param {Array} items
 * @param {unknown} startParam
 * @param {(items: Array) => unknown} [wrap] turns the page into the result value
 */
function paginate(items, startParam, wrap) {
	const start = Number.parseInt(String(startParam ?? '0'), 10);
	const page = (list) => (wrap ? wrap(list) : list);
	if (start === -1) return new ListResult(page(items.slice(0, PAGE_SIZE)), 0, undefined);
	const from = Number.isFinite(start) && start > 0 ? start : 0;
	const slice = items.slice(from, from + PAGE_SIZE);
	const next = from + PAGE_SIZE < items.length ? from + PAGE_SIZE : undefined;
	return new ListResult(page(slice), items.length, next);
}

function findKey(object, name) {
	if (!object || typeof object !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(object, name)) return name;
	const lower = name.toLowerCase();
	return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** Case-insensitive parameter lookup (Bitrix upper-cases top-level names for most methods). */
function getParam(params, name) {
	const key = findKey(params, name);
	return key === undefined ? undefined : params[key];
}

function hasParam(params, name) {
	const value = getParam(params, name);
	return value !== undefined && value !== null;
}

/** PHP `empty()` semantics. */
function phpEmpty(value) {
	if (value === undefined || value === null || value === false || value === 0 || value === '') {
		return true;
	}
	if (value === '0') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

/** A PHP array (list or map) as a JS array of its values; anything else → null. */
function toList(value) {
	if (Array.isArray(value)) return value;
	if (value && typeof value === 'object') return Object.values(value);
	return null;
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Normalises the boolean spellings the ORM accepts to 'Y'/'N'; anything else → `fallback`. */
function toYN(value, fallback) {
	if (value === true || value === 1) return 'Y';
	if (value === false || value === 0) return 'N';
	if (typeof value === 'string') {
		const v = value.trim();
		if (v === 'Y' || v === '1' || v.toLowerCase() === 'true') return 'Y';
		if (v === 'N' || v === '0' || v.toLowerCase() === 'false') return 'N';
	}
	return fallback;
}

function lowerKeysDeep(value) {
	if (Array.isArray(value)) return value.map(lowerKeysDeep);
	if (!isPlainObject(value)) return value;
	const out = {};
	for (const [key, item] of Object.entries(value)) out[key.toLowerCase()] = lowerKeysDeep(item);
	return out;
}

function upperKeys(value) {
	if (!isPlainObject(value)) return {};
	const out = {};
	for (const [key, item] of Object.entries(value)) out[key.toUpperCase()] = item;
	return out;
}

/** ISO 8601 with an explicit offset (`+00:00`), as Bitrix24 formats dates. */
function isoDate(ms = Date.now()) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function unixNow() {
	return Math.floor(Date.now() / 1000);
}

/** The `time` block every successful REST reply carries. */
function timeBlock(startMs, finishMs = Date.now()) {
	const round = (value) => Math.round(value * 1e6) / 1e6;
	const start = startMs / 1000;
	const finish = finishMs / 1000;
	return {
		start,
		finish,
		duration: round(finish - start),
		processing: round(Math.max(0, finish - start - 0.0001)),
		date_start: isoDate(startMs),
		date_finish: isoDate(finishMs),
		operating_reset_at: Math.floor(finish) + 600,
		operating: 0,
	};
}

/** PHP json_encode of an associative array: sequential 0..n-1 keys → JSON list, empty → []. */
function phpAssoc(map) {
	const keys = Object.keys(map);
	if (keys.length === 0) return [];
	if (keys.every((key, index) => key === String(index))) return keys.map((key) => map[key]);
	return map;
}

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

module.exports = {
	RestError,
	ListResult,
	PAGE_SIZE,
	WRONG_AUTH_TYPE_TEXT,
	errors,
	paginate,
	getParam,
	hasParam,
	findKey,
	phpEmpty,
	toList,
	isPlainObject,
	toYN,
	lowerKeysDeep,
	upperKeys,
	isoDate,
	unixNow,
	timeBlock,
	phpAssoc,
	clone,
};
