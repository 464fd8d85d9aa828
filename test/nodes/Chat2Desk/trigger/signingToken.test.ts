import { createHash, createHmac } from 'crypto';

import { SigningTokenCache } from '../../../../nodes/Chat2Desk/trigger/signingToken';
import { TOKEN, createHarness } from '../helpers';

describe('SigningTokenCache', () => {
	let now = 0;
	const cache = () => new SigningTokenCache({ ttlMs: 60_000, maxEntries: 2, now: () => now });
	const reader = (tokens: string[]) => {
		const read = jest.fn(async () => tokens.shift() ?? 'none');
		return read;
	};
	beforeEach(() => {
		now = 1_000_000;
	});

	it('reads a credential once and remembers it for the TTL', async () => {
		const tokens = cache();
		const read = reader(['a', 'b']);
		expect(await tokens.get('cred-1', read)).toEqual({ token: 'a', remembered: false });
		now += 59_999;
		expect(await tokens.get('cred-1', read)).toEqual({ token: 'a', remembered: true });
		expect(read).toHaveBeenCalledTimes(1);
		now += 1;
		expect(await tokens.get('cred-1', read)).toEqual({ token: 'b', remembered: false });
	});

	it('reads again when asked for a fresh token', async () => {
		const tokens = cache();
		const read = reader(['a', 'b']);
		await tokens.get('cred-1', read);
		expect(await tokens.get('cred-1', read, { fresh: true })).toEqual({ token: 'b', remembered: false });
		expect(await tokens.get('cred-1', read)).toEqual({ token: 'b', remembered: true });
	});

	it('never remembers a credential without an id', async () => {
		const tokens = cache();
		const read = reader(['a', 'b']);
		await tokens.get('', read);
		expect(await tokens.get('', read)).toEqual({ token: 'b', remembered: false });
	});

	it('keeps credentials apart and forgets the least recently read beyond its size', async () => {
		const tokens = cache();
		await tokens.get('cred-1', reader(['one']));
		await tokens.get('cred-2', reader(['two']));
		await tokens.get('cred-3', reader(['three']));
		expect(await tokens.get('cred-2', reader(['x']))).toEqual({ token: 'two', remembered: true });
		expect(await tokens.get('cred-3', reader(['x']))).toEqual({ token: 'three', remembered: true });
		expect(await tokens.get('cred-1', reader(['again']))).toEqual({
			token: 'again',
			remembered: false,
		});
	});
});

describe('Chat2Desk Trigger › signature token', () => {
	const TIMESTAMP = '1743681006';
	const body = {
		message_id: 1,
		type: 'from_client',
		text: 'Hello',
		transport: 'telegram',
		client_id: 7,
		channel_id: 17,
		request_id: 9,
		hook_type: 'inbox',
		event_time: '2025-04-03T11:50:06.984494Z',
	};
	const sign = (raw: string, token: string) =>
		createHmac('sha256', createHash('md5').update(token).digest('hex'))
			.update(raw + TIMESTAMP)
			.digest('hex');
	const signedWith = (token: string, text = 'Hello') => {
		const payload = { ...body, text };
		const raw = JSON.stringify(payload);
		return {
			body: payload,
			rawBody: raw,
			headers: {
				'content-type': 'application/json',
				'X-Signature': sign(raw, token),
				'X-Timestamp': TIMESTAMP,
			},
		};
	};
	let clock: jest.SpyInstance;
	beforeEach(() => {
		clock = jest.spyOn(Date, 'now').mockReturnValue((Number(TIMESTAMP) + 60) * 1000);
	});
	afterEach(() => clock.mockRestore());

	const receive = async (
		harness: ReturnType<typeof createHarness>,
		request: ReturnType<typeof signedWith>,
	) =>
		await harness.webhook({
			node: 'chat2DeskTrigger',
			parameters: { events: ['inbox'], options: { signatureVerification: 'required' } },
			request,
		});

	it('decrypts the credential once for many deliveries', async () => {
		const harness = createHarness({ token: TOKEN });
		const decrypt = jest.spyOn(harness.credentialsHelper, 'getDecrypted');
		for (let i = 0; i < 3; i++) {
			const result = await receive(harness, signedWith(TOKEN, `message ${i}`));
			expect(result.startsRun).toBe(true);
		}
		expect(decrypt).toHaveBeenCalledTimes(1);
	});

	it('accepts a changed token from its first delivery on, and then refuses the old one', async () => {
		const harness = createHarness({ token: 'old-token' });
		expect((await receive(harness, signedWith('old-token'))).startsRun).toBe(true);
		harness.credentialsHelper.data.chat2DeskApi = { token: 'new-token' };
		expect((await receive(harness, signedWith('new-token', 'after'))).startsRun).toBe(true);
		const old = await receive(harness, signedWith('old-token', 'stale'));
		expect(old.startsRun).toBe(false);
		expect(old.response.statusCode).toBe(401);
	});
});
