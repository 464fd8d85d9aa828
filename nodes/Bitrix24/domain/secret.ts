/** Constant-time comparison of shared secrets (application tokens). Never throws. */
import { createHash, timingSafeEqual } from 'crypto';

/** True when both are non-empty strings with equal content; compares digests so length does not leak. */
export function secretsEqual(expected: unknown, actual: unknown): boolean {
	if (typeof expected !== 'string' || typeof actual !== 'string') return false;
	// An empty actual against a non-empty expected already differs; only two empties would match.
	if (expected === '') return false;
	const a = createHash('sha256').update(expected).digest();
	const b = createHash('sha256').update(actual).digest();
	return timingSafeEqual(a, b);
}

/** Host (with port when not default) of a portal URL or bare domain, lower-cased; '' if unparsable. */
export function portalHost(value: unknown): string {
	if (typeof value !== 'string') return '';
	const raw = value.trim();
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
	try {
		// An empty or blank value becomes `https://`, which does not parse.
		return new URL(withScheme).host.toLowerCase();
	} catch {
		return '';
	}
}

/** Does an event's `auth[domain]` name the configured portal? (Port-insensitive when one side lacks it.) */
export function sameHost(configured: unknown, reported: unknown): boolean {
	const a = portalHost(configured);
	const b = portalHost(reported);
	// An empty `b` never equals a non-empty `a`, with or without its port.
	if (a === '') return false;
	if (a === b) return true;
	const strip = (host: string) => host.replace(/:\d+$/, '');
	const aHasPort = /:\d+$/.test(a);
	const bHasPort = /:\d+$/.test(b);
	return aHasPort !== bHasPort && strip(a) === strip(b);
}
