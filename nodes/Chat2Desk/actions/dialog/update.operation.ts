import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject, compact } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import {
	getId,
	idField,
	operatorField,
	toOptionalId,
	updateFieldsCollection,
} from '../common.descriptions';
import { stateField } from './state';

const properties: INodeProperties[] = [
	idField('dialogId', 'Dialog ID', 'ID of the dialog'),
	updateFieldsCollection([
		{
			displayName: 'Force Assign',
			name: 'forceAssign',
			type: 'boolean',
			default: false,
			description: 'Whether to assign the operator even when they are offline or busy',
		},
		{
			...operatorField(),
			description:
				'Operator to assign the dialog to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		stateField,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dialog'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const dialogId = getId.call(this, 'dialogId', i, 'Dialog ID');
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body = compact({
		operator_id: toOptionalId.call(this, fields.operatorId, 'Operator', i),
		state: fields.state,
	});
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose an operator or a state to update', {
			itemIndex: i,
		});
	}
	if (fields.forceAssign === true) body.force_assign = true;
	return asObject(
		await chat2DeskApiRequest.call(
			this,
			'PUT',
			`/v1/dialogs/${dialogId}`,
			{ body },
			{ itemIndex: i },
		),
	);
}
