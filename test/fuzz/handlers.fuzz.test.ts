/**
 * Property-based fuzzing of every handler and parser an outsider can reach: the Chat2Desk Trigger
 * webhook, the Bitrix24 Open Lines Trigger webhook and its /install URL, bracket re-nesting, and the
 * BB-code / operator-signature parsing. Random and adversarial bodies up to 256 KB.
 * Properties: no 5xx and no exception, no run without a valid signature / token, every handler under
 * 200 ms of CPU. `FUZZ_RUNS` sets the number of runs per property (npm run fuzz raises it).
 */
import fc from 'fast-check';
import { createHash, createHmac } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	FormLimitError,
	nestBracketForm,
	parseBracketQuery,
} from '../../nodes/Bitrix24/domain/bracketForm';
import { operatorMessagePlainText } from '../../nodes/Bitrix24/domain/messageText';
import { forgetRecentRefusals } from '../../nodes/Bitrix24/domain/tokenVerification';
import { forgetVerifiedTokens } from '../../nodes/Bitrix24/trigger/trust';
import { cpuMs, fuzzRuns } from '../helpers/cpuTime';
import type { WebhookResult } from '../helpers/n8n';
import { bitrix24Harness } from '../nodes/Bitrix24/helpers';
import { createHarness, TOKEN } from '../nodes/Chat2Desk/helpers';

const RUNS = fuzzRuns(25);
const BUDGET_MS = 200;
const KB256 = 256 * 1024;
const APP_TOKEN = 'fuzz-application-token';

jest.setTimeout(Math.max(60000, RUNS * 4000));

const bitrix = bitrix24Harness({
	bitrix24OAuth2Api: {
		// Unroutable on purpose: a verification call must never succeed (and is rate-limited anyway).
		portalUrl: 'https://portal.invalid',
		clientId: 'local.app',
		clientSecret: 'secret',
		accessTokenUrl: 'https://oauth.invalid/oauth/token/',
		oauthTokenData: { access_token: 'acc', refresh_token: 'ref' },
	},
});
const chat2desk = createHarness();

/** Hostile building blocks: bracket soup, deep keys, long runs, prototype names, BB codes. */
const hostileKey = fc.oneof(
	fc.constantFrom(
		'a[]',
		'auth[application_token]',
		'auth[access_token]',
		'auth[domain]',
		'__proto__',
		'constructor',
		'data[MESSAGES][]',
		'data[__proto__][x]',
		'event',
	),
	fc.string({ maxLength: 20 }),
	fc.nat(200).map((n) => `a${'[x]'.repeat(n)}`),
	fc.nat(12).map((n) => `k[${'9'.repeat(n)}]`),
);
const hostileText = fc.oneof(
	fc.string({ maxLength: 64 }),
	fc.constantFrom('[b]', '[url=', '[quote]', '[img ', ' ', '\t', '[/b]', ':', '&', '=', '%5B', '%'),
);
/** A string of up to 256 KB made by repeating a short hostile unit. */
const bigText = fc
	.tuple(fc.array(hostileText, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: KB256 }))
	.map(([units, size]) => {
		const unit = units.join('') || 'x';
		return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
	});
const formQuery = fc
	.oneof(
		bigText,
		fc
			.array(fc.tuple(hostileKey, hostileText), { maxLength: 60 })
			.map((pairs) =>
				pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
			),
		fc
			.tuple(hostileKey, fc.integer({ min: 1, max: 30000 }))
			.map(([key, n]) => `${encodeURIComponent(key)}=1&`.repeat(n)),
	)
	.map((query) => query.slice(0, KB256));

/**
 * Runs the handler (or parser) and checks its CPU time. A run over budget is repeated once with the same input and
 * only the repeat counts: a one-off GC pause or JIT warm-up on a busy machine passes, a handler that
 * is really slow (the quadratic and exponential cases took seconds to minutes) fails both times.
 */
async function withinBudget<T>(run: () => Promise<T> | T): Promise<T> {
	const [result, ms] = await cpuMs(run);
	if (ms < BUDGET_MS) return result;
	const [again, msAgain] = await cpuMs(run);
	expect(msAgain).toBeLessThan(BUDGET_MS);
	return again;
}

function expectNo5xx(result: WebhookResult): void {
	if (result.response.statusCode !== undefined && result.response.ended) {
		expect(result.response.statusCode).toBeLessThan(500);
	}
}

