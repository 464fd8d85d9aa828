import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../domain/params';
import { getId, tagsField } from '../common.descriptions';

/** Shared fields of "assign" and "remove": what the tags are on, its id, and the tags. */
export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Tag Target',
		name: 'target',
		type: 'options',
		options: [
			{ name: 'Client', value: 'client' },
			{ name: 'Request', value: 'request' },
		],
		default: 'client',
		description: 'Whether the tags belong to a client or to a request (one conversation)',
	},
	{
		displayName: 'Client or Request ID',
		name: 'targetId',
		type: 'string',
		required: true,
		default: '',
		description: 'ID of the client or of the request, depending on the tag target',
	},
	tagsField(),
];

export function readTarget(
	this: IExecuteFunctions,
	i: number,
): { target: 'client' | 'request'; targetId: number; tagIds: number[] } {
	const target = this.getNodeParameter('target', i) as 'client' | 'request';
	const targetId = getId.call(
		this,
		'targetId',
		i,
		target === 'client' ? 'Client ID' : 'Request ID',
	);
	const { ids, invalid } = parseIdList(this.getNodeParameter('tagIds', i, []));
	if (invalid.length > 0 || ids.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			invalid.length > 0 ? `Invalid tag IDs: ${invalid.join(', ')}` : 'Choose at least one tag',
			{ itemIndex: i },
		);
	}
	return { target, targetId, tagIds: ids };
}
