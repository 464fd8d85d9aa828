import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField, lineField } from '../../../shared/descriptions';
import { setActive } from './activate.operation';

const properties: INodeProperties[] = [connectorField, lineField];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['deactivate'] } },
	properties,
);

/** `imconnector.activate` with ACTIVE=0 (Bitrix24 has no separate deactivate method). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await setActive.call(this, i, false);
}
