import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseConnectorEvent } from '../domain/events';
import { selectedEvents } from './events';
import { passGate } from './gate';
import { learnToken, nestOrRefuse, readEvent, trustConfig, verifyFlatAuth } from './trust';

export { trustConfig, type TrustConfig } from './trust';

/** Answer with a status and no workflow run. */
export function refuse(
	this: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	this.getResponseObject().status(status).json({ error: message }).end();
	return { noWebhookResponse: true };
}

/** Handle a connector event: verify → validate → filter → one item per message/dialog. */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// Token first, on a flat read: an outsider's body is never re-nested or validated.
	const read = readEvent.call(this);
	if (!read.ok) {
		this.logger.warn(`Bitrix24 Open Lines Trigger refused an event: ${read.reason}`);
		return refuse.call(this, read.status, read.reason);
	}
	const trust = await trustConfig.call(this);
	let verdict = verifyFlatAuth(read.auth, trust);
	if (!verdict.ok && verdict.unknownToken) verdict = await learnToken.call(this, read.auth, trust);
	if (!verdict.ok) {
		this.logger.warn(`Bitrix24 Open Lines Trigger refused an event: ${verdict.reason}`);
		return refuse.call(this, 401, 'Unauthorized');
	}
	const nested = nestOrRefuse(read);
	if (!nested.ok) {
		this.logger.warn(`Bitrix24 Open Lines Trigger refused an event: ${nested.reason}`);
		return refuse.call(this, nested.status, `Malformed event: ${nested.reason}`);
	}
	const parsed = parseConnectorEvent(nested.body);
	if (!parsed.ok) {
		this.logger.warn(`Bitrix24 Open Lines Trigger received a malformed event: ${parsed.reason}`);
		return refuse.call(this, 400, `Malformed event: ${parsed.reason}`);
	}
	if (!selectedEvents(this.getNodeParameter('events', [])).includes(parsed.event)) return {};
	const connectorFilter = String(this.getNodeParameter('connector', '') ?? '')
		.trim()
		.toLowerCase();
	if (
		connectorFilter &&
		parsed.connector !== null &&
		parsed.connector.toLowerCase() !== connectorFilter
	) {
		return {};
	}
	const gated = await passGate.call(this, parsed.items as IDataObject[]);
	if (gated) return gated;
	return { workflowData: [this.helpers.returnJsonArray(parsed.items as IDataObject[])] };
}
