import { createHash, createHmac } from 'crypto';

import {
	checkChat2DeskSignature,
	computeSignature,
	eventTimeToUnixSeconds,
	matchesSignature,
	md5Hex,
	normaliseSignatureHeader,
	safeEqualHex,
	signChat2DeskPayload,
} from '../../../../nodes/Chat2Desk/domain/signature';

/** The vendor's published example ("Webhook Signature Verification (HMAC)"). */
const VENDOR_BODY =
	'{"message_id":28780,"type":"from_client","text":"test7","transport":"widget","client_id":12568,"operator_id":null,"dialog_id":942,"channel_id":1,"photo":null,"coordinates":null,"audio":null,"pdf":null,"client":{"id":12568,"phone":"[chat] 1d0bb2e221762cfcc05c","client_phone":null,"name":"[chat] 1d0bb2e221762cfcc05c","assigned_name":null,"external_id":null},"hook_type":"inbox","request_id":5357,"attachments":[],"is_new_request":false,"is_new_client":false,"insta_comment":false,"extra_data":{},"is_new":true,"event_time":"2025-04-03T11:50:06.984494Z"}';
const VENDOR_TIMESTAMP = '1743681006';
const VENDOR_SIGNATURE = '88b574d8237e1b7740f88102018b734d3dd5bc6803c509a3694eff9721b0c595';

const TOKEN = 'test-api-token';
const BODY = '{"hook_type":"inbox","message_id":1,"event_time":"2025-04-03T11:50:06Z"}';

