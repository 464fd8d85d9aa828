import type { INodePropertyOptions } from 'n8n-workflow';

/** Event options of the trigger; values are the upper-case codes Bitrix24 sends in `event`. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'OnImConnectorDialogFinish',
		value: 'ONIMCONNECTORDIALOGFINISH',
		description: 'A dialog (session) of the connector was closed',
	},
	{
		name: 'OnImConnectorDialogStart',
		value: 'ONIMCONNECTORDIALOGSTART',
		description: 'A dialog (session) of the connector started',
	},
	{
		name: 'OnImConnectorLineDelete',
		value: 'ONIMCONNECTORLINEDELETE',
		description: 'An Open Line was deleted',
	},
	{
		name: 'OnImConnectorMessageAdd',
		value: 'ONIMCONNECTORMESSAGEADD',
		description: 'An operator wrote to the client',
	},
	{
		name: 'OnImConnectorMessageDelete',
		value: 'ONIMCONNECTORMESSAGEDELETE',
		description: 'An operator deleted a delivered message',
	},
	{
		name: 'OnImConnectorMessageUpdate',
		value: 'ONIMCONNECTORMESSAGEUPDATE',
		description: 'An operator edited a delivered message',
	},
	{
		name: 'OnImConnectorStatusDelete',
		value: 'ONIMCONNECTORSTATUSDELETE',
		description: 'The connector was switched off for a line',
	},
];

/** Selected events, upper-cased and de-duplicated. */
export function selectedEvents(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return [...new Set(list.map((event) => String(event).trim().toUpperCase()).filter(Boolean))];
}

/** `event.bind` answered that this handler is already bound: counts as success. */
export function isAlreadyBound(error: unknown): boolean {
	const record = (error ?? {}) as { message?: unknown; description?: unknown };
	const text = `${String(record.message ?? '')} ${String(record.description ?? '')}`.toLowerCase();
	return (
		text.includes('already bind') ||
		text.includes('already bound') ||
		text.includes('handler already')
	);
}
