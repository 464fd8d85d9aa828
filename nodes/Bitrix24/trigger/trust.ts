import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	type FormObject,
	FormLimitError,
	nestBracketForm,
	parseBracketQuery,
} from '../domain/bracketForm';
import {
	type FlatAuth,
	flatAuthFromBody,
	flatAuthFromQuery,
	MAX_EVENT_BODY_BYTES,
} from '../domain/eventAuth';
import { sameHost, secretsEqual } from '../domain/secret';
import {
	coolingDown,
	mayVerify,
	noteRefusal,
	recordRefusal,
	verificationFingerprint,
} from '../domain/tokenVerification';
import { bitrix24CallWithToken } from '../transport';

export type ReadEvent =
	| { ok: true; auth: FlatAuth; nest: () => FormObject }
	| { ok: false; status: number; reason: string };

/**
 * The request in two steps: the few `auth[…]` values now (a flat scan, no re-nesting), the nested
 * body later, only for a sender that passed the token check.
 *
 * Form bodies are read from the raw bytes: n8n's body parser (Node's `querystring` with its default
 * `maxKeys: 1000`) silently drops every field after the 1,000th, and PHP puts `auth[…]` last, so a
 * large event would lose its token.
 */
export function readEvent(this: IWebhookFunctions): ReadEvent {
	const request = this.getRequestObject() as { rawBody?: Buffer | string };
	const raw = request.rawBody;
	const rawLength = Buffer.isBuffer(raw) ? raw.length : typeof raw === 'string' ? raw.length : 0;
	if (rawLength > MAX_EVENT_BODY_BYTES) {
		return {
			ok: false,
			status: 413,
			reason: `the body is larger than ${MAX_EVENT_BODY_BYTES} bytes`,
		};
	}
	const headers = this.getHeaderData() as IDataObject;
	const contentType = String(headers['content-type'] ?? '').toLowerCase();
	const body = this.getBodyData() as IDataObject | undefined;
	const bodyHasKeys = !!body && typeof body === 'object' && Object.keys(body).length > 0;
	const rawText = rawLength > 0 ? (Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)) : '';
	const isJson = contentType.includes('json');
	const useRaw = rawText !== '' && (!bodyHasKeys || (!isJson && contentType.includes('form')));
	if (!useRaw && !bodyHasKeys) return { ok: true, auth: {}, nest: () => ({}) };
	const auth = useRaw ? flatAuthFromQuery(rawText) : flatAuthFromBody(body);
	return {
		ok: true,
		auth,
		nest: () => (useRaw ? parseBracketQuery(rawText) : nestBracketForm(body)),
	};
}

/** Re-nest after authentication; a body over the caps becomes a clean 4xx. */
export function nestOrRefuse(
	read: Extract<ReadEvent, { ok: true }>,
): { ok: true; body: FormObject } | { ok: false; status: number; reason: string } {
	try {
		return { ok: true, body: read.nest() };
	} catch (error) {
		if (error instanceof FormLimitError) {
			return { ok: false, status: error.status, reason: error.message };
		}
		// Anything else (a RangeError on a pathological body, say) is still the sender's fault.
		return { ok: false, status: 400, reason: 'the body could not be read' };
	}
}

export interface TrustConfig {
	portalUrl: string;
	/** Token from the credential, else the one recorded from a verified installation or event. */
	expectedToken: string;
	memberId: string;
	/** The local application's client id (`local.…`): `app.info` must answer it as CODE. */
	clientId: string;
	/** The owner switched "Accept a New Installation" on: a different token may be learnt. */
	rearmed: boolean;
}

/**
 * Tokens this instance verified, per trigger and application. n8n 2.41 was seen not to keep static data
 * written while answering a production webhook, so without this memory a trigger would ask the portal
 * (`app.info`) on every event; with it, once per trigger until the next restart. Per trigger, not per
 * application: each workflow's trigger proves the token for itself, as an owner would expect when one
 * workflow is re-armed for a new installation and another is not.
 */
const verifiedTokens = new Map<string, { token: string; memberId: string }>();

function applicationKey(trigger: string, portalUrl: unknown, clientId: unknown): string {
	const portal = String(portalUrl ?? '')
		.trim()
		.toLowerCase()
		.replace(/\/+$/, '');
	return `${trigger}|${portal}|${String(clientId ?? '').trim()}`;
}

/** Remember a token that was verified (install event or event checked with app.info). */
export function rememberVerifiedToken(
	this: IWebhookFunctions,
	trust: TrustConfig,
	token: string,
	memberId: string,
): void {
	verifiedTokens.set(applicationKey(triggerKey.call(this), trust.portalUrl, trust.clientId), {
		token,
		memberId,
	});
}

/** For tests: forget every token verified in this instance. */
export function forgetVerifiedTokens(): void {
	verifiedTokens.clear();
}

/** What the incoming event will be checked against. */
export async function trustConfig(this: IWebhookFunctions): Promise<TrustConfig> {
	const credentials = await this.getCredentials('bitrix24OAuth2Api');
	const staticData = this.getWorkflowStaticData('node');
	const fromCredential = String(credentials.applicationToken ?? '').trim();
	const remembered = verifiedTokens.get(
		applicationKey(triggerKey.call(this), credentials.portalUrl, credentials.clientId),
	);
	return {
		portalUrl: String(credentials.portalUrl ?? ''),
		expectedToken:
			fromCredential || String(staticData.applicationToken ?? '') || (remembered?.token ?? ''),
		memberId: String(staticData.memberId ?? '') || (remembered?.memberId ?? ''),
		clientId: String(credentials.clientId ?? '').trim(),
		rearmed: this.getNodeParameter('acceptNewInstallation', false) === true,
	};
}

