import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chat2DeskApiRequest } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['getCustomFields'] } },
	properties,
);

/** The company's custom client-card field definitions, one item each. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const data = await chat2DeskApiRequest.call(
		this,
		'GET',
		'/v1/custom_client_fields',
		{},
		{ itemIndex: i },
	);
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}
