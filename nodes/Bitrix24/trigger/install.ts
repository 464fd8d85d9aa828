import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseInstallEvent } from '../domain/events';
import { sameHost, secretsEqual } from '../domain/secret';
import { verificationFingerprint } from '../domain/tokenVerification';
import { bitrix24CallWithToken } from '../transport';
import { isAlreadyBound, selectedEvents } from './events';
import {
	nestOrRefuse,
	readEvent,
	refusalNoted,
	tokenBelongsToOurApp,
	trustConfig,
	verificationAllowed,
	rememberVerifiedToken,
} from './trust';
import { refuse } from './webhook';

/** Bind the selected events to the production URL with the installation token (best effort). */
async function bindWithInstallToken(
	this: IWebhookFunctions,
	portalUrl: string,
	accessToken: string,
): Promise<{ bound: string[]; errors: IDataObject[] }> {
	const url = this.getNodeWebhookUrl('default');
	const bound: string[] = [];
	const errors: IDataObject[] = [];
	if (!url) return { bound, errors };
	for (const event of selectedEvents(this.getNodeParameter('events', []))) {
		try {
			await bitrix24CallWithToken.call(this, portalUrl, accessToken, 'event.bind', {
				event,
				handler: url,
			});
			bound.push(event);
		} catch (error) {
			if (isAlreadyBound(error)) {
				bound.push(event);
				continue;
			}
			this.logger.warn(
				`Bitrix24 Open Lines Trigger could not bind ${event}: ${(error as Error).message}`,
			);
			errors.push({ event, error: (error as Error).message });
		}
	}
	return { bound, errors };
}

/**
 * Is the installing user a portal administrator? `user.admin` with the event's own token, one call.
 * Only a portal that does not know the method (ERROR_METHOD_NOT_FOUND: older on-premise editions and
 * the local simulator) is let through, with a warning; any other failure refuses.
 */
async function installedByAdmin(
	this: IWebhookFunctions,
	portalUrl: string,
	accessToken: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
	try {
		const admin = await bitrix24CallWithToken.call(
			this,
			portalUrl,
			accessToken,
			'user.admin',
			{},
			{ retry: false },
		);
		return admin === true || admin === 'true' || admin === 'Y'
			? { ok: true }
			: {
					ok: false,
					reason: 'the installing user is not a portal administrator',
				};
	} catch (error) {
		const text = `${(error as Error).message} ${String((error as { description?: unknown }).description ?? '')}`;
		if (/METHOD_NOT_FOUND|Method not found/i.test(text)) {
			this.logger.warn(
				'Bitrix24 Open Lines Trigger: the portal does not know user.admin; the installing user could not be checked',
			);
			return { ok: true };
		}
		return {
			ok: false,
			reason: `user.admin failed (${(error as Error).message})`,
		};
	}
}

function installRefused(
	this: IWebhookFunctions,
	status: number,
	reason: string,
): IWebhookResponseData {
	this.logger.warn(`Bitrix24 Open Lines Trigger refused an installation event: ${reason}`);
	return refuse.call(this, status, status === 401 ? 'Unauthorized' : reason);
}

/**
 * The local application's "Initial installation path". Bitrix24 posts ONAPPINSTALL (ONAPPUPDATE on
 * updates) with fresh tokens and the application_token. Fail closed at every step:
 * - the event must name the configured portal (`auth[domain]` and `auth[client_endpoint]` present);
 * - a trigger that already holds a token keeps it: a different one is accepted only after the owner
 *   switches "Accept a New Installation" on; the same one again is answered without any call;
 * - its access token must work on the configured portal and belong to our application (`app.info`
 *   CODE = the credential's client ID), and the installing user must be an administrator;
 * - outgoing calls are rate-limited like the token learning of events (see trust.ts).
 * Then the application_token is stored in the node's static data and the events are bound.
 */
