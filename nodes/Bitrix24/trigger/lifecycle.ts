import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { bitrix24ApiRequest } from '../transport';
import { isAlreadyBound, selectedEvents } from './events';

interface Binding {
	event: string;
	handler: string;
}

function handlerUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n did not provide a webhook URL');
	return url;
}

/** Whether the OAuth2 credential has tokens yet (it may still be waiting for the install event). */
export async function credentialConnected(this: IHookFunctions): Promise<boolean> {
	const credentials = await this.getCredentials('bitrix24OAuth2Api');
	const tokens = credentials.oauthTokenData as IDataObject | undefined;
	return typeof tokens?.access_token === 'string' && tokens.access_token !== '';
}

/** Handlers of this application bound to `url` (from `event.get`). */
export async function boundTo(this: IHookFunctions, url: string): Promise<Binding[]> {
	const result = await bitrix24ApiRequest.call(this, 'event.get', {});
	const list = Array.isArray(result) ? (result as IDataObject[]) : [];
	return list
		.map((entry) => ({
			event: String(entry.event ?? '').toUpperCase(),
			handler: String(entry.handler ?? ''),
		}))
		.filter((entry) => entry.handler === url);
}

/** `event.bind`; "Handler already binded" counts as success. */
async function bindOne(this: IHookFunctions, event: string, url: string): Promise<void> {
	try {
		await bitrix24ApiRequest.call(this, 'event.bind', { event, handler: url });
	} catch (error) {
		if (isAlreadyBound(error)) return;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** True when every selected event is bound to this trigger's URL. */
export async function bindingsExist(this: IHookFunctions): Promise<boolean> {
	if (!(await credentialConnected.call(this))) return false;
	const url = handlerUrl.call(this);
	const events = selectedEvents(this.getNodeParameter('events', []));
	const bound = new Set((await boundTo.call(this, url)).map((entry) => entry.event));
	return events.every((event) => bound.has(event));
}

/** Bind each selected event not yet bound; unbind events of this URL that are no longer selected. */
export async function bindEvents(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	if (!(await credentialConnected.call(this))) {
		// Fresh setup: the local application does not exist yet, so there are no tokens. The install URL
		// is listening; the installation event binds the events with its own token.
		this.logger.warn(
			'Bitrix24 Open Lines Trigger: the OAuth2 credential is not connected yet; events will be bound when the installation event arrives at the install URL',
		);
		staticData.pendingBind = true;
		return true;
	}
	const url = handlerUrl.call(this);
	const events = selectedEvents(this.getNodeParameter('events', []));
	const existing = await boundTo.call(this, url);
	const bound = new Set(existing.map((entry) => entry.event));
	for (const event of events) {
		if (bound.has(event)) continue;
		await bindOne.call(this, event, url);
	}
	for (const entry of existing) {
		if (events.includes(entry.event)) continue;
		await bitrix24ApiRequest.call(this, 'event.unbind', { event: entry.event, handler: url });
	}
	staticData.boundEvents = events;
	staticData.handlerUrl = url;
	delete staticData.pendingBind;
	return true;
}

/** Unbind every event bound to this trigger's URL (selected or left over). */
export async function unbindEvents(this: IHookFunctions): Promise<void> {
	const staticData = this.getWorkflowStaticData('node');
	const url = handlerUrl.call(this);
	const events = new Set(selectedEvents(this.getNodeParameter('events', [])));
	for (const entry of await boundTo.call(this, url)) events.add(entry.event);
	for (const event of events) {
		await bitrix24ApiRequest.call(this, 'event.unbind', { event, handler: url });
	}
	delete staticData.boundEvents;
	delete staticData.handlerUrl;
	delete staticData.pendingBind;
}
