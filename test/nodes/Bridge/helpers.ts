import nock from 'nock';

import { Bitrix24OAuth2Api } from '../../../credentials/Bitrix24OAuth2Api.credentials';
import { Chat2DeskApi } from '../../../credentials/Chat2DeskApi.credentials';
import { Chat2DeskTagFilter } from '../../../nodes/Bridge/TagFilter/Chat2DeskTagFilter.node';
import { OpenLineRouter } from '../../../nodes/Bridge/OpenLineRouter/OpenLineRouter.node';
import { N8nHarness } from '../../helpers/n8n';

export const C2D = 'https://c2d.example.test';
export const PORTAL = 'https://portal.example.test';
export const TOKEN = 'c2d-token';
export const ACCESS_TOKEN = 'b24-access';

export function bridgeHarness(): N8nHarness {
	return new N8nHarness({
		nodes: [new Chat2DeskTagFilter(), new OpenLineRouter()],
		credentialTypes: [new Chat2DeskApi(), new Bitrix24OAuth2Api()],
		credentials: {
			chat2DeskApi: { token: TOKEN, apiHost: 'custom', customUrl: C2D },
			bitrix24OAuth2Api: {
				portalUrl: PORTAL,
				clientId: 'local.app',
				clientSecret: 'secret',
				oauthTokenData: { access_token: ACCESS_TOKEN, refresh_token: 'b24-refresh' },
			},
		},
	});
}

/** Chat2Desk answers with the token check the real API does. */
export function chat2desk(): nock.Scope {
	return nock(C2D).matchHeader('authorization', TOKEN);
}

export function client(id: number, tags: unknown[]) {
	return { status: 'success', data: { id, name: `Client ${id}`, tags } };
}

export function request(id: number, data: Record<string, unknown>) {
	return { status: 'success', data: { id, dialog_id: 7, ...data } };
}
