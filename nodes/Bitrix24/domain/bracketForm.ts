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

/**
 * Caps on what an incoming form may ask the re-nesting to build. Everything below is linear in the
 * body size, and these caps keep the result small enough for zod, n8n and the next node (a PHP form of
 * a real Bitrix24 event is far below all of them: PHP itself stops at 64 nesting levels).
 */
export interface FormLimits {
	/** Flat entries (a repeated `a[]` counts once per value). */
	maxKeys: number;
	/** Segments of one key plus nesting levels of a JSON value. */
	maxDepth: number;
	/** Values one list may collect through `a[]` (or one JSON array may hold). */
	maxIndex: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = {
	maxKeys: 20000,
	maxDepth: 32,
	maxIndex: 10000,
};

/** A body over one of the caps; `status` is the HTTP answer a handler should give. */
export class FormLimitError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 413 = 400,
	) {
		super(message);
		this.name = 'FormLimitError';
	}
}

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

const hasOwn = (target: object, key: string) => Object.prototype.hasOwnProperty.call(target, key);
const NUMERIC = /^(0|[1-9]\d*)$/;

/**
 * One re-nesting pass. The next implicit index (`a[]`) of every object is kept in a map instead of
 * scanning the object's keys per value (which made `a[]=…` repeated n times cost n²).
 */
class Nester {
	private readonly nextIndexOf = new WeakMap<FormObject, number>();
	private keys = 0;

	constructor(private readonly limits: FormLimits) {}

	countKey(): void {
		this.keys += 1;
		if (this.keys > this.limits.maxKeys) {
			throw new FormLimitError(`the body has more than ${this.limits.maxKeys} fields`, 413);
		}
	}

	private nextIndex(target: FormObject): number {
		let next = this.nextIndexOf.get(target);
		if (next === undefined) {
			next = 0;
			for (const key of Object.keys(target)) {
				if (NUMERIC.test(key)) next = Math.max(next, Number(key) + 1);
			}
		}
		return next;
	}

	private noteKey(target: FormObject, key: string): void {
		// Explicit numeric keys may be ids (sparse, large): allowed; only implicit `[]` indices are capped.
		if (!NUMERIC.test(key)) return;
		this.nextIndexOf.set(target, Math.max(this.nextIndex(target), Number(key) + 1));
	}

	private implicitIndex(target: FormObject): string {
		const index = this.nextIndex(target);
		if (index > this.limits.maxIndex) {
			throw new FormLimitError(`a list has more than ${this.limits.maxIndex + 1} values`);
		}
		return String(index);
	}

	private set(target: FormObject, key: string, value: FormValue): void {
		this.noteKey(target, key);
		const existing = hasOwn(target, key) ? target[key] : undefined;
		if (isPlainObject(existing) && isPlainObject(value)) this.mergeInto(existing, value);
		else target[key] = value;
	}

	/**
	 * Merge in place: `target` was built by this pass, so nothing else holds it. `source` is a normalised
	 * value, whose keys have already passed the forbidden-segment check.
	 */
	private mergeInto(target: FormObject, source: FormObject): void {
		for (const key of Object.keys(source)) this.set(target, key, source[key]);
	}

	assignPath(target: FormObject, segments: string[], value: FormValue): void {
		if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) return;
		if (segments.length > this.limits.maxDepth) {
			throw new FormLimitError(`a field is nested deeper than ${this.limits.maxDepth} levels`);
		}
		const last = segments.length - 1;
		let node = target;
		for (let i = 0; i < last; i++) {
			const segment = this.keyFor(node, segments[i]);
			this.noteKey(node, segment);
			const child = hasOwn(node, segment) ? node[segment] : undefined;
			if (!isPlainObject(child)) {
				node[segment] = Array.isArray(child) ? arrayToObject(child) : {};
			}
			node = node[segment] as FormObject;
		}
		this.set(node, this.keyFor(node, segments[last]), value);
	}

	/** The key a segment names in `node`; an empty one (`a[]`) takes the next index. */
	private keyFor(node: FormObject, segment: string): string {
		return segment === '' ? this.implicitIndex(node) : segment;
	}

	normaliseInput(value: unknown, depth: number): FormValue | undefined {
		if (typeof value === 'string') return value;
		if (typeof value === 'number' || typeof value === 'boolean') return String(value);
		// undefined, null, functions and symbols carry no form value.
		if (typeof value !== 'object' || value === null) return undefined;
		if (depth > this.limits.maxDepth) {
			throw new FormLimitError(`a field is nested deeper than ${this.limits.maxDepth} levels`);
		}
		if (Array.isArray(value)) {
			if (value.length > this.limits.maxIndex + 1) {
				throw new FormLimitError(`a list has more than ${this.limits.maxIndex + 1} values`);
			}
			const items: FormValue[] = [];
			for (const item of value) {
				const normalised = this.normaliseInput(item, depth + 1);
				if (normalised !== undefined) items.push(normalised);
			}
			return items;
		}
		const result: FormObject = {};
		for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
			if (FORBIDDEN_SEGMENTS.has(key)) continue;
			this.countKey();
			const normalised = this.normaliseInput(child, depth + 1);
			if (normalised !== undefined) this.assignKey(result, key, normalised);
		}
		return result;
	}

	assignKey(target: FormObject, key: string, value: FormValue): void {
		const segments = splitBracketKey(key);
		// A repeated flat key such as `a[]=1&a[]=2` arrives from querystring as one key with an array value.
		if (segments[segments.length - 1] === '' && Array.isArray(value)) {
			for (const item of value) {
				this.countKey();
				this.assignPath(target, segments, item);
			}
			return;
		}
		this.assignPath(target, segments, value);
	}
}

