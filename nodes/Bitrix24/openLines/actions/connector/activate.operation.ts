import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

const properties: INodeProperties[] = [connectorField, lineField];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['activate'] } },
	properties,
);

/** Switch the connector on or off for a line (`imconnector.activate`, ACTIVE=1/0). */
export async function setActive(
	this: IExecuteFunctions,
	i: number,
	active: boolean,
): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	await bitrix24ApiRequest.call(
		this,
		'imconnector.activate',
		{ CONNECTOR: connector, LINE: line, ACTIVE: active ? 1 : 0 },
		{ itemIndex: i },
	);
	return { connector, line, active };
}

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-activate.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await setActive.call(this, i, true);
}
