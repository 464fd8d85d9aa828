import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseInstallEvent } from '../domain/events';
import { sameHost } from '../domain/secret';
import { bitrix24ApiRequest, bitrix24CallWithToken } from '../transport';
import { isAlreadyBound, selectedEvents } from './events';
import { readFormBody, refuse } from './webhook';

interface PortalConfig {
	portalUrl: string;
	connected: boolean;
}

/** Portal URL (not secret) and whether the credential has tokens yet. */
async function portalConfig(this: IWebhookFunctions): Promise<PortalConfig> {
	const credentials = await this.getCredentials('bitrix24OAuth2Api');
	const tokens = credentials.oauthTokenData as IDataObject | undefined;
	return {
		portalUrl: String(credentials.portalUrl ?? ''),
		connected: typeof tokens?.access_token === 'string' && tokens.access_token !== '',
	};
}

/** `app.info` with the credential's own token; undefined when it cannot be asked. */
async function credentialAppId(this: IWebhookFunctions): Promise<string | undefined> {
	try {
		const info = (await bitrix24ApiRequest.call(this, 'app.info', {})) as IDataObject;
		return info?.ID === undefined ? undefined : String(info.ID);
	} catch (error) {
		this.logger.warn(
			`Bitrix24 Open Lines Trigger: app.info with the credential failed: ${(error as Error).message}`,
		);
		return undefined;
	}
}

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
 * The local application's "Initial installation path". Bitrix24 posts ONAPPINSTALL (ONAPPUPDATE on
 * updates) with fresh tokens and the application_token. The event is trusted only after its access
 * token works on the configured portal (and, once the credential is connected, belongs to the same
 * application); then the application_token is stored in the node's static data.
 */
export async function receiveInstall(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const parsed = parseInstallEvent(readFormBody.call(this));
	if (!parsed.ok) {
		this.logger.warn(
			`Bitrix24 Open Lines Trigger received a malformed installation event: ${parsed.reason}`,
		);
		return refuse.call(this, 400, `Malformed installation event: ${parsed.reason}`);
	}
	const { auth, event } = parsed.value;
	const config = await portalConfig.call(this);
	for (const reported of [auth.domain, auth.client_endpoint]) {
		if (reported && !sameHost(config.portalUrl, reported)) {
			this.logger.warn(
				'Bitrix24 Open Lines Trigger refused an installation event from another portal',
			);
			return refuse.call(this, 401, 'Unauthorized');
		}
	}
	let appInfo: IDataObject;
	try {
		appInfo = ((await bitrix24CallWithToken.call(
			this,
			config.portalUrl,
			auth.access_token,
			'app.info',
		)) ?? {}) as IDataObject;
	} catch (error) {
		this.logger.warn(
			`Bitrix24 Open Lines Trigger refused an installation event: its token does not work on the portal (${(error as Error).message})`,
		);
		return refuse.call(this, 401, 'Unauthorized');
	}
	if (config.connected) {
		const ownId = await credentialAppId.call(this);
		if (ownId !== undefined && appInfo.ID !== undefined && String(appInfo.ID) !== ownId) {
			this.logger.warn(
				'Bitrix24 Open Lines Trigger refused an installation event of another application',
			);
			return refuse.call(this, 401, 'Unauthorized');
		}
	}

	const staticData = this.getWorkflowStaticData('node');
	staticData.applicationToken = auth.application_token;
	if (auth.member_id) staticData.memberId = auth.member_id;
	if (auth.domain) staticData.domain = auth.domain;
	staticData.installedAt = new Date().toISOString();
	const { bound, errors } = await bindWithInstallToken.call(
		this,
		config.portalUrl,
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
