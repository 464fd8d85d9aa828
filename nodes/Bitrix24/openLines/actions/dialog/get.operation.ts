import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	crmBindingsFromDialog,
	dialogLookupParams,
	parseEntityData1,
	parseUserCode,
} from '../../../domain/entityData';
import { bitrix24ApiRequest } from '../../../transport';

export const lookupFields: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Bitrix24 Chat ID', value: 'chatId' },
			{ name: 'Dialog ID (Chat123)', value: 'dialogId' },
			{ name: 'Session ID', value: 'sessionId' },
			{ name: 'User Code (Connector|Line|Chat|User)', value: 'userCode' },
		],
		default: 'chatId',
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		default: '',
		required: true,
		description: 'Chat ID, dialog ID, session ID or user code of the Open Line chat',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dialog'], operation: ['get'] } },
	lookupFields,
);

/** `imopenlines.dialog.get` reply → flat view with parsed CRM bindings. */
export function normaliseDialog(dialog: IDataObject): IDataObject {
	const session = parseEntityData1(dialog.entity_data_1);
	const chatId = Number(dialog.id);
	return {
		chatId: Number.isFinite(chatId) ? chatId : null,
		dialogId: dialog.dialog_id ?? (Number.isFinite(chatId) ? `chat${chatId}` : null),
		name: dialog.name ?? null,
		userCode: dialog.entity_id ?? null,
		user: parseUserCode(dialog.entity_id),
		sessionId: session.sessionId,
		lineId: session.lineId,
		crm: { ...crmBindingsFromDialog(dialog) },
		raw: dialog,
	};
}

/** Read the lookup parameters of item `i` as `imopenlines.dialog.get` params. */
export function readLookup(this: IExecuteFunctions, i: number): Record<string, string> {
	const by = this.getNodeParameter('lookupBy', i) as
		| 'chatId'
		| 'dialogId'
		| 'sessionId'
		| 'userCode';
	const value = String(this.getNodeParameter('lookupValue', i) ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), 'A value to look the chat up by is required', {
			itemIndex: i,
		});
	}
	return dialogLookupParams(by, value);
}

/** https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const dialog = (await bitrix24ApiRequest.call(
		this,
		'imopenlines.dialog.get',
		readLookup.call(this, i),
		{
			itemIndex: i,
		},
	)) as IDataObject;
	return normaliseDialog(dialog ?? {});
}
