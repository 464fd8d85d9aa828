import type { IDataObject } from 'n8n-workflow';

/**
 * Tags of a Chat2Desk client or request as `{id, name}`: Chat2Desk embeds them as tag objects
 * (`{id, label, group_name, …}`) or, for requests, possibly as bare ids. Pure.
 */

export interface NamedTag extends IDataObject {
	id: number | string;
	/** The tag's label; empty when Chat2Desk gave only the id and the tag list does not know it. */
	name: string;
	group: string;
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function idOf(value: unknown): number | string | undefined {
	const raw = isObject(value) ? value.id : value;
	// Number.isFinite does not coerce: it is true for finite numbers only, never for text or NaN.
	if (Number.isFinite(raw)) return raw as number;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	if (text === '') return undefined;
	return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/** The entity's tags, each once, in Chat2Desk's order; `present` is false when it had no `tags` field. */
export function tagsOf(
	entity: unknown,
	names: ReadonlyMap<string, NamedTag> = new Map(),
): { tags: NamedTag[]; present: boolean } {
	const source = isObject(entity) && !('tags' in entity) && isObject(entity.request)
		? entity.request
		: entity;
	const list = isObject(source) ? source.tags : undefined;
	if (!Array.isArray(list)) return { tags: [], present: false };
	const seen = new Set<string>();
	const tags: NamedTag[] = [];
	for (const entry of list) {
		const id = idOf(entry);
		if (id === undefined || seen.has(String(id))) continue;
		seen.add(String(id));
		const known = names.get(String(id));
		const label = isObject(entry) ? (entry.label ?? entry.name) : undefined;
		const group = isObject(entry) ? entry.group_name : undefined;
		tags.push({
			id,
			name: typeof label === 'string' ? label : (known?.name ?? ''),
			group: typeof group === 'string' ? group : (known?.group ?? ''),
		});
	}
	return { tags, present: true };
}

/** Whether any tag needs its name from the tag list. */
export function needsNames(tags: NamedTag[]): boolean {
	return tags.some((tag) => tag.name === '');
}

/** `id → tag` from `GET /v1/tags` rows. */
export function tagDirectory(rows: unknown[]): Map<string, NamedTag> {
	const directory = new Map<string, NamedTag>();
	for (const row of rows) {
		const { tags } = tagsOf({ tags: [row] });
		if (tags[0]) directory.set(String(tags[0].id), tags[0]);
	}
	return directory;
}

/** Client and request tags together, each tag once (client tags first). */
export function unionTags(...lists: NamedTag[][]): NamedTag[] {
	const seen = new Set<string>();
	return lists.flat().filter((tag) => {
		if (seen.has(String(tag.id))) return false;
		seen.add(String(tag.id));
		return true;
	});
}