export type Verdict = { ok: true } | { ok: false; reason: string; unknownToken?: boolean };

/**
 * Authenticity of an event from its flat `auth[…]`: the application token must equal the expected one
 * (constant-time); `domain` / `member_id`, when present, must name the configured portal.
 */
export function verifyFlatAuth(auth: FlatAuth, trust: TrustConfig): Verdict {
	if (!auth.application_token)
		return { ok: false, reason: 'the event carries no application token' };
	if (!trust.expectedToken) {
		return {
			ok: false,
			unknownToken: true,
			reason:
				'no application token is known yet (let the installation event reach the install URL, or a verified event teach it)',
		};
	}
	if (!secretsEqual(trust.expectedToken, auth.application_token)) {
		return {
			ok: false,
			unknownToken: true,
			reason: 'the application token does not match',
		};
	}
	return portalMatches(auth, trust);
}

function portalMatches(auth: FlatAuth, trust: TrustConfig): Verdict {
	for (const reported of [auth.domain, auth.client_endpoint]) {
		if (reported !== undefined && reported !== '' && !sameHost(trust.portalUrl, reported)) {
			return { ok: false, reason: 'the event comes from another portal' };
		}
	}
	if (trust.memberId && auth.member_id !== undefined && auth.member_id !== trust.memberId) {
		return {
			ok: false,
			reason: 'the event comes from another portal (member_id)',
		};
	}
	return { ok: true };
}

/**
 * `app.info` on the CONFIGURED portal (never an address from the event) with the event's own access
 * token, one call, no retries: the token must be alive there and belong to our application (CODE equal
 * to the credential's client id). Fails closed on any error or missing field.
 */
export async function tokenBelongsToOurApp(
	this: IWebhookFunctions,
	trust: TrustConfig,
	accessToken: string,
): Promise<{ ok: true; appInfo: IDataObject } | { ok: false; reason: string }> {
	if (!trust.clientId)
		return {
			ok: false,
			reason: 'the credential has no client ID to compare with',
		};
	let appInfo: IDataObject;
	try {
		appInfo = ((await bitrix24CallWithToken.call(
			this,
			trust.portalUrl,
			accessToken,
			'app.info',
			{},
			{ retry: false },
		)) ?? {}) as IDataObject;
	} catch (error) {
		return {
			ok: false,
			reason: `its access token does not work on the portal (${(error as Error).message})`,
		};
	}
	const code = typeof appInfo.CODE === 'string' ? appInfo.CODE : '';
	if (!code || code !== trust.clientId) {
		return {
			ok: false,
			reason: 'its access token belongs to another application',
		};
	}
	return { ok: true, appInfo };
}

function triggerKey(this: IWebhookFunctions): string {
	return `${this.getWorkflow().id ?? ''}:${this.getNode().name}`;
}

/** Rate limit of outgoing verification calls: static data (across restarts) and memory (floods). */
export function verificationAllowed(
	this: IWebhookFunctions,
	state: unknown,
	fingerprint: string,
	now: number,
): { ok: true } | { ok: false; reason: string } {
	if (coolingDown(triggerKey.call(this), now)) {
		return { ok: false, reason: 'a verification failed moments ago (cooling down)' };
	}
	return mayVerify(state, fingerprint, now);
}

/** Remember a failed verification in both places. */
export function refusalNoted(this: IWebhookFunctions, fingerprint: string, now: number): void {
	const staticData = this.getWorkflowStaticData('node');
	staticData.tokenVerification = recordRefusal(staticData.tokenVerification, fingerprint, now);
	noteRefusal(triggerKey.call(this), now);
}

/**
 * An event with a token this trigger does not know: learn the token when the event proves itself
 * (see tokenBelongsToOurApp) and names the configured portal. Only while no token is known, or after
 * the owner re-armed the trigger; at most one outgoing call per cooldown, refused pairs remembered.
 */
export async function learnToken(
	this: IWebhookFunctions,
	auth: FlatAuth,
	trust: TrustConfig,
): Promise<Verdict> {
	if (trust.expectedToken && !trust.rearmed) {
		return { ok: false, reason: 'the application token does not match' };
	}
	const { application_token: applicationToken, access_token: accessToken } = auth;
	if (!applicationToken || !accessToken || !auth.domain || !auth.member_id) {
		return {
			ok: false,
			reason: 'an unknown token without access token, domain and member_id',
		};
	}
	const place = portalMatches(auth, trust);
	if (!place.ok) return place;

	const staticData = this.getWorkflowStaticData('node');
	const fingerprint = verificationFingerprint(applicationToken, accessToken);
	const now = Date.now();
	const allowed = mayVerify(staticData.tokenVerification, fingerprint, now);
	if (!allowed.ok)
		return {
			ok: false,
			reason: `unknown token not verified: ${allowed.reason}`,
		};

	const check = await tokenBelongsToOurApp.call(this, trust, accessToken);
	if (!check.ok) {
		staticData.tokenVerification = recordRefusal(staticData.tokenVerification, fingerprint, now);
		return { ok: false, reason: `unknown token refused: ${check.reason}` };
	}
	staticData.applicationToken = applicationToken;
	staticData.memberId = auth.member_id;
	staticData.domain = auth.domain;
	rememberVerifiedToken.call(this, trust, applicationToken, auth.member_id);
	staticData.tokenSource = 'verified event';
	staticData.tokenLearnedAt = new Date(now).toISOString();
	delete staticData.tokenVerification;
	this.logger.info(
		'Bitrix24 Open Lines Trigger learnt the application token from an event verified with app.info on the configured portal',
	);
	return { ok: true };
}
