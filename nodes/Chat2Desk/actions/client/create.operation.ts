import {
	NodeApiError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { parseExistingClientId } from '../../domain/envelope';
import { asObject, compact } from '../../domain/params';
import { normalisePhone } from '../../../shared/domain/phone';
import { chat2DeskApiRequest } from '../../transport';
import { channelField, toOptionalId, transportField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '79001234567',
		description: 'Phone number of the client; formatting is removed and only digits are sent',
	},
	{ ...transportField(), required: true },
	{
		displayName: 'If Client Exists',
		name: 'ifExists',
		type: 'options',
		options: [
			{
				name: 'Return Existing Client',
				value: 'returnExisting',
				description: 'Fetch and return the client Chat2Desk already has',
			},
			{ name: 'Error', value: 'error', description: 'Fail the item' },
		],
		default: 'returnExisting',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assigned Phone',
				name: 'assignedPhone',
				type: 'string',
				default: '',
				description: 'A real phone number to store on the client card',
			},
			channelField(),
			{
				displayName: 'Nickname',
				name: 'nickname',
				type: 'string',
				default: '',
				description: 'Name shown for the client in Chat2Desk',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body = compact({
		phone: normalisePhone(this.getNodeParameter('phone', i)),
		transport: this.getNodeParameter('transport', i) as string,
		channel_id: toOptionalId.call(this, fields.channelId, 'Channel', i),
		nickname: fields.nickname,
		assigned_phone: normalisePhone(fields.assignedPhone),
	});
	try {
		// A repeated create answers 400 "Client already exist", so retrying it cannot duplicate.
		const data = await chat2DeskApiRequest.call(
			this,
			'POST',
			'/v1/clients',
			{ body },
			{
				itemIndex: i,
				idempotent: true,
			},
		);
		return asObject(data);
	} catch (error) {
		const existingId =
			error instanceof NodeApiError && error.httpCode === '400'
				? parseExistingClientId(error.errorResponse)
				: undefined;
		if (existingId === undefined || this.getNodeParameter('ifExists', i) === 'error') {
			throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
		}
		return asObject(
			await chat2DeskApiRequest.call(
				this,
				'GET',
				`/v1/clients/${existingId}`,
				{},
				{ itemIndex: i },
			),
		);
	}
}
