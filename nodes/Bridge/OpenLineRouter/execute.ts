import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { listLines } from '../../Bitrix24/openLines/actions/line/lines';
import { normaliseIdList } from '../domain/ids';
import {
	describeRouteProblems,
	routeByChannel,
	routeByTag,
	type ChannelRoute,
	type RouteDecision,
	type RoutingLogic,
	type TagRoute,
} from '../domain/routing';
import type { TagSource } from '../domain/tagRules';
import { errorFields, toNodeError } from '../shared/errors';
import { TagLookup } from '../shared/tagLookup';

/** `ID → LINE_NAME` of every Open Line of the portal. */
async function loadLineNames(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<Map<string, string>> {
	const rows = await listLines.call(this, { itemIndex });
	return new Map(rows.map((row) => [String(row.ID), String(row.LINE_NAME ?? '')]));
}

function openLineOf(decision: RouteDecision): IDataObject {
	const openLine: IDataObject = { lineId: decision.lineId, reason: decision.reason };
	if (decision.channelId !== undefined) openLine.channelId = decision.channelId;
	if (decision.tagId !== undefined) openLine.tagId = decision.tagId;
	return openLine;
}

/**
 * Chooses the Bitrix24 Open Line for each item by Chat2Desk channel or by tag ("Open Lines logic").
 * Routed items gain `openLine: {lineId, reason, lineName?}`; the rest go out unchanged as Unrouted.
 */
export async function executeOpenLineRouter(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const routed: INodeExecutionData[] = [];
	const unrouted: INodeExecutionData[] = [];
	const lookup = new TagLookup(this);
	let lineNames: Map<string, string> | undefined;
	let warned = false;

	for (let i = 0; i < items.length; i++) {
		try {
			const logic = this.getNodeParameter('logic', i) as RoutingLogic;
			const defaultLine = this.getNodeParameter('defaultLine', i, '');
			let decision: RouteDecision | undefined;
			if (logic === 'byChannel') {
				const routes = this.getNodeParameter('channelRoutes.routes', i, []) as ChannelRoute[];
				if (!warned) describeRouteProblems(routes, 'channelId').forEach((p) => this.logger.warn(p));
				decision = routeByChannel(this.getNodeParameter('channelId', i, ''), routes, defaultLine);
			} else if (logic === 'byTag') {
				const routes = this.getNodeParameter('tagRoutes.routes', i, []) as TagRoute[];
				if (!warned) describeRouteProblems(routes, 'tagId').forEach((p) => this.logger.warn(p));
				let tagIds: unknown[] = [];
				if (routes.length > 0) {
					const source = this.getNodeParameter('tagSource', i) as TagSource;
					const tags = await lookup.forItem(
						source,
						source === 'request' ? undefined : this.getNodeParameter('clientId', i, ''),
						source === 'client' ? undefined : this.getNodeParameter('requestId', i, ''),
						i,
					);
					tagIds = normaliseIdList([...tags.clientTagIds, ...tags.requestTagIds]);
				}
				decision = routeByTag(tagIds, routes, defaultLine);
			} else {
				throw new NodeOperationError(this.getNode(), `Unknown logic "${logic}"`, { itemIndex: i });
			}
			warned = true;

			if (!decision) {
				unrouted.push({ ...items[i], pairedItem: { item: i } });
				continue;
			}
			const openLine = openLineOf(decision);
			if (this.getNodeParameter('options.includeLineName', i, false) as boolean) {
				lineNames ??= await loadLineNames.call(this, i);
				const name = lineNames.get(String(decision.lineId));
				if (name) openLine.lineName = name;
			}
			routed.push({ ...items[i], json: { ...items[i].json, openLine }, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError.call(this, error, i);
			unrouted.push({
				...items[i],
				json: { ...items[i].json, ...errorFields(error) },
				pairedItem: { item: i },
			});
		}
	}
	return [routed, unrouted];
}
