/**
 * Chat2Desk stores messenger phones as digits without `+` (e.g. `79001234567`); messengers without a
 * phone get pseudo-phones such as `[tg] 807892`, which never match a real number.
 */

/** Keeps only the digits of a phone number: `+7 (900) 123-45-67` → `79001234567`. */
export function normalisePhone(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value))
		return String(Math.trunc(Math.abs(value)));
	if (typeof value !== 'string') return '';
	if (/^\s*\[[^\]]*\]/.test(value)) return '';
	return value.replace(/\D/g, '');
}

/** Whether two phone numbers have the same digits (empty never matches). */
export function phonesMatch(a: unknown, b: unknown): boolean {
	const left = normalisePhone(a);
	return left !== '' && left === normalisePhone(b);
}

/**
 * Picks the client whose `phone` or `client_phone` has exactly these digits; falls back to the first
 * row (Chat2Desk already filtered by phone), or undefined for an empty list.
 */
export function pickClientByPhone<T extends { phone?: unknown; client_phone?: unknown }>(
	clients: T[],
	digits: string,
): T | undefined {
	return (
		clients.find(
			(client) => phonesMatch(client.phone, digits) || phonesMatch(client.client_phone, digits),
		) ?? clients[0]
	);
}
