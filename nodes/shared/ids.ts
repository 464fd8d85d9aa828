/**
 * Chat2Desk and Bitrix24 ids arrive as numbers, numeric strings (`"379158"`, from expressions and
 * dropdowns) or `{id, …}` objects (tags embedded in a client). These helpers make them comparable.
 */

export type Id = number | string;

/** `7`, `"7"`, `" 7 "` → `7`; other non-empty strings are kept trimmed; anything else → undefined. */
export function normaliseId(value: unknown): Id | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed === '') return undefined;
		return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value) {
		return normaliseId((value as { id: unknown }).id);
	}
	return undefined;
}

/** Key under which two spellings of the same id compare equal. */
export function idKey(value: unknown): string | undefined {
	const id = normaliseId(value);
	return id === undefined ? undefined : String(id);
}

/**
 * A short, stable hash (16 hex characters, two FNV-1a passes over the UTF-16 code units) for ids that
 * must be the same every time the same input is seen, e.g. message ids that make a redelivered
 * notice recognisable. Not a security hash.
 */
export function stableHash(value: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		a = Math.imul(a ^ code, 0x01000193) >>> 0;
		b = Math.imul(b ^ code, 0x01000193) >>> 0;
		b = (b ^ (b >>> 15)) >>> 0;
	}
	return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
