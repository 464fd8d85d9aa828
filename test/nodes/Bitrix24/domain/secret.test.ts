import { portalHost, sameHost, secretsEqual } from '../../../../nodes/Bitrix24/domain/secret';

describe('secretsEqual', () => {
	it.each([
		['token', 'token', true],
		['token', 'tokens', false],
		['token', 'Token', false],
		['', '', false],
		['token', '', false],
		['', 'token', false],
		[undefined, undefined, false],
		['1', 1, false],
		[1, '1', false],
	])('%p vs %p is %p', (expected, actual, result) => {
		expect(secretsEqual(expected, actual)).toBe(result);
	});
});

describe('portal hosts', () => {
	it.each([
		['Example.Bitrix24.COM', 'example.bitrix24.com'],
		['  https://example.com:8443/crm/  ', 'example.com:8443'],
		['https://example.com:443', 'example.com'],
		['http://example.com:80/x', 'example.com'],
		['ftp://Files.example.com', 'files.example.com'],
		// A scheme only counts at the start: this is a bare domain with a path.
		['example.com/go?to=https://other.com', 'example.com'],
		['[::1]:8443', '[::1]:8443'],
		['exa mple.com', ''],
		['   ', ''],
		['', ''],
		[undefined, ''],
		[42, ''],
	])('portalHost(%p) is %p', (input, expected) => {
		expect(portalHost(input)).toBe(expected);
	});

	it.each([
		['example.com', 'https://EXAMPLE.com/', true],
		['example.com:8443', 'example.com', true],
		['example.com', 'example.com:8443', true],
		['example.com:8443', 'example.com:8443', true],
		['example.com:8443', 'example.com:9443', false],
		// IPv6 literals: the colons inside the brackets are not a port.
		['[::1]', 'https://[::1]:8443/', true],
		['[::1]:8443', '[::1]', true],
		['[::1]:8443', '[::2]', false],
		['example.com', 'other.com', false],
		['example.com:8443', 'other.com', false],
		['example.com', 'other.com:8443', false],
		['', '', false],
		['example.com', '', false],
		['', 'example.com', false],
	])('sameHost(%p, %p) is %p', (configured, reported, expected) => {
		expect(sameHost(configured, reported)).toBe(expected);
	});
});
