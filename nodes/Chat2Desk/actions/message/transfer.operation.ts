import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, idField, operatorField, operatorGroupField } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('messageId', 'Message ID', 'ID of a message of the dialog to transfer'),
	{
		displayName: 'Transfer To',
		name: 'transferTo',
		type: 'options',
		options: [
			{ name: 'Operator', value: 'operator' },
			{ name: 'Operator Group', value: 'group' },
		],
		default: 'operator',
	},
	{ ...operatorField(), required: true, displayOptions: { show: { transferTo: ['operator'] } } },
	{ ...operatorGroupField(), required: true, displayOptions: { show: { transferTo: ['group'] } } },
	{
		displayName: 'Force Assign',
		name: 'forceAssign',
		type: 'boolean',
		default: false,
		description: 'Whether to assign even when the operator is offline or busy',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['transfer'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const messageId = getId.call(this, 'messageId', i, 'Message ID');
	const target = this.getNodeParameter('transferTo', i) as 'operator' | 'group';
	const forceAssign = this.getNodeParameter('forceAssign', i, false) as boolean;
	const qs: IDataObject =
		target === 'operator'
			? { operator_id: getId.call(this, 'operatorId', i, 'Operator') }
			: { group_id: getId.call(this, 'groupId', i, 'Operator Group') };
	if (forceAssign) qs.force_assign = true;
	const path = target === 'operator' ? 'transfer' : 'transfer_to_group';
	const data = await chat2DeskApiRequest.call(
		this,
		'GET',
		`/v1/messages/${messageId}/${path}`,
		{ qs },
		{ itemIndex: i },
	);
	return { messageId, ...qs, ...asObject(data) };
}
