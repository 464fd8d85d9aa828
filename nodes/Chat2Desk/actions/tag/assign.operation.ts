import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { readTarget, targetProperties } from './target';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['assign'] } },
	targetProperties as INodeProperties[],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { target, targetId, tagIds } = readTarget.call(this, i);
	const body = { tag_ids: tagIds, assignee_type: target, assignee_id: targetId };
	// Assigning the same tags twice changes nothing, so a retry after a server error is safe.
	const data = await chat2DeskApiRequest.call(
		this,
		'POST',
		'/v1/tags/assign_to',
		{ body },
		{
			itemIndex: i,
			idempotent: true,
		},
	);
	return { target, targetId, tagIds, ...asObject(data) };
}
