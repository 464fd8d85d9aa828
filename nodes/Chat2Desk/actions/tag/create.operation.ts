import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { asObject, compact } from '../../domain/params';
import { chat2DeskApiRequest } from '../../transport';
import { getId, tagGroupField } from '../common.descriptions';

/** Chat2Desk limits tag labels to 20 characters. */
const MAX_LABEL_LENGTH = 20;

const properties: INodeProperties[] = [
	tagGroupField(),
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		description: 'Tag text, at most 20 characters',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Background Color', name: 'bgColor', type: 'color', default: '#000000' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Display Order',
				name: 'orderShow',
				type: 'number',
				default: 0,
				description: 'Position of the tag in its group',
			},
			{ displayName: 'Text Color', name: 'textColor', type: 'color', default: '#ffffff' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['create'] } },
	properties,
);

function hex(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value.trim().replace(/^#/, '').toLowerCase();
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const label = (this.getNodeParameter('label', i) as string).trim();
	if (label === '' || label.length > MAX_LABEL_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`The tag label must have 1 to ${MAX_LABEL_LENGTH} characters, got ${label.length}`,
			{ itemIndex: i },
		);
	}
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body = compact({
		tag_group_id: getId.call(this, 'tagGroupId', i, 'Tag Group'),
		tag_label: label,
		tag_description: fields.description,
		tag_bg_color: hex(fields.bgColor),
		tag_text_color: hex(fields.textColor),
		order_show: fields.orderShow,
	});
	return asObject(
		await chat2DeskApiRequest.call(this, 'POST', '/v1/tags', { body }, { itemIndex: i }),
	);
}
