// The local simulators (sandbox/) as seen from the end-to-end tests and the demo: start them when their
// modules exist, describe the n8n credentials that point at them, and reset them between scenarios.
const path = require('path');
const { ROOT } = require('./paths');

/**
 * Starts both simulators through sandbox/start.js. Resolves `{instance, reason}`: `instance` is what
 * startSandbox() returned, or null with `reason` when the simulator modules are not there (yet).
 */
async function startSandboxIfAvailable(env = process.env) {
	let startSandbox;
	try {
		({ startSandbox } = require(path.join(ROOT, 'sandbox', 'start.js')));
	} catch (error) {
		if (error.code === 'MODULE_NOT_FOUND') {
			return {
				instance: null,
				reason: `simulator modules missing (${error.message.split('\n')[0]})`,
			};
		}
		throw error;
	}
	return { instance: await startSandbox(env), reason: null };
}

/** Names of the credentials sandboxCredentials() creates, by credential type. */
const SANDBOX_CREDENTIAL_NAMES = {
	chat2DeskApi: 'Chat2Desk (sandbox)',
	bitrix24OAuth2Api: 'Bitrix24 OAuth2 (sandbox)',
	bitrix24Api: 'Bitrix24 webhook (sandbox)',
};

/**
 * Credentials (for `startN8n({credentials})`) that point our credential types at the simulators:
 * the Chat2Desk API token with a custom host, the Bitrix24 local application with a token pair issued by
 * the simulator (as if the OAuth consent had happened), and the Bitrix24 incoming webhook. No application
 * token is preset: the triggers learn it from the install event or verify their first event, as on a
 * real portal.
 */
function sandboxCredentials(sandbox, env = process.env) {
	const chat2deskToken =
		(sandbox.chat2desk.config && sandbox.chat2desk.config.token) ||
		env.CHAT2DESK_SIM_TOKEN ||
		'sandbox-token';
	const bitrixConfig = sandbox.bitrix24.config || {};
	const webhookUser = bitrixConfig.webhookUserId || 1;
	const webhookCode =
		bitrixConfig.webhookCode || env.BITRIX24_SIM_WEBHOOK_CODE || 'sandbox-webhook';
	const oauth = {
		name: SANDBOX_CREDENTIAL_NAMES.bitrix24OAuth2Api,
		type: 'bitrix24OAuth2Api',
		data: {
			portalUrl: sandbox.bitrix24Url,
			oauthServer: 'custom',
			customTokenUrl: `${sandbox.bitrix24Url}/oauth/token/`,
			clientId: bitrixConfig.clientId || env.BITRIX24_SIM_CLIENT_ID || 'sandbox-client',
			clientSecret: bitrixConfig.clientSecret || env.BITRIX24_SIM_CLIENT_SECRET || 'sandbox-secret',
			scope: 'imopenlines,imconnector,im,crm,user',
			authentication: 'body',
		},
	};
	if (typeof sandbox.bitrix24.issueTokens === 'function') {
		oauth.data.oauthTokenData = sandbox.bitrix24.issueTokens();
	}
	return [
		{
			name: SANDBOX_CREDENTIAL_NAMES.chat2DeskApi,
			type: 'chat2DeskApi',
			data: { token: chat2deskToken, apiHost: 'custom', customUrl: sandbox.chat2deskUrl },
		},
		oauth,
		{
			name: SANDBOX_CREDENTIAL_NAMES.bitrix24Api,
			type: 'bitrix24Api',
			data: { webhookUrl: `${sandbox.bitrix24Url}/rest/${webhookUser}/${webhookCode}/` },
		},
	];
}

/**
 * Resets both simulators to their seed state, keeping the OAuth tokens Bitrix24 issued: n8n holds
 * them in its encrypted credential and cannot be given new ones through its API.
 */
function resetSandbox(sandbox) {
	const { chat2desk, bitrix24 } = sandbox;
	const state = bitrix24.state || {};
	const keep = {};
	for (const key of ['accessTokens', 'refreshTokens']) {
		if (state[key] instanceof Map) keep[key] = new Map(state[key]);
	}
	if (typeof chat2desk.reset === 'function') chat2desk.reset();
	if (typeof bitrix24.reset === 'function') bitrix24.reset();
	const fresh = bitrix24.state || {};
	for (const [key, entries] of Object.entries(keep)) {
		if (fresh[key] instanceof Map)
			for (const [token, entry] of entries) fresh[key].set(token, entry);
	}
}

/**
 * The simulators serve attachments from 127.0.0.1, an address the Bitrix24 Open Lines send operation
 * refuses by default (Bitrix24 would fetch it from inside its network): every send node of a workflow
 * imported for the sandbox gets "Allow Private File URLs". Returns the same workflow object.
 */
function allowSandboxFileUrls(workflow) {
	for (const node of workflow.nodes || []) {
		const parameters = node.parameters || {};
		if (!String(node.type).endsWith('.bitrix24OpenLines')) continue;
		if ((parameters.resource ?? 'message') !== 'message') continue;
		if ((parameters.operation ?? 'send') !== 'send') continue;
		parameters.sending = { ...(parameters.sending || {}), allowPrivateFileUrls: true };
		node.parameters = parameters;
	}
	return workflow;
}

module.exports = {
	allowSandboxFileUrls,
	startSandboxIfAvailable,
	sandboxCredentials,
	resetSandbox,
	SANDBOX_CREDENTIAL_NAMES,
};
