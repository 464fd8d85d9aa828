import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { normalisePhone, pickClientByPhone } from '../../../shared/domain/phone';
import { chat2DeskApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+7 (900) 123-45-67',
		description: 'Phone number in any format; only its digits are used',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['findByPhone'] } },
	properties,
);

/** Returns the matching client, or no item when none matches. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const raw = this.getNodeParameter('phone', i, '') as string;
	const phone = normalisePhone(raw);
	if (phone === '') {
		throw new NodeOperationError(this.getNode(), `"${raw}" contains no digits of a phone number`, {
			itemIndex: i,
		});
	}
	const rows = await chat2DeskApiRequest.call(
		this,
		'GET',
		'/v1/clients',
		{ qs: { phone, limit: 20 } },
		{ itemIndex: i },
	);
	const match = pickClientByPhone(Array.isArray(rows) ? (rows as IDataObject[]) : [], phone);
	return match ? [match] : [];
}