describe('Chat2Desk webhook signature', () => {
	it('reproduces the vendor example (key literal md5_api_token, body + timestamp)', () => {
		expect(computeSignature('md5_api_token', VENDOR_BODY, VENDOR_TIMESTAMP)).toBe(VENDOR_SIGNATURE);
		expect(computeSignature('md5_api_token', Buffer.from(VENDOR_BODY), VENDOR_TIMESTAMP)).toBe(
			VENDOR_SIGNATURE,
		);
	});

	it('does not match timestamp + body or separated variants', () => {
		const key = 'md5_api_token';
		const hmac = (message: string) => createHmac('sha256', key).update(message).digest('hex');
		expect(hmac(VENDOR_TIMESTAMP + VENDOR_BODY)).not.toBe(VENDOR_SIGNATURE);
		expect(hmac(`${VENDOR_BODY}.${VENDOR_TIMESTAMP}`)).not.toBe(VENDOR_SIGNATURE);
	});

	it('uses the event time of the vendor body as its timestamp', () => {
		expect(eventTimeToUnixSeconds('2025-04-03T11:50:06.984494Z')).toBe(VENDOR_TIMESTAMP);
		expect(eventTimeToUnixSeconds('not a date')).toBeUndefined();
		expect(eventTimeToUnixSeconds(null)).toBeUndefined();
	});

	it('keys the HMAC with the hex MD5 of the API token', () => {
		expect(md5Hex(TOKEN)).toBe(createHash('md5').update(TOKEN).digest('hex'));
		expect(signChat2DeskPayload(TOKEN, BODY, '100')).toBe(
			createHmac('sha256', md5Hex(TOKEN)).update(`${BODY}100`).digest('hex'),
		);
	});

	it.each([
		['plain hex', 'AbC'.padEnd(64, 'f'), 'abc'.padEnd(64, 'f')],
		['sha256= prefix', `sha256=${'a'.repeat(64)}`, 'a'.repeat(64)],
		['surrounding spaces', `  ${'b'.repeat(64)} `, 'b'.repeat(64)],
		['too short', 'abc', undefined],
		['not hex', 'z'.repeat(64), undefined],
		['prefix in the middle', `${'a'.repeat(32)}sha256=${'a'.repeat(32)}`, undefined],
		['missing', undefined, undefined],
	])('normalises a signature header: %s', (_case, input, expected) => {
		expect(normaliseSignatureHeader(input)).toBe(expected);
	});

	describe('checkChat2DeskSignature', () => {
		const signature = signChat2DeskPayload(TOKEN, BODY, '1743681006');
		const base = { token: TOKEN, rawBody: BODY, timestamp: '1743681006' };

		it('accepts a valid signature (required mode)', () => {
			expect(checkChat2DeskSignature({ ...base, mode: 'required', signature })).toEqual({
				ok: true,
				verified: true,
			});
		});

		it('accepts the sha256= prefixed form', () => {
			expect(
				checkChat2DeskSignature({ ...base, mode: 'required', signature: `sha256=${signature}` }).ok,
			).toBe(true);
		});

		it('accepts a key made of the raw MD5 bytes', () => {
			const rawKey = createHash('md5').update(TOKEN).digest();
			const rawSignature = computeSignature(rawKey, BODY, '1743681006');
			expect(
				checkChat2DeskSignature({ ...base, mode: 'required', signature: rawSignature }),
			).toEqual({
				ok: true,
				verified: true,
			});
		});

		it('falls back to the event time when no timestamp header arrives', () => {
			const result = checkChat2DeskSignature({
				mode: 'required',
				token: TOKEN,
				rawBody: BODY,
				signature: signChat2DeskPayload(
					TOKEN,
					BODY,
					eventTimeToUnixSeconds('2025-04-03T11:50:06Z')!,
				),
				eventTime: '2025-04-03T11:50:06Z',
			});
			expect(result).toEqual({ ok: true, verified: true });
		});

		it('rejects a signature made with another token', () => {
			const forged = signChat2DeskPayload('other-token', BODY, '1743681006');
			expect(checkChat2DeskSignature({ ...base, mode: 'required', signature: forged })).toEqual({
				ok: false,
				reason: 'invalidSignature',
			});
		});

		it('rejects a body changed after signing (one byte)', () => {
			const result = checkChat2DeskSignature({
				...base,
				rawBody: BODY.replace('"message_id":1', '"message_id":2'),
				mode: 'required',
				signature,
			});
			expect(result).toEqual({ ok: false, reason: 'invalidSignature' });
		});

		it('rejects a re-serialised body (spaces added)', () => {
			const reserialised = JSON.stringify(JSON.parse(BODY), null, 1);
			expect(
				checkChat2DeskSignature({ ...base, rawBody: reserialised, mode: 'required', signature }).ok,
			).toBe(false);
		});

		it('rejects a missing signature in required mode, accepts it in ifPresent mode', () => {
			expect(checkChat2DeskSignature({ ...base, mode: 'required' })).toEqual({
				ok: false,
				reason: 'missingSignature',
			});
			expect(checkChat2DeskSignature({ ...base, mode: 'ifPresent', signature: '  ' })).toEqual({
				ok: true,
				verified: false,
			});
		});

		it('rejects a wrong signature in ifPresent mode', () => {
			expect(
				checkChat2DeskSignature({ ...base, mode: 'ifPresent', signature: 'f'.repeat(64) }),
			).toEqual({ ok: false, reason: 'invalidSignature' });
		});

		it('rejects a malformed signature header', () => {
			expect(checkChat2DeskSignature({ ...base, mode: 'required', signature: 'nonsense' })).toEqual(
				{
					ok: false,
					reason: 'invalidSignature',
				},
			);
		});

		it('needs a timestamp (header or event time)', () => {
			expect(
				checkChat2DeskSignature({ mode: 'required', token: TOKEN, rawBody: BODY, signature }),
			).toEqual({ ok: false, reason: 'missingTimestamp' });
		});

		it('skips everything in off mode', () => {
			expect(checkChat2DeskSignature({ ...base, mode: 'off', signature: 'garbage' })).toEqual({
				ok: true,
				verified: false,
			});
		});

		it('enforces the age window only when configured', () => {
			const now = 1743681006 + 301;
			expect(
				checkChat2DeskSignature({
					...base,
					mode: 'required',
					signature,
					nowSeconds: now,
					maxAgeSeconds: 300,
				}),
			).toEqual({ ok: false, reason: 'expired' });
			expect(
				checkChat2DeskSignature({
					...base,
					mode: 'required',
					signature,
					nowSeconds: now - 2,
					maxAgeSeconds: 300,
				}).ok,
			).toBe(true);
			expect(
				checkChat2DeskSignature({
					...base,
					mode: 'required',
					signature,
					nowSeconds: now + 7200,
					maxAgeSeconds: 0,
				}).ok,
			).toBe(true);
		});
	});
});

