import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import {
	createBitrix24Simulator,
	type Bitrix24Simulator,
	type Bitrix24SimulatorOptions,
} from '../../../sandbox/bitrix24';
import { Bitrix24Api } from '../../../credentials/Bitrix24Api.credentials';
import { Bitrix24OAuth2Api } from '../../../credentials/Bitrix24OAuth2Api.credentials';
import { Bitrix24Crm } from '../../../nodes/Bitrix24/Bitrix24Crm.node';
import { Bitrix24OpenLines } from '../../../nodes/Bitrix24/Bitrix24OpenLines.node';
import { Bitrix24OpenLinesTrigger } from '../../../nodes/Bitrix24/Bitrix24OpenLinesTrigger.node';
import { crmPollSettings } from '../../../nodes/Bitrix24/crm/actions/record/findByOpenLineChat.operation';
import { bitrix24Retries } from '../../../nodes/Bitrix24/transport';
import { N8nHarness } from '../../helpers/n8n';

export const CONNECTOR = 'chat2desk_test';
export const CLIENT_ID = 'local.test-app';
export const CLIENT_SECRET = 'test-secret';
export const APP_TOKEN = 'sim-application-token';
export const WEBHOOK_CODE = 'hook-code';

/** Shrink retry and polling delays so tests stay fast; returns a restore function. */
export function fastTimers(): () => void {
	const poll = { ...crmPollSettings };
	const restoreRetries = bitrix24Retries.configure({
		maxRetries: 4,
		baseDelayMs: 5,
		maxDelayMs: 40,
		random: () => 0.5,
	});
	Object.assign(crmPollSettings, { initialDelayMs: 20, factor: 1.5, maxDelayMs: 80 });
	return () => {
		restoreRetries();
		Object.assign(crmPollSettings, poll);
	};
}

export interface SimContext {
	sim: Bitrix24Simulator;
	baseUrl: string;
	tokens: { access_token: string; refresh_token: string };
}

export async function startSimulator(options: Bitrix24SimulatorOptions = {}): Promise<SimContext> {
	const sim = createBitrix24Simulator({
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		applicationToken: APP_TOKEN,
		webhookCode: WEBHOOK_CODE,
		crmDelayMs: 150,
		eventDelayMs: 1,
		rateLimit: { enabled: false },
		...options,
	});
	const baseUrl = await sim.listen(0, '127.0.0.1');
	const tokens = sim.issueTokens();
	return { sim, baseUrl, tokens };
}

/** Credentials pointing at the simulator. */
export function simCredentials(
	ctx: SimContext,
	oauth: IDataObject = {},
): Record<string, ICredentialDataDecryptedObject> {
	return {
		bitrix24OAuth2Api: {
			portalUrl: ctx.baseUrl,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			accessTokenUrl: `${ctx.baseUrl}/oauth/token/`,
			oauthTokenData: { ...ctx.tokens },
			...oauth,
		},
		bitrix24Api: { webhookUrl: `${ctx.baseUrl}/rest/1/${WEBHOOK_CODE}/` },
	};
}

export function bitrix24Harness(
	credentials: Record<string, ICredentialDataDecryptedObject>,
): N8nHarness {
	return new N8nHarness({
		nodes: [new Bitrix24OpenLines(), new Bitrix24Crm(), new Bitrix24OpenLinesTrigger()],
		credentialTypes: [new Bitrix24OAuth2Api(), new Bitrix24Api()],
		credentials,
	});
}

/** Call the simulator's REST API as the app (Bearer token), for arranging state. */
export async function simCall(
	ctx: SimContext,
	method: string,
	params: IDataObject = {},
): Promise<IDataObject> {
	const response = await fetch(`${ctx.baseUrl}/rest/${method}`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${ctx.tokens.access_token}`,
		},
		body: JSON.stringify(params),
	});
	return (await response.json()) as IDataObject;
}

export interface Bitrix24SimulatorSuite {
	ctx: SimContext;
	h: N8nHarness;
}

/**
 * The prelude of a suite against the Bitrix24 simulator: fast retry and polling timers, a simulator, a
 * harness whose credentials point at it and, with `connectorLines`, the test connector active on those
 * lines. `started` receives the simulator and harness before the suite's own beforeAll runs; the timers
 * are restored and the simulator closed after the suite.
 */
export function useBitrix24Simulator(
	started: (suite: Bitrix24SimulatorSuite) => void,
	options: { simulator?: Bitrix24SimulatorOptions; connectorLines?: number[] } = {},
): void {
	let restore = () => {};
	let ctx: SimContext | undefined;
	beforeAll(async () => {
		restore = fastTimers();
		ctx = await startSimulator(options.simulator);
		const h = bitrix24Harness(simCredentials(ctx));
		if (options.connectorLines) await setUpConnector(ctx, options.connectorLines);
		started({ ctx, h });
	});
	afterAll(async () => {
		restore();
		await ctx?.sim.close();
	});
}

/** Register the test connector and activate it on the given lines, straight on the simulator. */
export async function setUpConnector(ctx: SimContext, lines: number[] = [1]): Promise<void> {
	await simCall(ctx, 'imconnector.register', {
		ID: CONNECTOR,
		NAME: 'Chat2Desk (test)',
		ICON: { DATA_IMAGE: 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E' },
		PLACEMENT_HANDLER: 'https://n8n.example.com/placement',
	});
	for (const line of lines)
		await simCall(ctx, 'imconnector.activate', { CONNECTOR: CONNECTOR, LINE: line, ACTIVE: 1 });
}

/** A client message straight into the simulator (as the Chat2Desk side of the bridge would send it). */
export async function clientWrites(
	ctx: SimContext,
	line: number,
	clientId: string,
	text: string,
	extra: IDataObject = {},
): Promise<IDataObject> {
	return await simCall(ctx, 'imconnector.send.messages', {
		CONNECTOR,
		LINE: line,
		MESSAGES: [
			{
				user: { id: clientId, name: 'Ivan', last_name: 'Petrov', phone: '+79990001122', ...extra },
				message: { id: `m-${clientId}-${text}`, date: 1773759161, text },
				chat: { id: clientId },
			},
		],
	});
}
