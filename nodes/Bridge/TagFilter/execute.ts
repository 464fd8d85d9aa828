import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	decideTags,
	TAG_MODES,
	type TagMatch,
	type TagMode,
	type TagSource,
} from '../domain/tagRules';
import { errorFields, toNodeError } from '../shared/errors';
import { TagLookup } from '../shared/tagLookup';

/**
 * Splits items into "Passed" and "Filtered Out" by the tags of their Chat2Desk client and/or request.
 * Items keep their data and gain `tagFilter`; every client/request is fetched once per execution.
 */
export async function executeTagFilter(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const passed: INodeExecutionData[] = [];
	const filteredOut: INodeExecutionData[] = [];
	const lookup = new TagLookup(this);

	for (let i = 0; i < items.length; i++) {
		try {
			const mode = this.getNodeParameter('mode', i) as TagMode;
			if (!TAG_MODES.includes(mode)) {
				throw new NodeOperationError(this.getNode(), `Unknown mode "${mode}"`, { itemIndex: i });
			}
			if (mode === 'ignoreTags') {
				const tagFilter = { mode, matchedTagIds: [], clientTagIds: [], requestTagIds: [] };
				passed.push({
					...items[i],
					json: { ...items[i].json, tagFilter },
					pairedItem: { item: i },
				});
				continue;
			}
			const source = this.getNodeParameter('tagSource', i) as TagSource;
			const tags = await lookup.forItem(
				source,
				source === 'request' ? undefined : this.getNodeParameter('clientId', i, ''),
				source === 'client' ? undefined : this.getNodeParameter('requestId', i, ''),
				i,
			);
			const decision = decideTags({
				mode,
				source,
				selectedTagIds: this.getNodeParameter('tagIds', i, []),
				match: this.getNodeParameter('options.tagMatch', i, 'any') as TagMatch,
				clientTagIds: tags.clientTagIds,
				requestTagIds: tags.requestTagIds,
			});
			const tagFilter: IDataObject = {
				mode,
				matchedTagIds: decision.matchedTagIds,
				clientTagIds: tags.clientTagIds,
				requestTagIds: tags.requestTagIds,
			};
			if (tags.warnings.length > 0) tagFilter.warnings = tags.warnings;
			const item = { ...items[i], json: { ...items[i].json, tagFilter }, pairedItem: { item: i } };
			(decision.passed ? passed : filteredOut).push(item);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError.call(this, error, i);
			filteredOut.push({
				...items[i],
				json: { ...items[i].json, ...errorFields(error) },
				pairedItem: { item: i },
			});
		}
	}
	return [passed, filteredOut];
}
