'use strict';
// OAuth 2.0 (authorize + token endpoints, token store with rotating refresh tokens) and the REST
// module's authentication of a call: Bearer header → `auth` → `access_token`, or the webhook path.

const crypto = require('crypto');
const { RestError, unixNow } = require('./util');

const CODE_TTL_MS = 30 * 1000;
const REFRESH_TTL_MS = 180 * 24 * 3600 * 1000;

function randomToken(bytes = 32) {
	return crypto.randomBytes(bytes).toString('hex');
}

function oauthError(status, error, description) {
	return { status, body: { error, error_description: description } };
}

function createAuth(core) {
	const { state } = core;

	function scopeOf(requested) {
		if (typeof requested === 'string' && requested.trim() !== '') {
			return requested
				.split(/[\s,]+/)
				.filter(Boolean)
				.join(',');
		}
		return core.config.scope;
	}

	function createAccessToken(userId, scope) {
		const token = randomToken();
		const entry = {
			token,
			userId: String(userId),
			clientId: state.app.clientId,
			scope,
			issuedAt: Date.now(),
			expiresAt: Date.now() + core.config.accessTokenTtlSeconds * 1000,
		};
		state.accessTokens.set(token, entry);
		return entry;
	}

	/** Issues an access + refresh token pair; returns the OAuth server's JSON reply. */
	function issueTokens({ userId = '1', scope, refreshGrant = false } = {}) {
		const scopes = scopeOf(scope);
		const access = createAccessToken(userId, scopes);
		const refreshToken = randomToken();
		state.refreshTokens.set(refreshToken, {
			token: refreshToken,
			userId: String(userId),
			clientId: state.app.clientId,
			scope: scopes,
			expiresAt: Date.now() + REFRESH_TTL_MS,
		});
		const body = {
			access_token: access.token,
			client_endpoint: `${core.baseUrl()}/rest/`,
			domain: core.domain(),
			expires_in: core.config.accessTokenTtlSeconds,
			member_id: state.portal.memberId,
			refresh_token: refreshToken,
			scope: scopes,
			server_endpoint: `${core.baseUrl()}/rest/`,
			status: 'L',
		};
		if (refreshGrant) {
			body.expires = Math.floor(access.expiresAt / 1000);
			body.user_id = Number(userId);
		}
		return body;
	}

	/** The `auth` block of an event POST (a fresh access token of `userId`). */
	function eventAuth(userId, { withRefresh = false } = {}) {
		const access = createAccessToken(userId, core.config.scope);
		const auth = {
			access_token: access.token,
			expires: String(Math.floor(access.expiresAt / 1000)),
			expires_in: String(core.config.accessTokenTtlSeconds),
			scope: core.config.scope,
			domain: core.domain(),
			server_endpoint: `${core.baseUrl()}/rest/`,
			status: 'L',
			client_endpoint: `${core.baseUrl()}/rest/`,
			member_id: state.portal.memberId,
			user_id: String(userId),
		};
		if (withRefresh) {
			const refreshToken = randomToken();
			state.refreshTokens.set(refreshToken, {
				token: refreshToken,
				userId: String(userId),
				clientId: state.app.clientId,
				scope: core.config.scope,
				expiresAt: Date.now() + REFRESH_TTL_MS,
			});
			auth.refresh_token = refreshToken;
		}
		auth.application_token = state.app.applicationToken;
		return auth;
	}

	/** GET /oauth/authorize/ → 302 to the caller's redirect_uri (the app's handler path). */
	function authorize(query) {
		const clientId = query.client_id;
		if (!clientId || clientId !== state.app.clientId) {
			return oauthError(400, 'invalid_client', 'Unknown client_id');
		}
		const redirectUri = query.redirect_uri || core.config.redirectUri;
		if (!redirectUri) {
			return oauthError(400, 'invalid_request', 'No redirect_uri and no handler path configured');
		}
		let target;
		try {
			target = new URL(redirectUri);
		} catch {
			return oauthError(400, 'invalid_request', 'Invalid redirect_uri');
		}
		const code = randomToken(16);
		const scope = scopeOf(query.scope);
		state.authCodes.set(code, {
			code,
			userId: '1',
			scope,
			redirectUri,
			expiresAt: Date.now() + CODE_TTL_MS,
		});
		target.searchParams.set('code', code);
		if (query.state !== undefined) target.searchParams.set('state', String(query.state));
		target.searchParams.set('domain', core.domain());
		target.searchParams.set('member_id', state.portal.memberId);
		target.searchParams.set('scope', scope);
		target.searchParams.set('server_domain', core.domain());
		return { status: 302, location: target.toString() };
	}

	function basicCredentials(header) {
		const match = /^Basic\s+(.+)$/i.exec(header || '');
		if (!match) return null;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon === -1) return null;
		return {
			clientId: decodeURIComponent(decoded.slice(0, colon)),
			clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
		};
	}

	/** GET query or POST form/JSON at /oauth/token/. */
	function token(params, headers) {
		const basic = basicCredentials(headers.authorization);
		const clientId = params.client_id ?? basic?.clientId;
		const clientSecret = params.client_secret ?? basic?.clientSecret;
		if (clientId !== state.app.clientId || clientSecret !== state.app.clientSecret) {
			return oauthError(401, 'invalid_client', 'Invalid client credentials');
		}
		const grantType = params.grant_type;
		if (grantType === 'authorization_code') {
			const entry = params.code ? state.authCodes.get(String(params.code)) : undefined;
			if (!entry) return oauthError(400, 'invalid_grant', 'Invalid authorization code');
			state.authCodes.delete(entry.code);
			if (entry.expiresAt <= Date.now()) {
				return oauthError(400, 'invalid_grant', 'Authorization code has expired');
			}
			return { status: 200, body: issueTokens({ userId: entry.userId, scope: entry.scope }) };
		}
		if (grantType === 'refresh_token') {
			const entry = params.refresh_token
				? state.refreshTokens.get(String(params.refresh_token))
				: undefined;
			if (!entry || entry.expiresAt <= Date.now()) {
				return oauthError(400, 'invalid_grant', 'Invalid refresh token');
			}
			state.refreshTokens.delete(entry.token);
			return {
				status: 200,
				body: issueTokens({ userId: entry.userId, scope: entry.scope, refreshGrant: true }),
			};
		}
		if (!grantType) return oauthError(400, 'invalid_request', 'grant_type is required');
		return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
	}

	/**
	 * Authenticates a REST call. Returns `{type, userId, scope, key, placement}` or throws a RestError.
	 * @param {{authorization?: string}} headers
	 * @param {object} params merged query + body
	 * @param {{userId: string, code: string} | null} webhook from the path
	 */
	function authenticate(headers, params, webhook) {
		if (webhook) {
			if (webhook.userId !== state.webhook.userId || webhook.code !== state.webhook.code) {
				throw new RestError(401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
			}
			return {
				type: 'webhook',
				userId: webhook.userId,
				scope: null,
				key: `webhook:${webhook.code}`,
				placement: 'webhook',
			};
		}
		let tokenValue;
		let placement;
		const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization || '');
		if (bearer) {
			tokenValue = bearer[1].trim();
			placement = 'bearer';
		} else {
			for (const name of ['auth', 'access_token']) {
				const value = params[name];
				if (value !== undefined && value !== null && typeof value !== 'object' && value !== '') {
					tokenValue = String(value);
					placement = name;
					break;
				}
			}
		}
		if (!tokenValue) throw new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
		const entry = state.accessTokens.get(tokenValue);
		if (!entry) {
			const code = core.config.unknownTokenError;
			throw new RestError(
				401,
				code,
				code === 'invalid_token'
					? 'The access token provided is invalid'
					: 'Wrong authorization data',
			);
		}
		if (entry.expiresAt <= Date.now()) {
			throw new RestError(401, 'expired_token', 'The access token provided has expired');
		}
		return {
			type: 'oauth',
			userId: entry.userId,
			scope: entry.scope,
			clientId: entry.clientId,
			key: `app:${entry.clientId}`,
			placement,
		};
	}

	function expireAll() {
		const now = Date.now() - 1;
		let count = 0;
		for (const entry of state.accessTokens.values()) {
			if (entry.expiresAt > now) count++;
			entry.expiresAt = now;
		}
		return count;
	}

	function listTokens() {
		const now = Date.now();
		return {
			access_tokens: [...state.accessTokens.values()].map((entry) => ({
				access_token: entry.token,
				user_id: entry.userId,
				scope: entry.scope,
				expires: Math.floor(entry.expiresAt / 1000),
				expired: entry.expiresAt <= now,
			})),
			refresh_tokens: [...state.refreshTokens.values()].map((entry) => ({
				refresh_token: entry.token,
				user_id: entry.userId,
				scope: entry.scope,
			})),
			now: unixNow(),
		};
	}

	return { issueTokens, eventAuth, authorize, token, authenticate, expireAll, listTokens };
}

module.exports = { createAuth };