export async function receiveInstall(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const read = readEvent.call(this);
	if (!read.ok) return installRefused.call(this, read.status, read.reason);
	const flat = read.auth;
	if (!flat.application_token || !flat.access_token) {
		return installRefused.call(
			this,
			400,
			'Malformed installation event: auth.access_token and auth.application_token are required',
		);
	}
	const trust = await trustConfig.call(this);
	if (!flat.domain || !flat.client_endpoint) {
		return installRefused.call(this, 401, 'the event does not name its portal');
	}
	if (!sameHost(trust.portalUrl, flat.domain) || !sameHost(trust.portalUrl, flat.client_endpoint)) {
		return installRefused.call(this, 401, 'the event comes from another portal');
	}
	const staticData = this.getWorkflowStaticData('node');
	// Static data, or what this instance verified (static data written here may not be kept by n8n).
	const stored = String(staticData.applicationToken ?? '') || trust.expectedToken;
	if (stored && !trust.rearmed) {
		if (secretsEqual(stored, flat.application_token)) {
			// ONAPPUPDATE (or a replay) with the token we hold: nothing to change, nothing to call.
			this.getResponseObject().status(200).json({ installed: true }).end();
			return { noWebhookResponse: true };
		}
		return installRefused.call(
			this,
			409,
			'This trigger already holds an application token. Switch on "Accept a New Installation" in the trigger to replace it.',
		);
	}
	const fingerprint = verificationFingerprint(flat.application_token, flat.access_token);
	const now = Date.now();
	const allowed = verificationAllowed.call(this, staticData.tokenVerification, fingerprint, now);
	if (!allowed.ok) return installRefused.call(this, 401, allowed.reason);

	const nested = nestOrRefuse(read);
	if (!nested.ok) return installRefused.call(this, nested.status, nested.reason);
	const parsed = parseInstallEvent(nested.body);
	if (!parsed.ok) {
		return installRefused.call(this, 400, `Malformed installation event: ${parsed.reason}`);
	}
	const { auth, event } = parsed.value;
	if (
		auth.access_token !== flat.access_token ||
		auth.application_token !== flat.application_token
	) {
		return installRefused.call(this, 400, 'Malformed installation event: repeated auth fields');
	}

	const ours = await tokenBelongsToOurApp.call(this, trust, auth.access_token);
	const admin = ours.ok
		? await installedByAdmin.call(this, trust.portalUrl, auth.access_token)
		: ours;
	if (!ours.ok || !admin.ok) {
		refusalNoted.call(this, fingerprint, now);
		return installRefused.call(this, 401, (admin as { reason: string }).reason);
	}
	const appInfo = ours.appInfo;

	if (stored && !secretsEqual(stored, auth.application_token)) {
		this.logger.warn(
			'Bitrix24 Open Lines Trigger replaced its application token after a verified installation (Accept a New Installation is on)',
		);
	}
	delete staticData.tokenVerification;
	staticData.applicationToken = auth.application_token;
	rememberVerifiedToken.call(this, trust, auth.application_token, auth.member_id ?? '');
	if (auth.member_id) staticData.memberId = auth.member_id;
	staticData.domain = auth.domain;
	staticData.tokenSource = 'installation';
	staticData.installedAt = new Date(now).toISOString();
	const { bound, errors } = await bindWithInstallToken.call(
		this,
		trust.portalUrl,
		auth.access_token,
	);
	if (errors.length === 0) delete staticData.pendingBind;

	const data = (
		typeof parsed.value.data === 'object' && parsed.value.data !== null ? parsed.value.data : {}
	) as IDataObject;
	return {
		workflowData: [
			this.helpers.returnJsonArray({
				event,
				domain: auth.domain ?? null,
				memberId: auth.member_id ?? null,
				applicationId: appInfo.ID ?? null,
				version: data.VERSION ?? null,
				applicationTokenStored: true,
				boundEvents: bound,
				bindErrors: errors,
			}),
		],
	};
}

/**
 * GET on the install URL: whether this trigger holds an application token, and where it came from,
 * without revealing it (for the owner checking a fresh setup).
 */
export async function installStatus(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('bitrix24OAuth2Api');
	const staticData = this.getWorkflowStaticData('node');
	const fromCredential = String(credentials.applicationToken ?? '').trim() !== '';
	const installed = fromCredential || String(staticData.applicationToken ?? '') !== '';
	this.getResponseObject()
		.status(200)
		.json({
			installed: installed ? 'yes' : 'no',
			tokenSource: fromCredential
				? 'credential'
				: installed
					? String(staticData.tokenSource ?? 'installation')
					: null,
			acceptingNewInstallation: this.getNodeParameter('acceptNewInstallation', false) === true,
		})
		.end();
	return { noWebhookResponse: true };
}
