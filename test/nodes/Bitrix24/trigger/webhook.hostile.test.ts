/**
 * Bodies an outsider controls must cost little before the token check and stay bounded after it:
 * the token is read flat first, re-nesting is linear, and caps answer a clean 4xx instead of a stall
 * or a stack overflow. Also: a large genuine event whose `auth[…]` keys lie beyond n8n's 1,000-key
 * form limit still authenticates (the trigger reads the raw body).
 */
import type { IDataObject } from 'n8n-workflow';

import {
	FormLimitError,
	nestBracketForm,
	parseBracketQuery,
} from '../../../../nodes/Bitrix24/domain/bracketForm';
import { cpuMs } from '../../../helpers/cpuTime';
import type { WebhookResult } from '../../../helpers/n8n';
import { bitrix24Harness } from '../helpers';

const TOKEN = 'the-application-token';
const h = bitrix24Harness({
	bitrix24OAuth2Api: {
		portalUrl: 'https://portal.example.test',
		clientId: 'local.app',
		clientSecret: 'secret',
		accessTokenUrl: 'https://oauth.example.test/oauth/token/',
		oauthTokenData: { access_token: 'acc', refresh_token: 'ref' },
		applicationToken: TOKEN,
	},
});

const KB256 = 256 * 1024;

function post(
	request: { body?: unknown; raw?: string; contentType?: string },
	webhookName: 'default' | 'setup' = 'default',
): Promise<WebhookResult> {
	return h.webhook({
		node: 'bitrix24OpenLinesTrigger',
		webhookName,
		parameters: { events: ['ONIMCONNECTORMESSAGEADD'], connector: '' },
		credentialTypes: ['bitrix24OAuth2Api'],
		staticData: { applicationToken: TOKEN },
		request: {
			headers: {
				'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
			},
			body: request.body ?? {},
			rawBody: request.raw ?? '',
		},
	});
}

/**
 * CPU time of a handler call, the best of up to three tries: a quadratic handler takes seconds every
 * time, while a busy CI machine (garbage collection, other suites) can add a few ms to one try.
 */
const timed = async (run: () => Promise<WebhookResult>): Promise<[WebhookResult, number]> => {
	let best: [WebhookResult, number] | undefined;
	for (let attempt = 0; attempt < 3; attempt++) {
		const measured = await cpuMs(run);
		if (best === undefined || measured[1] < best[1]) best = measured;
		if (measured[1] < 200) break;
	}
	return best!;
};

const manyValues = (n: number) => Array.from({ length: n }, () => '1');
const repeatedQuery = (bytes: number, key = 'a%5B%5D') => {
	const part = `${key}=1&`;
	return part.repeat(Math.floor(bytes / part.length));
};

describe('re-nesting is linear', () => {
	const NO_CAPS = { maxKeys: 1e6, maxDepth: 32, maxIndex: 1e6 };

	it('a 256 KB `a[]` list re-nests in well under a second (was quadratic: minutes)', async () => {
		const query = repeatedQuery(KB256).slice(0, -1);
		const [result, ms] = await cpuMs(() => parseBracketQuery(query, NO_CAPS));
		expect(ms).toBeLessThan(500);
		expect((result.a as string[]).length).toBe(Math.floor(KB256 / 10));
	});

	it('a JSON body {"a[]": [...40,000]} re-nests fast with caps lifted', async () => {
		const [nested, ms] = await cpuMs(() => nestBracketForm({ 'a[]': manyValues(40000) }, NO_CAPS));
		expect(ms).toBeLessThan(500);
		expect((nested.a as string[]).length).toBe(40000);
	});
});

