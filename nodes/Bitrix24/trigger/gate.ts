import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { deliveryGate, gateScope, type GateResponse } from '../../shared/delivery/deliveryGate';

/**
 * The Bitrix24 side of the delivery gate (see `deliveryGate.ts`). Bitrix24 never retries an event, but it
 * may post one twice, and an operator's quick replies arrive as separate events whose runs would
 * otherwise overlap. With "Respond: When the Run Finishes", runs of one Open Line chat are admitted one
 * at a time, and a copy of an event that is running or was just handled starts no run.
 *
 * Bitrix24 does not retry, so a delivery that waited past the limit still runs (answering 503 would lose
 * it); the exactly-once check in the workflow keeps that from sending twice.
 */
export function gateKeys(
	workflowScope: string,
	items: IDataObject[],
): { chatKey: string; eventKey: string } | undefined {
	const first = items[0];
	if (!first) return undefined;
	const chat = first.chatId ?? first.externalChatId ?? first.sessionId;
	if (chat === undefined || chat === null || chat === '') return undefined;
	const ids = items
		.map((item) => item.messageId ?? item.sessionId)
		.filter((id) => id !== undefined && id !== null)
		.join(',');
	// The text is part of the key: two edits of one message are two events, a repeated post is one.
	const content = createHash('sha1')
		.update(items.map((item) => String(item.text ?? '')).join('\u0000'))
		.digest('hex');
	return {
		chatKey: `${workflowScope}:chat:${String(chat)}`,
		eventKey: `${workflowScope}:${String(first.event)}:${String(first.line ?? '')}:${ids}:${content}`,
	};
}

/** undefined: start the run; otherwise the answer to send instead. */
export async function passGate(
	this: IWebhookFunctions,
	items: IDataObject[],
): Promise<IWebhookResponseData | undefined> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.respond !== 'afterRun') return undefined;
	const scope = gateScope(this);
	const keys = gateKeys(scope, items);
	if (!keys) return undefined;
	const gate = await deliveryGate.enter(keys.chatKey, keys.eventKey);
	if (gate.kind === 'duplicate') {
		this.logger.info(`Bitrix24 Open Lines Trigger skipped a repeated event: ${gate.reason}`);
		this.getResponseObject().status(200).json({ status: 'duplicate' });
		return { noWebhookResponse: true };
	}
	if (gate.kind === 'busy') {
		this.logger.warn(
			`Bitrix24 Open Lines Trigger runs an event without waiting longer: ${gate.reason}`,
		);
		return undefined;
	}
	gate.watch(this.getResponseObject() as unknown as GateResponse);
	return undefined;
}
