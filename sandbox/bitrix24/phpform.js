'use strict';
// PHP-style form handling: `a[b][0][c]=x` parsing (like PHP's parse_str) and encoding (like PHP's
// http_build_query, which Bitrix24 uses to POST events to handlers).

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function decodeComponent(text) {
	const plus = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(plus);
	} catch {
		// Malformed escapes are kept literally, the way PHP keeps them.
		return plus.replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
	}
}

/** Splits `a[b][][c]` into ['a', 'b', '', 'c']; a name with unbalanced brackets stays one literal key. */
function splitKey(key) {
	const open = key.indexOf('[');
	if (open <= 0) return [key];
	const base = key.slice(0, open);
	const segments = [base];
	let rest = key.slice(open);
	while (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close === -1) break;
		segments.push(rest.slice(1, close));
		rest = rest.slice(close + 1);
	}
	return segments;
}

function nextIndex(container) {
	let max = -1;
	for (const key of Object.keys(container)) {
		if (/^(0|[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
	}
	return String(max + 1);
}

function assign(target, segments, value) {
	let node = target;
	for (let i = 0; i < segments.length; i++) {
		let segment = segments[i];
		if (segment === '' && i > 0) segment = nextIndex(node);
		if (FORBIDDEN_KEYS.has(segment)) return;
		if (i === segments.length - 1) {
			node[segment] = value;
			return;
		}
		if (node[segment] === null || typeof node[segment] !== 'object') node[segment] = {};
		node = node[segment];
	}
}

/** Objects whose keys are exactly "0".."n-1" become arrays (PHP lists), recursively. */
function normalizeLists(value) {
	if (Array.isArray(value)) return value.map(normalizeLists);
	if (value === null || typeof value !== 'object') return value;
	const keys = Object.keys(value);
	const out = {};
	for (const key of keys) out[key] = normalizeLists(value[key]);
	if (keys.length > 0 && keys.every((key, index) => key === String(index))) {
		return keys.map((key) => out[key]);
	}
	return out;
}

/** Parses a query string / urlencoded body with PHP bracket semantics. */
function parsePhpQuery(text) {
	const result = {};
	if (!text) return result;
	for (const pair of String(text).split('&')) {
		if (pair === '') continue;
		const eq = pair.indexOf('=');
		const rawKey = eq === -1 ? pair : pair.slice(0, eq);
		const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
		const key = decodeComponent(rawKey);
		if (key === '') continue;
		assign(result, splitKey(key), decodeComponent(rawValue));
	}
	return normalizeLists(result);
}

/** PHP urlencode(): everything except A-Z a-z 0-9 - _ . is %-escaped, space becomes '+'. */
function phpUrlencode(text) {
	return encodeURIComponent(String(text))
		.replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
		.replace(/%20/g, '+');
}

function scalarToString(value) {
	if (value === true) return '1';
	if (value === false) return '0';
	return String(value);
}

function collectPairs(value, prefix, pairs) {
	if (value === null || value === undefined) return;
	if (typeof value === 'object') {
		const entries = Array.isArray(value)
			? value.map((item, index) => [String(index), item])
			: Object.entries(value);
		for (const [key, item] of entries) {
			collectPairs(item, prefix === '' ? key : `${prefix}[${key}]`, pairs);
		}
		return;
	}
	pairs.push([prefix, scalarToString(value)]);
}

/**
 * Encodes an object as PHP's http_build_query() does: nested keys in brackets (the brackets themselves
 * percent-encoded), null and empty arrays dropped, booleans as 1/0, every scalar as a string.
 */
function buildPhpQuery(object) {
	const pairs = [];
	collectPairs(object, '', pairs);
	return pairs.map(([key, value]) => `${phpUrlencode(key)}=${phpUrlencode(value)}`).join('&');
}

/** Flat [key, value] pairs (unencoded) in the order http_build_query would produce them. */
function flattenPhp(object) {
	const pairs = [];
	collectPairs(object, '', pairs);
	return pairs;
}

module.exports = { parsePhpQuery, buildPhpQuery, flattenPhp, normalizeLists, phpUrlencode };
