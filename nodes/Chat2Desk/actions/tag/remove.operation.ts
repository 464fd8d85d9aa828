import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chat2DeskApiRequest } from '../../transport';
import { readTarget, targetProperties } from './target';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['remove'] } },
	targetProperties as INodeProperties[],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { target, targetId, tagIds } = readTarget.call(this, i);
	const body = target === 'client' ? { client_id: targetId } : { request_id: targetId };
	for (const tagId of tagIds) {
		await chat2DeskApiRequest.call(
			this,
			'DELETE',
			`/v1/tags/${tagId}/delete_from`,
			{ body },
			{ itemIndex: i },
		);
	}
	return { target, targetId, removedTagIds: tagIds };
}