function arrayToObject(values: FormValue[]): FormObject {
	const result: FormObject = {};
	values.forEach((value, index) => {
		result[String(index)] = value;
	});
	return result;
}

/** Objects whose keys are exactly 0..n-1 become arrays (recursively); sparse numeric keys stay objects. */
export function densifyArrays(value: FormValue): FormValue {
	if (Array.isArray(value)) return value.map(densifyArrays);
	if (!isPlainObject(value)) return value;
	const keys = Object.keys(value);
	// Integer keys come first and ascending from Object.keys, so 0..n-1 is a single pass.
	const dense = keys.length > 0 && keys.every((key, index) => key === String(index));
	if (dense) return keys.map((key) => densifyArrays(value[key]));
	const converted: FormObject = {};
	for (const key of keys) converted[key] = densifyArrays(value[key]);
	return converted;
}

/**
 * Re-nest a form body. Accepts flat bracket keys (`{"data[LINE]": "1"}`), an already nested body, or a
 * mix of both. Scalars stay strings (form encoding has no types); dense numeric keys become arrays.
 * Linear in the size of the body; throws {@link FormLimitError} past {@link DEFAULT_FORM_LIMITS}.
 */
export function nestBracketForm(
	body: unknown,
	limits: FormLimits = DEFAULT_FORM_LIMITS,
): FormObject {
	if (!isPlainObject(body)) return {};
	return nestEntries(Object.entries(body as Record<string, unknown>), limits);
}

function nestEntries(entries: Iterable<[string, unknown]>, limits: FormLimits): FormObject {
	const nester = new Nester(limits);
	const result: FormObject = {};
	for (const [key, raw] of entries) {
		if (!(Array.isArray(raw) && key.endsWith('[]'))) nester.countKey();
		const value = nester.normaliseInput(raw, splitBracketKey(key).length);
		if (value === undefined) continue;
		nester.assignKey(result, key, value);
	}
	return densifyArrays(result) as FormObject;
}

/** Split a query string into decoded `[key, value]` pairs (repeated keys stay repeated), lazily. */
export function* formPairs(query: string): Generator<[string, string]> {
	let position = 0;
	while (position <= query.length) {
		let end = query.indexOf('&', position);
		if (end === -1) end = query.length;
		const part = query.slice(position, end);
		position = end + 1;
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rawKey = eq === -1 ? part : part.slice(0, eq);
		const rawValue = eq === -1 ? '' : part.slice(eq + 1);
		yield [decodeFormComponent(rawKey), decodeFormComponent(rawValue)];
	}
}

/** Parse an `application/x-www-form-urlencoded` string into a nested object. */
export function parseBracketQuery(
	query: string,
	limits: FormLimits = DEFAULT_FORM_LIMITS,
): FormObject {
	// A Map keeps `__proto__` and friends ordinary keys; repeated keys collect into one list (pushed,
	// not copied, so n repeats cost n).
	const flat = new Map<string, string | string[]>();
	let count = 0;
	for (const [key, value] of formPairs(query)) {
		count += 1;
		if (count > limits.maxKeys) {
			throw new FormLimitError(`the body has more than ${limits.maxKeys} fields`, 413);
		}
		const existing = flat.get(key);
		if (existing === undefined) flat.set(key, value);
		else if (Array.isArray(existing)) existing.push(value);
		else flat.set(key, [existing, value]);
	}
	return nestEntries(flat.entries(), limits);
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
	if (value instanceof Date) {
		out.push(`${prefix}=${encodeValue(value.toISOString())}`);
		return;
	}
	// Objects and lists alike: the entries of a list are its indices.
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
