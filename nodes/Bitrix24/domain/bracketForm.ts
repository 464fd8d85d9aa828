/**
 * PHP bracket form keys (`data[MESSAGES][0][im][chat_id]=1`) ⇄ nested objects.
 *
 * Bitrix24 posts its events as `application/x-www-form-urlencoded` built by PHP's `http_build_query`.
 * n8n's body parser (Node's `querystring`) keeps the keys flat, so the trigger re-nests them here.
 * Pure module: no n8n imports.
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
	[key: string]: FormValue;
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Split `a[b][0][]` into `['a', 'b', '0', '']`; a key without well-formed brackets stays whole. */
export function splitBracketKey(key: string): string[] {
	const open = key.indexOf('[');
	if (open <= 0) return [key];
	const head = key.slice(0, open);
	const segments = [head];
	const rest = key.slice(open);
	const pattern = /\[([^[\]]*)\]/g;
	let consumed = 0;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(rest)) !== null) {
		if (match.index !== consumed) return [key];
		segments.push(match[1]);
		consumed = match.index + match[0].length;
	}
	if (consumed !== rest.length) return [key];
	return segments;
}

function isPlainObject(value: unknown): value is FormObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nextIndex(target: FormObject): string {
	let max = -1;
	for (const key of Object.keys(target)) {
		if (/^\d+$/.test(key)) max = Math.max(max, Number(key));
	}
	return String(max + 1);
}

function assignPath(target: FormObject, segments: string[], value: FormValue): void {
	if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) return;
	let node = target;
	for (let i = 0; i < segments.length; i++) {
		let segment = segments[i];
		if (segment === '') segment = nextIndex(node);
		if (i === segments.length - 1) {
			const existing = node[segment];
			node[segment] =
				isPlainObject(existing) && isPlainObject(value) ? mergeDeep(existing, value) : value;
			return;
		}
		const child = node[segment];
		if (!isPlainObject(child)) {
			node[segment] = Array.isArray(child) ? arrayToObject(child) : {};
		}
		node = node[segment] as FormObject;
	}
}

function arrayToObject(values: FormValue[]): FormObject {
	const result: FormObject = {};
	values.forEach((value, index) => {
		result[String(index)] = value;
	});
	return result;
}

function mergeDeep(left: FormObject, right: FormObject): FormObject {
	const result: FormObject = { ...left };
	for (const [key, value] of Object.entries(right)) {
		if (FORBIDDEN_SEGMENTS.has(key)) continue;
		const existing = result[key];
		result[key] =
			isPlainObject(existing) && isPlainObject(value) ? mergeDeep(existing, value) : value;
	}
	return result;
}

/** Objects whose keys are exactly 0..n-1 become arrays (recursively); sparse numeric keys stay objects. */
export function densifyArrays(value: FormValue): FormValue {
	if (Array.isArray(value)) return value.map(densifyArrays);
	if (!isPlainObject(value)) return value;
	const keys = Object.keys(value);
	const converted: FormObject = {};
	for (const key of keys) converted[key] = densifyArrays(value[key]);
	const dense =
		keys.length > 0 &&
		keys.every((key) => /^(0|[1-9]\d*)$/.test(key)) &&
		keys
			.map(Number)
			.sort((a, b) => a - b)
			.every((n, index) => n === index);
	if (!dense) return converted;
	return keys
		.map(Number)
		.sort((a, b) => a - b)
		.map((n) => converted[String(n)]);
}

function normaliseInput(value: unknown): FormValue | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) {
		const items = value.map(normaliseInput).filter((item): item is FormValue => item !== undefined);
		return items;
	}
	if (typeof value === 'object') {
		const result: FormObject = {};
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			if (FORBIDDEN_SEGMENTS.has(key)) continue;
			const normalised = normaliseInput(child);
			if (normalised !== undefined) assignKey(result, key, normalised);
		}
		return result;
	}
	return undefined;
}

function assignKey(target: FormObject, key: string, value: FormValue): void {
	const segments = splitBracketKey(key);
	// A repeated flat key such as `a[]=1&a[]=2` arrives from querystring as one key with an array value.
	if (segments[segments.length - 1] === '' && Array.isArray(value)) {
		for (const item of value) assignPath(target, segments, item);
		return;
	}
	assignPath(
		target,
		segments,
		isPlainObject(value) ? (normaliseInput(value) as FormObject) : value,
	);
}

/**
 * Re-nest a form body. Accepts flat bracket keys (`{"data[LINE]": "1"}`), an already nested body, or a
 * mix of both. Scalars stay strings (form encoding has no types); dense numeric keys become arrays.
 */
export function nestBracketForm(body: unknown): FormObject {
	if (!isPlainObject(body)) return {};
	const result: FormObject = {};
	for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
		const value = normaliseInput(raw);
		if (value === undefined) continue;
		assignKey(result, key, value);
	}
	return densifyArrays(result) as FormObject;
}

/** Parse an `application/x-www-form-urlencoded` string into a nested object. */
export function parseBracketQuery(query: string): FormObject {
	const flat: Record<string, FormValue> = {};
	for (const part of query.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rawKey = eq === -1 ? part : part.slice(0, eq);
		const rawValue = eq === -1 ? '' : part.slice(eq + 1);
		const key = decodeFormComponent(rawKey);
		const value = decodeFormComponent(rawValue);
		const existing = flat[key];
		if (existing === undefined) flat[key] = value;
		else flat[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return nestBracketForm(flat);
}

function decodeFormComponent(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

function encodeValue(value: string): string {
	// Keep `$`, `[` and `]` readable so batch `$result[key][FIELD]` references survive as written.
	return encodeURIComponent(value).replace(/%24/g, '$').replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function flatten(prefix: string, value: unknown, out: string[]): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		value.forEach((item, index) => flatten(`${prefix}[${index}]`, item, out));
		return;
	}
	if (value instanceof Date) {
		out.push(`${prefix}=${encodeValue(value.toISOString())}`);
		return;
	}
	if (typeof value === 'object') {
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			flatten(`${prefix}[${encodeURIComponent(key)}]`, child, out);
		}
		return;
	}
	if (typeof value === 'boolean') {
		// PHP's http_build_query convention.
		out.push(`${prefix}=${value ? '1' : '0'}`);
		return;
	}
	out.push(`${prefix}=${encodeValue(String(value))}`);
}

/**
 * Encode params the way PHP's `http_build_query` does (`fields[PHONE][0][VALUE]=…`), for `batch` command
 * strings. `null`/`undefined` and empty arrays/objects are dropped, booleans become `1`/`0`.
 */
export function encodeBracketQuery(params: Record<string, unknown>): string {
	const out: string[] = [];
	for (const [key, value] of Object.entries(params)) flatten(encodeURIComponent(key), value, out);
	return out.join('&');
}
