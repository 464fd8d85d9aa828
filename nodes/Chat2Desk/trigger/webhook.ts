import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	filterChat2DeskEvent,
	normaliseChat2DeskEvent,
	parseChat2DeskEvent,
} from '../domain/events';
import { parseIdList } from '../domain/params';
import { checkChat2DeskSignature, type SignatureMode } from '../domain/signature';
import { deliveryGate, gateScope, type GateResponse } from '../../shared/delivery/deliveryGate';
import { CHAT2DESK_CREDENTIAL } from '../transport';
import { completeEvent } from './completeEvent';
import { SIGNATURE_HEADERS, TIMESTAMP_HEADERS } from './events';
import { signingTokens } from './signingToken';

/** Default "Max Signature Age": Chat2Desk's last retry comes about 2 h after the signed timestamp. */
export const DEFAULT_MAX_AGE_SECONDS = 10800;

function firstHeader(headers: IDataObject, names: string[]): string | undefined {
	for (const name of names) {
		const value = headers[name.toLowerCase()];
		const first = Array.isArray(value) ? value[0] : value;
		if (typeof first === 'string' && first.trim() !== '') return first;
	}
	return undefined;
}

function headerNames(configured: unknown, fallbacks: string[]): string[] {
	const first =
		typeof configured === 'string' && configured.trim() !== ''
			? [configured.trim().toLowerCase()]
			: [];
	return [...new Set([...first, ...fallbacks])];
}

function reply(this: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function readBody(this: IWebhookFunctions, rawBody: Buffer | undefined): unknown {
	if (rawBody && rawBody.length > 0) {
		try {
			return JSON.parse(rawBody.toString('utf8')) as unknown;
		} catch {
			return undefined;
		}
	}
	return this.getBodyData();
}

/**
 * Handles one delivery: (1) verify the HMAC signature over the raw body → 401; (2) validate the body →
 * 400; (3) drop unselected events/channels and own echoes → 200 without a run; (4) complete a sparse
 * request/dialog event from the API (an event that cannot be attributed → 200 without a run, logged);
 * (5) when answering after the run, pass the delivery gate: a copy of an event handled a moment ago →
 * 200 without a run, a chat whose previous run is still going past the wait limit → 503 (Chat2Desk
 * retries); (6) start a run with one normalised item.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as unknown as { rawBody?: Buffer };
	const headers = this.getHeaderData() as IDataObject;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
	const body = readBody.call(this, rawBody);
	const eventTime =
		body && typeof body === 'object' && typeof (body as IDataObject).event_time === 'string'
			? ((body as IDataObject).event_time as string)
			: undefined;

	const mode = (options.signatureVerification as SignatureMode | undefined) ?? 'ifPresent';
	let trust = 'signature not checked (Signature Verification: Off)';
	if (mode !== 'off') {
		const credentialId = this.getNode().credentials?.[CHAT2DESK_CREDENTIAL]?.id ?? '';
		const readToken = async () =>
			String((await this.getCredentials(CHAT2DESK_CREDENTIAL)).token ?? '');
		const verify = (token: string) =>
			checkChat2DeskSignature({
				mode,
				token,
				rawBody: rawBody ?? Buffer.from(JSON.stringify(this.getBodyData() ?? {}), 'utf8'),
				signature: firstHeader(headers, headerNames(options.signatureHeader, SIGNATURE_HEADERS)),
				timestamp: firstHeader(headers, headerNames(options.timestampHeader, TIMESTAMP_HEADERS)),
				eventTime,
				nowSeconds: Math.floor(Date.now() / 1000),
				maxAgeSeconds: Number(options.maxSignatureAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS),
			});
		const signing = await signingTokens.get(credentialId, readToken);
		let check = verify(signing.token);
		// The token may have been changed since it was remembered: check against the current one.
		if (!check.ok && signing.remembered) {
			check = verify((await signingTokens.get(credentialId, readToken, { fresh: true })).token);
		}
		if (!check.ok) {
			this.logger.warn(`Chat2Desk Trigger rejected a delivery: ${check.reason}`);
			return reply.call(this, 401, { error: 'Unauthorized', reason: check.reason });
		}
		trust = check.verified
			? 'valid signature'
			: 'UNSIGNED delivery accepted (Signature Verification: If Present)';
	}

	const parsed = parseChat2DeskEvent(body);
	if (!parsed.ok) {
		this.logger.warn(`Chat2Desk Trigger received a malformed body: ${parsed.error}`);
		return reply.call(this, 400, { error: 'Malformed Chat2Desk event', details: parsed.error });
	}

	const normalised = normaliseChat2DeskEvent(parsed.event, parsed.body);
	const decision = filterChat2DeskEvent(normalised, {
		events: this.getNodeParameter('events', []) as string[],
		channelIds: parseIdList(this.getNodeParameter('channelIds', [])).ids,
		ignoreOwnMessages: options.ignoreOwnMessages === true,
		ownExternalIdPrefix:
			typeof options.ownExternalIdPrefix === 'string' ? options.ownExternalIdPrefix : 'n8n:',
	});
	if (!decision.pass) {
		return reply.call(this, 200, { status: 'ignored', reason: decision.reason });
	}

	let completion;
	try {
		completion = await completeEvent.call(this, normalised);
	} catch (error) {
		this.logger.warn(
			`Chat2Desk Trigger could not complete event ${normalised.eventId}: ${(error as Error).message}`,
		);
		return reply.call(this, 503, { error: 'Chat2Desk API unavailable, retry later' });
	}
	if (!completion.ok) {
		this.logger.warn(
			`Chat2Desk Trigger ignored event ${normalised.eventId}: ${completion.reason}`,
		);
		return reply.call(this, 200, { status: 'ignored', reason: completion.reason });
	}
	const item = completion.event;

	if (options.respond === 'afterRun' && item.clientId !== null) {
		const scope = gateScope(this);
		const gate = await deliveryGate.enter(`${scope}:client:${item.clientId}`, `${scope}:${item.eventId}`);
		if (gate.kind === 'duplicate') {
			this.logger.info(`Chat2Desk Trigger skipped event ${item.eventId}: ${gate.reason}`);
			return reply.call(this, 200, { status: 'duplicate', reason: gate.reason });
		}
		if (gate.kind === 'busy') {
			this.logger.warn(`Chat2Desk Trigger deferred event ${item.eventId}: ${gate.reason}`);
			this.getResponseObject().setHeader('Retry-After', String(gate.retryAfterSeconds));
			return reply.call(this, 503, { error: 'Busy, retry later', reason: gate.reason });
		}
		gate.watch(this.getResponseObject() as unknown as GateResponse);
	}
	const log = trust.startsWith('UNSIGNED') || mode === 'off' ? 'warn' : 'debug';
	this.logger[log](`Chat2Desk Trigger accepted ${item.eventId}: ${trust}`);
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
