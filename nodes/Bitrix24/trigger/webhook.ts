import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { type FormObject, nestBracketForm, parseBracketQuery } from '../domain/bracketForm';
import { parseConnectorEvent } from '../domain/events';
import { sameHost, secretsEqual } from '../domain/secret';
import { selectedEvents } from './events';
import { passGate } from './gate';

export interface TrustConfig {
	portalUrl: string;
	/** Token from the credential, else the one recorded from a verified installation event. */
	expectedToken: string;
	memberId: string;
}

/** What the incoming event will be checked against. */
export async function trustConfig(this: IWebhookFunctions): Promise<TrustConfig> {
	const credentials = await this.getCredentials('bitrix24OAuth2Api');
	const staticData = this.getWorkflowStaticData('node');
	const fromCredential = String(credentials.applicationToken ?? '').trim();
	return {
		portalUrl: String(credentials.portalUrl ?? ''),
		expectedToken: fromCredential || String(staticData.applicationToken ?? ''),
		memberId: String(staticData.memberId ?? ''),
	};
}

/** Request body as a nested object, whether n8n parsed it flat, nested, or not at all. */
export function readFormBody(this: IWebhookFunctions): FormObject {
	const body = this.getBodyData() as IDataObject | undefined;
	if (body && Object.keys(body).length > 0) return nestBracketForm(body);
	const raw = (this.getRequestObject() as { rawBody?: Buffer | string }).rawBody;
	if (raw === undefined || raw === null) return {};
	return parseBracketQuery(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));
}

/** Answer with a status and no workflow run. */
export function refuse(
	this: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	this.getResponseObject().status(status).json({ error: message }).end();
	return { noWebhookResponse: true };
}

/**
 * Authenticity of an event: `auth[application_token]` must equal the expected token (constant-time);
 * `auth[domain]` / `auth[member_id]`, when present, must name the configured portal.
 */
export function verifyEvent(
	body: FormObject,
	trust: TrustConfig,
): { ok: true } | { ok: false; reason: string } {
	const auth = (
		typeof body.auth === 'object' && !Array.isArray(body.auth) ? body.auth : {}
	) as FormObject;
	if (!trust.expectedToken) {
		return {
			ok: false,
			reason:
				'no application token is known yet (set it in the credential or let the installation event reach the install URL)',
		};
	}
	if (typeof auth.application_token !== 'string' || auth.application_token === '') {
		return { ok: false, reason: 'the event carries no application token' };
	}
	if (!secretsEqual(trust.expectedToken, auth.application_token)) {
		return { ok: false, reason: 'the application token does not match' };
	}
	if (
		typeof auth.domain === 'string' &&
		auth.domain !== '' &&
		!sameHost(trust.portalUrl, auth.domain)
	) {
		return { ok: false, reason: 'the event comes from another portal' };
	}
	if (trust.memberId && typeof auth.member_id === 'string' && auth.member_id !== trust.memberId) {
		return { ok: false, reason: 'the event comes from another portal (member_id)' };
	}
	return { ok: true };
}

/** Handle a connector event: verify → validate → filter → one item per message/dialog. */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = readFormBody.call(this);
	const verdict = verifyEvent(body, await trustConfig.call(this));
	if (!verdict.ok) {
		this.logger.warn(`Bitrix24 Open Lines Trigger refused an event: ${verdict.reason}`);
		return refuse.call(this, 401, 'Unauthorized');
	}
	const parsed = parseConnectorEvent(body);
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
