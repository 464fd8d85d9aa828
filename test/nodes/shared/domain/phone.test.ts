import { normalisePhone, phonesMatch, pickClientByPhone } from '../../../../nodes/shared/domain/phone';

describe('Chat2Desk phone normalisation', () => {
	it.each([
		['+7 (900) 123-45-67', '79001234567'],
		['79001234567', '79001234567'],
		['  +55 11 9 8765-4321 ', '5511987654321'],
		['[tg] 807892', ''],
		['  [tg] 807892', ''],
		// A bracketed note after a real number is not a pseudo-phone.
		['+7 (900) 123-45-67 [home]', '79001234567'],
		['[chat] 1d0bb2e221762cfcc05c', ''],
		['no digits', ''],
		['', ''],
	])('%j → %j', (input, expected) => {
		expect(normalisePhone(input)).toBe(expected);
	});

	it('accepts numbers and rejects other types', () => {
		expect(normalisePhone(79001234567)).toBe('79001234567');
		expect(normalisePhone(-79001234567.9)).toBe('79001234567');
		expect(normalisePhone(Number.NaN)).toBe('');
		expect(normalisePhone(Number.POSITIVE_INFINITY)).toBe('');
		expect(normalisePhone(null)).toBe('');
		expect(normalisePhone({})).toBe('');
	});

	it('matches phones by digits only', () => {
		expect(phonesMatch('+7 900 123 45 67', '79001234567')).toBe(true);
		expect(phonesMatch('79001234567', '79001234568')).toBe(false);
		expect(phonesMatch('', '')).toBe(false);
	});

	it('prefers the exact phone or client_phone match, else the first row', () => {
		const clients = [
			{ id: 1, phone: '[wa] group', client_phone: null },
			{ id: 2, phone: '79990000000', client_phone: '79001234567' },
			{ id: 3, phone: '79001234567' },
		];
		expect(pickClientByPhone(clients, '79001234567')?.id).toBe(2);
		expect(pickClientByPhone([{ id: 9, phone: '1' }], '79001234567')?.id).toBe(9);
		expect(pickClientByPhone([], '79001234567')).toBeUndefined();
	});
});
