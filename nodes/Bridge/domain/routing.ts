import { idKey, normaliseId, normaliseIdList, type Id } from './ids';

/**
 * The seed's "Open Lines logic": which Bitrix24 Open Line receives a client's messages, chosen by the
 * Chat2Desk channel or by a (client or request) tag. Routes are checked in the order listed; the first
 * match wins; without a match the default line is used, and without a default the item is unrouted.
 */

export type RoutingLogic = 'byChannel' | 'byTag';
export type RouteReason = 'channel' | 'tag' | 'default';

export interface ChannelRoute {
	channelId: unknown;
	lineId: unknown;
}

export interface TagRoute {
	tagId: unknown;
	lineId: unknown;
}

export interface RouteDecision {
	lineId: Id;
	reason: RouteReason;
	/** The channel that matched (reason `channel`). */
	channelId?: Id;
	/** The tag that matched (reason `tag`). */
	tagId?: Id;
	/** Position of the matching route in the list, from 0 (absent for `default`). */
	routeIndex?: number;
}

function fallback(defaultLine: unknown): RouteDecision | undefined {
	const lineId = normaliseId(defaultLine);
	return lineId === undefined ? undefined : { lineId, reason: 'default' };
}

/** Routes by Chat2Desk channel id. Routes without a channel or a line are skipped. */
export function routeByChannel(
	channelId: unknown,
	routes: ChannelRoute[],
	defaultLine?: unknown,
): RouteDecision | undefined {
	const key = idKey(channelId);
	if (key !== undefined) {
		for (const [routeIndex, route] of routes.entries()) {
			const lineId = normaliseId(route.lineId);
			if (lineId === undefined || idKey(route.channelId) !== key) continue;
			return { lineId, reason: 'channel', channelId: normaliseId(channelId), routeIndex };
		}
	}
	return fallback(defaultLine);
}

/** Routes by the first listed tag that the item carries. */
export function routeByTag(
	tagIds: unknown,
	routes: TagRoute[],
	defaultLine?: unknown,
): RouteDecision | undefined {
	const present = new Set(normaliseIdList(tagIds).map((id) => String(id)));
	for (const [routeIndex, route] of routes.entries()) {
		const tagKey = idKey(route.tagId);
		const lineId = normaliseId(route.lineId);
		if (tagKey === undefined || lineId === undefined || !present.has(tagKey)) continue;
		return { lineId, reason: 'tag', tagId: normaliseId(route.tagId), routeIndex };
	}
	return fallback(defaultLine);
}

/** Problems in a route table that the editor cannot prevent (empty rows, a channel listed twice). */
export function describeRouteProblems(
	routes: Array<ChannelRoute | TagRoute>,
	keyField: 'channelId' | 'tagId',
): string[] {
	const problems: string[] = [];
	const seen = new Map<string, number>();
	routes.forEach((route, index) => {
		const key = idKey((route as unknown as Record<string, unknown>)[keyField]);
		const label = keyField === 'channelId' ? 'channel' : 'tag';
		if (key === undefined) problems.push(`Route ${index + 1} has no ${label}`);
		if (normaliseId(route.lineId) === undefined)
			problems.push(`Route ${index + 1} has no Open Line`);
		if (key === undefined) return;
		const first = seen.get(key);
		if (first !== undefined) {
			problems.push(
				`Route ${index + 1} repeats the ${label} of route ${first + 1} and is never used`,
			);
		} else seen.set(key, index);
	});
	return problems;
}
