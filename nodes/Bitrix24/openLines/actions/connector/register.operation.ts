import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { connectorField } from '../../../shared/descriptions';
import { bitrix24ApiRequest } from '../../../transport';
import { DEFAULT_CONNECTOR_ICON_COLOR, DEFAULT_CONNECTOR_ICON_SVG, svgDataUri } from './icon';

const properties: INodeProperties[] = [
	connectorField,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Chat2Desk',
		description: 'Name of the connector tile in the Contact Center',
	},
	{
		displayName: 'Placement Handler URL',
		name: 'placementHandler',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/connector-settings',
		description:
			'Page Bitrix24 opens when an administrator connects the tile to a line (required by Bitrix24; any public URL works when lines are activated from n8n)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Allow Deleting Client Messages',
				name: 'delExternalMessages',
				type: 'boolean',
				default: true,
				description: 'Whether operators may delete messages that came from the client',
			},
			{
				displayName: 'Allow Deleting Operator Messages',
				name: 'delInternalMessages',
				type: 'boolean',
				default: true,
				description:
					'Whether operators may delete their own sent messages (sends OnImConnectorMessageDelete)',
			},
			{
				displayName: 'Allow Editing Operator Messages',
				name: 'editInternalMessages',
				type: 'boolean',
				default: true,
				description:
					'Whether operators may edit their own sent messages (sends OnImConnectorMessageUpdate)',
			},
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
				description: 'Comment stored with the connector settings placement',
			},
			{
				displayName: 'Group Chats by Chat ID',
				name: 'chatGroup',
				type: 'boolean',
				default: false,
				description:
					'Whether one Open Line chat serves a whole external group chat. Turns off the CRM tracker for such dialogs; keep off for one-to-one messengers.',
			},
			{
				displayName: 'Icon Color',
				name: 'iconColor',
				type: 'color',
				default: DEFAULT_CONNECTOR_ICON_COLOR,
			},
			{
				displayName: 'Icon SVG',
				name: 'iconSvg',
				type: 'string',
				typeOptions: { rows: 4 },
				default: DEFAULT_CONNECTOR_ICON_SVG,
				description: 'SVG markup or a data URI for the tile icon',
			},
			{
				displayName: 'Newsletter',
				name: 'newsletter',
				type: 'boolean',
				default: true,
				description: 'Whether the connector may be used for mass mailings',
			},
			{
				displayName: 'Send Operator Name (Signature)',
				name: 'needSignature',
				type: 'boolean',
				default: true,
				description:
					'Whether Bitrix24 prefixes operator messages with "[b]Name:[/b]". The trigger parses it into operatorName either way.',
			},
			{
				displayName: 'Send System Messages',
				name: 'needSystemMessages',
				type: 'boolean',
				default: true,
				description:
					'Whether automatic Open Line messages (welcome, rating requests) are sent to the client through the connector',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['register'] } },
	properties,
);

const FLAGS: Array<[string, string]> = [
	['needSignature', 'NEED_SIGNATURE'],
	['needSystemMessages', 'NEED_SYSTEM_MESSAGES'],
	['chatGroup', 'CHAT_GROUP'],
	['delExternalMessages', 'DEL_EXTERNAL_MESSAGES'],
	['editInternalMessages', 'EDIT_INTERNAL_MESSAGES'],
	['delInternalMessages', 'DEL_INTERNAL_MESSAGES'],
	['newsletter', 'NEWSLETTER'],
];

/** https://apidocs.bitrix24.com/api-reference/imopenlines/imconnector/imconnector-register.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const id = (this.getNodeParameter('connector', i) as string).trim();
	if (id.includes('.') || !/^[A-Za-z0-9_]+$/.test(id)) {
		throw new NodeOperationError(
			this.getNode(),
			'Connector ID may contain only letters, digits and underscores',
			{ itemIndex: i },
		);
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const params: IDataObject = {
		ID: id,
		NAME: this.getNodeParameter('name', i) as string,
		ICON: {
			DATA_IMAGE: svgDataUri((options.iconSvg as string) || DEFAULT_CONNECTOR_ICON_SVG),
			COLOR: (options.iconColor as string) || DEFAULT_CONNECTOR_ICON_COLOR,
			SIZE: '100%',
			POSITION: 'center',
		},
		PLACEMENT_HANDLER: this.getNodeParameter('placementHandler', i) as string,
	};
	for (const [option, flag] of FLAGS) {
		if (typeof options[option] === 'boolean') params[flag] = options[option] ? 'Y' : 'N';
	}
	if (options.comment) params.COMMENT = options.comment;
	await bitrix24ApiRequest.call(this, 'imconnector.register', params, { itemIndex: i });
	return { connector: id.toLowerCase(), registered: true };
}
