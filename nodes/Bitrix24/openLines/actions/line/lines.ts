import type { IDataObject } from 'n8n-workflow';

import { type Bitrix24Context, bitrix24ApiRequest } from '../../../transport';

const LINES_PAGE = 200;

/** Lines from `imopenlines.config.list.get` (offset paging, up to 200 per call), stopping at `limit`. */
export async function listLines(
	this: Bitrix24Context,
	options: { limit?: number; filter?: IDataObject; queue?: boolean; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const lines: IDataObject[] = [];
	for (let offset = 0; ; offset += LINES_PAGE) {
		const pageSize =
			options.limit === undefined ? LINES_PAGE : Math.min(LINES_PAGE, options.limit - lines.length);
		if (pageSize <= 0) break;
		const params: IDataObject = {
			PARAMS: {
				order: { ID: 'ASC' },
				limit: pageSize,
				offset,
				...(options.filter ? { filter: options.filter } : {}),
			},
		};
		if (options.queue) params.OPTIONS = { QUEUE: 'Y' };
		const result = await bitrix24ApiRequest.call(this, 'imopenlines.config.list.get', params, {
			itemIndex: options.itemIndex,
		});
		const page = Array.isArray(result)
			? (result as IDataObject[])
			: typeof result === 'object' && result !== null
				? (Object.values(result) as IDataObject[])
				: [];
		lines.push(...page);
		if (page.length < pageSize) break;
	}
	return lines;
}
