import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject, buildCustomFields, compact } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { customFieldField, getId, idField, updateFieldsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('clientId', 'Client ID', 'ID of the Chat2Desk client to update'),
	updateFieldsCollection([
		{ displayName: 'Comment', name: 'comment', type: 'string', default: '' },
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
		{ displayName: 'Extra Comment 1', name: 'extraComment1', type: 'string', default: '' },
		{ displayName: 'Extra Comment 2', name: 'extraComment2', type: 'string', default: '' },
		{ displayName: 'Extra Comment 3', name: 'extraComment3', type: 'string', default: '' },
		{
			displayName: 'Nickname',
			name: 'nickname',
			type: 'string',
			default: '',
			description: 'Name shown for the client in Chat2Desk',
		},
	]),
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					customFieldField(),
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['client'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const clientId = getId.call(this, 'clientId', i, 'Client ID');
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body = compact({
		nickname: fields.nickname,
		comment: fields.comment,
		extra_comment_1: fields.extraComment1,
		extra_comment_2: fields.extraComment2,
		extra_comment_3: fields.extraComment3,
		external_id: fields.externalId,
		custom_fields: buildCustomFields(this.getNodeParameter('customFields', i, {})),
	});
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
			itemIndex: i,
		});
	}
	return asObject(
		await chat2DeskApiRequest.call(
			this,
			'PUT',
			`/v1/clients/${clientId}`,
			{ body },
			{ itemIndex: i },
		),
	);
}