describe('caps', () => {
	it.each([
		['too many fields', () => parseBracketQuery(repeatedQuery(KB256, 'k'))],
		['a key 20,000 levels deep', () => parseBracketQuery(`a${'[x]'.repeat(20000)}=1`)],
		[
			'a JSON value 20,000 levels deep',
			() => {
				let deep: unknown = '1';
				for (let i = 0; i < 20000; i++) deep = { x: deep };
				return nestBracketForm({ a: deep });
			},
		],
		['a list of 50,000 values', () => nestBracketForm({ 'a[]': manyValues(50000) })],
	])('%s → FormLimitError (not a stack overflow)', (_name, run) => {
		expect(run).toThrow(FormLimitError);
	});
});

describe('through the trigger', () => {
	const hostile: Array<[string, { body?: unknown; raw?: string; contentType?: string }]> = [
		['256 KB form `a[]` list', { raw: repeatedQuery(KB256) }],
		[
			'256 KB JSON `a[]` list',
			{
				body: { 'a[]': manyValues(KB256 / 4) },
				contentType: 'application/json',
			},
		],
		[
			'256 KB octet-stream `a[]` list',
			{ raw: repeatedQuery(KB256), contentType: 'application/octet-stream' },
		],
		['a key 20,000 levels deep', { raw: `a${'[x]'.repeat(20000)}=1` }],
	];

	it.each(hostile)('%s with a wrong token: 401 within 200 ms, no run', async (_name, request) => {
		const raw = request.raw ? `${request.raw}&auth%5Bapplication_token%5D=wrong` : undefined;
		const body =
			request.body !== undefined
				? {
						...(request.body as IDataObject),
						'auth[application_token]': 'wrong',
					}
				: undefined;
		for (const hook of ['default', 'setup'] as const) {
			const [result, ms] = await timed(() => post({ ...request, raw, body }, hook));
			expect(result.startsRun).toBe(false);
			expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
			expect(result.response.statusCode).toBeLessThan(500);
			expect(ms).toBeLessThan(200);
		}
	});

	it.each(hostile)('%s with the right token: a clean 4xx within 200 ms', async (_name, request) => {
		const raw = request.raw ? `${request.raw}&auth%5Bapplication_token%5D=${TOKEN}` : undefined;
		const body =
			request.body !== undefined
				? {
						...(request.body as IDataObject),
						'auth[application_token]': TOKEN,
					}
				: undefined;
		const [result, ms] = await timed(() => post({ ...request, raw, body }));
		expect(result.startsRun).toBe(false);
		expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
		expect(result.response.statusCode).toBeLessThan(500);
		expect(ms).toBeLessThan(200);
	});

	it('a body over 1 MB is answered 413 before anything is read', async () => {
		const result = await post({ raw: 'x'.repeat(1024 * 1024 + 1) });
		expect(result.response.statusCode).toBe(413);
	});

	it('a genuine event with more than 1,000 fields authenticates from the raw body', async () => {
		const parts = [
			'event=ONIMCONNECTORMESSAGEADD',
			'data%5BCONNECTOR%5D=chat2desk',
			'data%5BLINE%5D=1',
			'data%5BMESSAGES%5D%5B0%5D%5Bim%5D%5Bchat_id%5D=5',
			'data%5BMESSAGES%5D%5B0%5D%5Bim%5D%5Bmessage_id%5D=6',
			'data%5BMESSAGES%5D%5B0%5D%5Bchat%5D%5Bid%5D=client-1',
			'data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Btext%5D=hi',
		];
		for (let i = 0; i < 1200; i++)
			parts.push(`data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Bextra%5D%5B${i}%5D=x`);
		parts.push(`auth%5Bapplication_token%5D=${TOKEN}`, 'auth%5Bdomain%5D=portal.example.test');
		const raw = parts.join('&');
		// What n8n's body parser hands over: querystring with maxKeys 1000 drops the tail, auth included.
		const truncated = Object.fromEntries(new URLSearchParams(parts.slice(0, 1000).join('&')));
		const result = await post({ raw, body: truncated });
		expect(result.response.statusCode).not.toBe(401);
		expect(result.startsRun).toBe(true);
	});
});