describe('Bitrix24 Open Lines Trigger', () => {
	beforeEach(() => {
	forgetRecentRefusals();
	forgetVerifiedTokens();
});
	// One delivery first, so JIT warm-up is not billed to the first generated body.
	beforeAll(async () => {
		await deliver('event=x', 'default', 'application/x-www-form-urlencoded');
	});

	function deliver(raw: string, webhookName: 'default' | 'setup', contentType: string) {
		return bitrix.webhook({
			node: 'bitrix24OpenLinesTrigger',
			webhookName,
			parameters: { events: ['ONIMCONNECTORMESSAGEADD'], connector: '' },
			credentialTypes: ['bitrix24OAuth2Api'],
			staticData: { applicationToken: APP_TOKEN, memberId: 'm1' },
			request: {
				headers: { 'content-type': contentType },
				body: {},
				rawBody: raw,
			},
		});
	}

	it('never crashes, never answers 5xx, never runs without the token, stays within budget', async () => {
		await fc.assert(
			fc.asyncProperty(
				formQuery,
				fc.constantFrom<'default' | 'setup'>('default', 'setup'),
				fc.constantFrom('application/x-www-form-urlencoded', 'application/octet-stream'),
				async (raw, hook, contentType) => {
					const result = await withinBudget(() => deliver(raw, hook, contentType));
					expectNo5xx(result);
					if (hook === 'default') expect(result.startsRun).toBe(false);
				},
			),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});

	it('with the right token, any body is still a clean answer within budget', async () => {
		await fc.assert(
			fc.asyncProperty(formQuery, async (raw) => {
				const body = `${raw}&auth%5Bapplication_token%5D=${APP_TOKEN}`;
				const result = await withinBudget(() =>
					deliver(body, 'default', 'application/x-www-form-urlencoded'),
				);
				expectNo5xx(result);
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});
});

describe('bracket re-nesting and message text', () => {
	it('parseBracketQuery returns or throws FormLimitError, fast', async () => {
		await fc.assert(
			fc.asyncProperty(formQuery, async (raw) => {
				await withinBudget(() => {
					try {
						parseBracketQuery(raw);
					} catch (error) {
						expect(error).toBeInstanceOf(FormLimitError);
					}
				});
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});

	it('nestBracketForm on arbitrary JSON returns or throws FormLimitError', () => {
		fc.assert(
			fc.property(fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 6 })), (body) => {
				try {
					const nested = nestBracketForm(body);
					expect(typeof nested).toBe('object');
					expect(Object.keys(Object.prototype)).toEqual([]);
				} catch (error) {
					expect(error).toBeInstanceOf(FormLimitError);
				}
			}),
			{ numRuns: RUNS * 4 },
		);
	});

	it('operator text parsing stays fast on any text', async () => {
		await fc.assert(
			fc.asyncProperty(bigText, async (text) => {
				await withinBudget(() => operatorMessagePlainText(text));
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});
});

describe('Chat2Desk Trigger', () => {
	const sign = (raw: string, timestamp: string) =>
		createHmac('sha256', createHash('md5').update(TOKEN).digest('hex'))
			.update(raw + timestamp)
			.digest('hex');

	const jsonBody = fc.oneof(
		bigText,
		fc.json({ maxDepth: 8 }),
		fc
			.record({
				hook_type: fc.oneof(
					fc.constantFrom('inbox', 'outbox', 'constructor', '__proto__', 'toString', ''),
					fc.string(),
				),
				message_id: fc.oneof(fc.integer(), fc.string()),
				client_id: fc.oneof(fc.integer(), fc.string()),
				extra_data: fc.jsonValue({ maxDepth: 10 }),
				event_time: fc.oneof(
					fc.string(),
					fc.date().map((d) => d.toISOString()),
				),
			})
			.map((body) => JSON.stringify(body)),
		fc
			.nat(3000)
			.map((n) => `{"hook_type":"inbox","extra_data":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
	);

	const receive = (raw: string, headers: Record<string, string>, options: IDataObject) => {
		let parsed: unknown = {};
		try {
			parsed = JSON.parse(raw);
		} catch {
			parsed = {};
		}
		return chat2desk.webhook({
			node: 'chat2DeskTrigger',
			parameters: { events: ['inbox', 'outbox'], options: options as INodeParameters },
			request: {
				headers: { 'content-type': 'application/json', ...headers },
				body: parsed,
				rawBody: raw,
			},
		});
	};

	it('never crashes or answers 5xx; with "required", no run without a valid signature', async () => {
		await fc.assert(
			fc.asyncProperty(
				jsonBody,
				fc.option(fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()), {
					nil: undefined,
				}),
				fc.constantFrom('required', 'ifPresent'),
				async (raw, signature, mode) => {
					const headers: Record<string, string> = { 'X-Timestamp': '1743681006' };
					if (signature !== undefined) headers['X-Signature'] = signature;
					const result = await withinBudget(() =>
						receive(raw, headers, { signatureVerification: mode }),
					);
					expectNo5xx(result);
					if (mode === 'required') expect(result.startsRun).toBe(false);
					if (signature !== undefined && signature.trim() !== '')
						expect(result.startsRun).toBe(false);
				},
			),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});

	it('correctly signed fresh deliveries of any body are a clean answer within budget', async () => {
		await fc.assert(
			fc.asyncProperty(jsonBody, async (raw) => {
				const timestamp = String(Math.floor(Date.now() / 1000));
				const result = await withinBudget(() =>
					receive(
						raw,
						{ 'X-Signature': sign(raw, timestamp), 'X-Timestamp': timestamp },
						{
							signatureVerification: 'required',
						},
					),
				);
				expectNo5xx(result);
			}),
			{ numRuns: RUNS, endOnFailure: true },
		);
	});
});
