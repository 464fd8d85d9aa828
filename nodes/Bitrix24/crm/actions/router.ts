import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type ResourceMap, route } from '../../shared/router';
import { resources } from './description';

/** Dispatch the CRM node's items to `record/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, resources as unknown as ResourceMap);
}
