import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { needsNames, tagDirectory, tagsOf, unionTags, type NamedTag } from '../../domain/tags';
import { chat2DeskApiRequest, chat2DeskApiRequestAllItems } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 17340089',
		description: 'Chat2Desk client whose tags to read. Empty: no client tags.',
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5407',
		description: 'Chat2Desk request whose tags to read. Empty: no request tags.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['getAssigned'] } },
	properties,
);

interface ExecutionCache {
	entities: Map<string, Promise<{ tags: NamedTag[]; present: boolean }>>;
	directory?: Promise<Map<string, NamedTag>>;
}

/** One cache per node run: items that share a client or request cost one call between them. */
const caches = new WeakMap<object, ExecutionCache>();

function cacheOf(context: IExecuteFunctions): ExecutionCache {
	let cache = caches.get(context);
	if (!cache) {
		cache = { entities: new Map() };
		caches.set(context, cache);
	}
	return cache;
}

const idText = (value: unknown): string => String(value ?? '').trim();

async function readTags(
	this: IExecuteFunctions,
	kind: 'clients' | 'requests',
	id: string,
	itemIndex: number,
): Promise<{ tags: NamedTag[]; present: boolean }> {
	const cache = cacheOf(this);
	const key = `${kind}:${id}`;
	let pending = cache.entities.get(key);
	if (!pending) {
		pending = (async () => {
			const data = await chat2DeskApiRequest.call(
				this,
				'GET',
				`/v1/${kind}/${encodeURIComponent(id)}`,
				{},
				{ itemIndex },
			);
			const entity = Array.isArray(data) ? data[0] : data;
			const read = tagsOf(entity);
			if (!needsNames(read.tags)) return read;
			cache.directory ??= chat2DeskApiRequestAllItems
				.call(this, '/v1/tags', {}, undefined, { itemIndex })
				.then((rows) => tagDirectory(rows));
			return tagsOf(entity, await cache.directory);
		})();
		cache.entities.set(key, pending);
	}
	return await pending;
}

/**
 * The tags of a client and of a request, with their names
 * (https://help.chat2desk.com.br/api-and-webhooks/clients-get): what a template's tag filter and tag
 * routing compare with. Chat2Desk does not document a request's `tags`; a missing field counts as no
 * tags and says so in `warnings`.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const clientId = idText(this.getNodeParameter('clientId', i, ''));
	const requestId = idText(this.getNodeParameter('requestId', i, ''));
	const warnings: string[] = [];
	const clientTags = clientId === '' ? [] : (await readTags.call(this, 'clients', clientId, i)).tags;
	let requestTags: NamedTag[] = [];
	if (requestId !== '') {
		const read = await readTags.call(this, 'requests', requestId, i);
		requestTags = read.tags;
		if (!read.present) {
			warnings.push(
				`Chat2Desk returned no tags field for request ${requestId}; it was treated as having no tags`,
			);
		}
	}
	const result: IDataObject = {
		clientId: clientId === '' ? null : clientId,
		requestId: requestId === '' ? null : requestId,
		clientTags,
		requestTags,
		tags: unionTags(clientTags, requestTags),
	};
	if (warnings.length > 0) result.warnings = warnings;
	return result;
}
