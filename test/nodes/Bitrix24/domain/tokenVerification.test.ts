import { createHash } from 'crypto';

import {
	coolingDown,
	forgetRecentRefusals,
	mayVerify,
	noteRefusal,
	recordRefusal,
	REFUSED_MAX,
	REFUSED_TTL_MS,
	verificationFingerprint,
	VERIFY_COOLDOWN_MS,
} from '../../../../nodes/Bitrix24/domain/tokenVerification';

const NOW = 1_700_000_000_000;

describe('token verification bookkeeping', () => {
	afterEach(() => forgetRecentRefusals());

	it('fingerprints the pair with a separator, never the token itself', () => {
		const fingerprint = verificationFingerprint('app', 'access');
		expect(fingerprint).toBe(
			createHash('sha256').update('app\u0000access', 'utf8').digest('hex').slice(0, 32),
		);
		expect(verificationFingerprint('ab', 'c')).not.toBe(verificationFingerprint('a', 'bc'));
	});

	it('refuses while a refusal or a cooldown lasts, and allows again at its end', () => {
		const state = { cooldownUntil: NOW + 10, refused: { f: NOW + 100 } };
		expect(mayVerify(state, 'f', NOW + 99)).toEqual({ ok: false, reason: 'this token was already refused' });
		expect(mayVerify(state, 'f', NOW + 100)).toEqual({ ok: true });
		expect(mayVerify(state, 'g', NOW + 9)).toEqual({
			ok: false,
			reason: 'a verification failed moments ago (cooling down)',
		});
		expect(mayVerify(state, 'g', NOW + 10)).toEqual({ ok: true });
		expect(mayVerify({ refused: { f: NOW - 1 } }, 'f', NOW)).toEqual({ ok: true });
		expect(mayVerify(undefined, 'f', NOW)).toEqual({ ok: true });
		expect(mayVerify('garbage', 'f', NOW)).toEqual({ ok: true });
		expect(mayVerify(null, 'f', NOW)).toEqual({ ok: true });
		expect(mayVerify({ cooldownUntil: NOW + 1 }, 'f', NOW)).toEqual({
			ok: false,
			reason: 'a verification failed moments ago (cooling down)',
		});
	});

	it('records a refusal: cooldown, expiry, expired and odd entries dropped, oldest first out', () => {
		expect(recordRefusal(undefined, 'f', NOW)).toEqual({
			cooldownUntil: NOW + VERIFY_COOLDOWN_MS,
			refused: { f: NOW + REFUSED_TTL_MS },
		});
		expect(recordRefusal(null, 'f', NOW)).toEqual({
			cooldownUntil: NOW + VERIFY_COOLDOWN_MS,
			refused: { f: NOW + REFUSED_TTL_MS },
		});
		const next = recordRefusal(
			{
				refused: {
					late: NOW + 50,
					gone: NOW,
					early: NOW + 5,
					odd: 'x' as unknown as number,
					text: String(NOW + 60) as unknown as number,
				},
			},
			'f',
			NOW,
		);
		expect(Object.entries(next.refused ?? {})).toEqual([
			['early', NOW + 5],
			['late', NOW + 50],
			['f', NOW + REFUSED_TTL_MS],
		]);
	});

	it(`remembers at most ${REFUSED_MAX} refusals, dropping those that expire first`, () => {
		const refused: Record<string, number> = {};
		for (let i = 0; i < REFUSED_MAX; i++) refused[`k${i}`] = NOW + 1000 - i;
		const next = recordRefusal({ refused }, 'new', NOW);
		const keys = Object.keys(next.refused ?? {});
		expect(keys).toHaveLength(REFUSED_MAX);
		// k63 expires first: it goes; k62 (next to expire) stays.
		expect(keys).not.toContain(`k${REFUSED_MAX - 1}`);
		expect(keys[0]).toBe(`k${REFUSED_MAX - 2}`);
		expect(keys[keys.length - 1]).toBe('new');
	});

	it('keeps an in-memory cooldown per trigger until its end', () => {
		noteRefusal('t1', NOW);
		expect(coolingDown('t1', NOW + VERIFY_COOLDOWN_MS - 1)).toBe(true);
		expect(coolingDown('t1', NOW + VERIFY_COOLDOWN_MS)).toBe(false);
		expect(coolingDown('t2', NOW)).toBe(false);
		forgetRecentRefusals();
		expect(coolingDown('t1', NOW)).toBe(false);
	});

	it('forgets the least recently refused trigger beyond a thousand', () => {
		noteRefusal('first', NOW);
		noteRefusal('second', NOW);
		// Refused again: now the most recent one.
		noteRefusal('first', NOW);
		for (let i = 0; i < 998; i++) noteRefusal(`t${i}`, NOW);
		// 1,000 triggers: nothing dropped yet.
		expect(coolingDown('second', NOW)).toBe(true);
		noteRefusal('one more', NOW);
		expect(coolingDown('second', NOW)).toBe(false);
		expect(coolingDown('first', NOW)).toBe(true);
		expect(coolingDown('one more', NOW)).toBe(true);
	});
});