describe('Chat2Desk webhook signature: boundaries', () => {
	const TS = 1743681006;
	const signature = signChat2DeskPayload(TOKEN, BODY, String(TS));
	const check = (extra: Partial<Parameters<typeof checkChat2DeskSignature>[0]>) =>
		checkChat2DeskSignature({
			token: TOKEN,
			rawBody: BODY,
			timestamp: String(TS),
			mode: 'required',
			signature,
			...extra,
		});

	it('accepts an age equal to the limit, in either direction, and refuses one second more', () => {
		expect(check({ nowSeconds: TS + 300, maxAgeSeconds: 300 })).toEqual({ ok: true, verified: true });
		expect(check({ nowSeconds: TS - 300, maxAgeSeconds: 300 })).toEqual({ ok: true, verified: true });
		expect(check({ nowSeconds: TS + 301, maxAgeSeconds: 300 })).toEqual({
			ok: false,
			reason: 'expired',
		});
		expect(check({ nowSeconds: TS - 301, maxAgeSeconds: 300 })).toEqual({
			ok: false,
			reason: 'expired',
		});
	});

	it('checks no age without a clock or with a negative limit', () => {
		expect(check({ maxAgeSeconds: 1 })).toEqual({ ok: true, verified: true });
		expect(check({ nowSeconds: TS + 9999, maxAgeSeconds: -5 })).toEqual({ ok: true, verified: true });
		expect(check({ nowSeconds: 0, maxAgeSeconds: 1 })).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a signed timestamp that is not a number once an age limit applies', () => {
		const signedText = signChat2DeskPayload(TOKEN, BODY, 'soon');
		expect(check({ timestamp: 'soon', signature: signedText })).toEqual({ ok: true, verified: true });
		expect(
			check({ timestamp: 'soon', signature: signedText, nowSeconds: TS, maxAgeSeconds: 300 }),
		).toEqual({ ok: false, reason: 'expired' });
	});

	it('trims the timestamp header and tries the event time after a wrong header', () => {
		expect(check({ timestamp: `  ${TS}  ` })).toEqual({ ok: true, verified: true });
		const fromEventTime = signChat2DeskPayload(TOKEN, BODY, '1743681006');
		expect(
			check({
				timestamp: '1',
				eventTime: '2025-04-03T11:50:06.900Z',
				signature: fromEventTime,
				nowSeconds: TS,
				maxAgeSeconds: 10,
			}),
		).toEqual({ ok: true, verified: true });
		expect(check({ timestamp: '   ', eventTime: '' })).toEqual({
			ok: false,
			reason: 'missingTimestamp',
		});
	});

	it('accepts an upper-case signature with an upper-case prefix and padding', () => {
		expect(check({ signature: `  SHA256=${signature.toUpperCase()}  ` })).toEqual({
			ok: true,
			verified: true,
		});
		// 63 or 65 hex characters are malformed, not merely wrong.
		expect(normaliseSignatureHeader(signature.slice(1))).toBeUndefined();
		expect(normaliseSignatureHeader(`${signature}0`)).toBeUndefined();
		expect(normaliseSignatureHeader(`x${signature}`)).toBeUndefined();
		expect(normaliseSignatureHeader(null)).toBeUndefined();
		expect(check({ mode: 'ifPresent', signature: 'sha256=zz' })).toEqual({
			ok: false,
			reason: 'invalidSignature',
		});
		expect(check({ mode: 'ifPresent', signature: undefined })).toEqual({ ok: true, verified: false });
	});

	it('truncates event times to whole seconds', () => {
		expect(eventTimeToUnixSeconds('1970-01-01T00:00:01.999Z')).toBe('1');
		expect(eventTimeToUnixSeconds('')).toBeUndefined();
		expect(eventTimeToUnixSeconds(undefined)).toBeUndefined();
	});
});

describe('Chat2Desk webhook signature: comparison', () => {
	it('compares texts of different lengths as different, without throwing', () => {
		expect(safeEqualHex('ab', 'ab')).toBe(true);
		expect(safeEqualHex('ab', 'abc')).toBe(false);
		expect(safeEqualHex('ab', 'ac')).toBe(false);
	});

	it('hashes a UTF-8 body the same as text and as bytes', () => {
		const body = '{"text":"Привет 😀"}';
		const signature = signChat2DeskPayload(TOKEN, body, '7');
		expect(computeSignature(md5Hex(TOKEN), Buffer.from(body, 'utf8'), '7')).toBe(signature);
		expect(matchesSignature(TOKEN, Buffer.from(body, 'utf8'), '7', signature)).toBe(true);
		expect(matchesSignature(TOKEN, body, '8', signature)).toBe(false);
	});
});
