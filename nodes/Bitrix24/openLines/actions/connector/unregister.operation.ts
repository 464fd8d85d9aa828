import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

const properties: INodeProperties[] = [connectorField];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['unregister'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-unregister.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	await bitrix24ApiRequest.call(
		this,
		'imconnector.unregister',
		{ ID: connector },
		{ itemIndex: i },
	);
	return { connector: connector.toLowerCase(), unregistered: true };
}
