import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { connectorField, lineField, readLine } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';

const properties: INodeProperties[] = [connectorField, lineField];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getStatus'] } },
	properties,
);

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-status.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const connector = (this.getNodeParameter('connector', i) as string).trim();
	const line = readLine.call(this, i);
	const result = (await bitrix24ApiRequest.call(
		this,
		'imconnector.status',
		{ CONNECTOR: connector, LINE: line },
		{ itemIndex: i },
	)) as IDataObject;
	return {
		connector: (result?.CONNECTOR as string) ?? connector,
		line: result?.LINE !== undefined ? String(result.LINE) : line,
		active: result?.STATUS === true,
		configured: result?.CONFIGURED === true,
		error: result?.ERROR === true,
		raw: result,
	};
}
