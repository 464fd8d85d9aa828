import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type ResourceMap, route } from '../../shared/router';
import { resources } from './description';

/** Dispatch the Open Lines node's items to `<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, resources as unknown as ResourceMap);
}
