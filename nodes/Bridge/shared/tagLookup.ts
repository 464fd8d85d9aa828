import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { chat2DeskApiRequest } from '../../Chat2Desk/transport';
import { normaliseId, type Id } from '../domain/ids';
import { sourcesNeeded, tagIdsOf, type TagSource } from '../domain/tagRules';

export interface ItemTags {
	clientId?: Id;
	requestId?: Id;
	clientTagIds: Id[];
	requestTagIds: Id[];
	/** Notes for the output, e.g. when Chat2Desk returned no `tags` field for a request. */
	warnings: string[];
}

interface Lookup {
	tagIds: Id[];
	present: boolean;
}

function entityOf(data: unknown, nestedKey: string): unknown {
	const entity = Array.isArray(data) ? data[0] : data;
	if (entity && typeof entity === 'object' && !('tags' in entity)) {
		const nested = (entity as IDataObject)[nestedKey];
		if (nested && typeof nested === 'object') return nested;
	}
	return entity;
}

/**
 * Reads client tags (`GET /v1/clients/{id}` → `tags`) and request tags (`GET /v1/requests/{id}` →
 * `tags`, which Chat2Desk does not document: a missing field counts as "no tags" with a warning).
 * One instance per execution: every client and request is fetched once, however many items share it.
 */
export class TagLookup {
	private readonly cache = new Map<string, Lookup>();

	constructor(private readonly context: IExecuteFunctions) {}

	private async fetch(kind: 'clients' | 'requests', id: Id, itemIndex: number): Promise<Lookup> {
		const key = `${kind}:${id}`;
		const cached = this.cache.get(key);
		if (cached) return cached;
		const data = await chat2DeskApiRequest.call(
			this.context,
			'GET',
			`/v1/${kind}/${encodeURIComponent(String(id))}`,
			{},
			{ itemIndex },
		);
		const result = tagIdsOf(entityOf(data, kind === 'clients' ? 'client' : 'request'));
		this.cache.set(key, result);
		return result;
	}

	/** Tags of the item's client and/or request, as `source` needs them. */
	async forItem(
		source: TagSource,
		rawClientId: unknown,
		rawRequestId: unknown,
		itemIndex: number,
	): Promise<ItemTags> {
		const needed = sourcesNeeded(source);
		const clientId = needed.client ? normaliseId(rawClientId) : undefined;
		const requestId = needed.request ? normaliseId(rawRequestId) : undefined;
		const missing =
			(source === 'client' && clientId === undefined && 'Client ID') ||
			(source === 'request' && requestId === undefined && 'Request ID') ||
			(source === 'clientOrRequest' &&
				clientId === undefined &&
				requestId === undefined &&
				'Client ID or Request ID');
		if (missing) {
			const example = source === 'request' ? '{{ $json.requestId }}' : '{{ $json.clientId }}';
			throw new NodeOperationError(this.context.getNode(), `${missing} is empty`, {
				itemIndex,
				description: `The tag source needs it. Map it from the Chat2Desk Trigger output, e.g. ${example}.`,
			});
		}

		const result: ItemTags = {
			clientId,
			requestId,
			clientTagIds: [],
			requestTagIds: [],
			warnings: [],
		};
		if (clientId !== undefined) {
			const client = await this.fetch('clients', clientId, itemIndex);
			result.clientTagIds = client.tagIds;
		}
		if (requestId !== undefined) {
			const request = await this.fetch('requests', requestId, itemIndex);
			result.requestTagIds = request.tagIds;
			if (!request.present) {
				result.warnings.push(
					`Chat2Desk returned no tags field for request ${requestId}; it was treated as having no tags`,
				);
			}
		}
		return result;
	}
}
