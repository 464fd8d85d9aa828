import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getLines } from '../../Bitrix24/methods/loadOptions';
import { getChannels, getTags } from '../../Chat2Desk/methods/loadOptions';

/** The portal's Open Lines plus a "None" entry that leaves unmatched items unrouted. */
export async function getLinesOrNone(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lines = await getLines.call(this);
	return [{ name: 'None (Leave Unrouted)', value: '' }, ...lines];
}

/** Dropdowns come from the Chat2Desk (channels, tags) and Bitrix24 (Open Lines) nodes. */
export const tagFilterLoadOptions = { getTags };

export const routerLoadOptions = { getChannels, getTags, getLines, getLinesOrNone };
