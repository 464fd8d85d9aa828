import { idKey, normaliseIdList, type Id } from './ids';

/**
 * The seed's "Tags" setting: don't process tags / accept only tagged / reject tagged, applied to the
 * client's tags, the request's tags or both.
 */

export type TagMode = 'ignoreTags' | 'acceptTagged' | 'rejectTagged';
export type TagSource = 'client' | 'request' | 'clientOrRequest';
export type TagMatch = 'any' | 'all';

export const TAG_MODES: readonly TagMode[] = ['ignoreTags', 'acceptTagged', 'rejectTagged'];
export const TAG_SOURCES: readonly TagSource[] = ['client', 'request', 'clientOrRequest'];

export interface TagDecisionInput {
	mode: TagMode;
	/** The tags chosen in the node; empty means "any tag at all". */
	selectedTagIds?: unknown;
	clientTagIds?: unknown;
	requestTagIds?: unknown;
	source?: TagSource;
	match?: TagMatch;
}

export interface TagDecision {
	passed: boolean;
	/** Whether the item counts as "tagged" under the chosen tags and match rule. */
	tagged: boolean;
	/** The chosen tags found on the item (or every tag of the item when no tag was chosen). */
	matchedTagIds: Id[];
	/** The tags that were looked at (client, request or both, per `source`). */
	consideredTagIds: Id[];
}

/** Whether the tag lookups for `source` need the client and/or the request. */
export function sourcesNeeded(source: TagSource): { client: boolean; request: boolean } {
	return { client: source !== 'request', request: source !== 'client' };
}

/** The tag ids of a Chat2Desk client or request object (`tags` as ids or `{id, …}` objects). */
export function tagIdsOf(entity: unknown): { tagIds: Id[]; present: boolean } {
	if (typeof entity !== 'object' || entity === null) return { tagIds: [], present: false };
	const tags = (entity as { tags?: unknown }).tags;
	if (tags === undefined || tags === null) return { tagIds: [], present: false };
	return { tagIds: normaliseIdList(tags), present: true };
}

/** Decides whether an item passes the tag filter. Pure: no lookups, no clock. */
export function decideTags(input: TagDecisionInput): TagDecision {
	const source = input.source ?? 'client';
	const needed = sourcesNeeded(source);
	const considered = normaliseIdList([
		...(needed.client ? normaliseIdList(input.clientTagIds) : []),
		...(needed.request ? normaliseIdList(input.requestTagIds) : []),
	]);
	if (input.mode === 'ignoreTags') {
		return {
			passed: true,
			tagged: considered.length > 0,
			matchedTagIds: [],
			consideredTagIds: considered,
		};
	}

	const selected = normaliseIdList(input.selectedTagIds);
	const present = new Set(considered.map((id) => String(id)));
	let matched: Id[];
	let tagged: boolean;
	if (selected.length === 0) {
		matched = considered;
		tagged = considered.length > 0;
	} else {
		matched = selected.filter((id) => present.has(String(id)));
		tagged = input.match === 'all' ? matched.length === selected.length : matched.length > 0;
	}
	const passed = input.mode === 'acceptTagged' ? tagged : !tagged;
	return { passed, tagged, matchedTagIds: matched, consideredTagIds: considered };
}

/** Whether `tagIds` contains `tagId`, whatever the spelling of either. */
export function hasTag(tagIds: unknown, tagId: unknown): boolean {
	const key = idKey(tagId);
	return key !== undefined && normaliseIdList(tagIds).some((id) => String(id) === key);
}
