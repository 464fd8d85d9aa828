import {
	normalisePortalUrl,
	portalRestBase,
	webhookBaseUrl,
} from '../../../../nodes/Bitrix24/domain/urls';

describe('portal URLs', () => {
	it.each([
		['example.bitrix24.com', 'https://example.bitrix24.com'],
		['  https://example.bitrix24.com/crm/  ', 'https://example.bitrix24.com'],
		['HTTP://Example.COM:8080/crm/?x=1', 'http://example.com:8080'],
		['https://example.com:443/', 'https://example.com'],
		['ftp://files.example.com/x', 'ftp://files.example.com'],
		['a1.b-c+d://host/x', 'a1.b-c+d://host'],
		['example.com/path?u=http://other.com', 'https://example.com'],
		// Not a URL at all: kept as written, without trailing slashes.
		['https://exa mple.com//', 'https://exa mple.com'],
		['', ''],
		['   ', ''],
		[null, ''],
		[undefined, ''],
	])('normalisePortalUrl(%p) is %p', (input, expected) => {
		expect(normalisePortalUrl(input)).toBe(expected);
	});

	it('builds the REST base only for a portal', () => {
		expect(portalRestBase('example.com/crm')).toBe('https://example.com/rest/');
		expect(portalRestBase('  ')).toBe('');
	});

	it.each([
		['https://a.com/rest/1/abc', 'https://a.com/rest/1/abc/'],
		['https://a.com/rest/1/abc/', 'https://a.com/rest/1/abc/'],
		['https://a.com/rest/1/abc/profile.json', 'https://a.com/rest/1/abc/'],
		['https://a.com/rest/12/abc/profile.json', 'https://a.com/rest/12/abc/'],
		['https://a.com/rest/api/1/abc/', 'https://a.com/rest/api/1/abc/'],
		['https://a.com/rest/api/1/abc/crm.lead.get', 'https://a.com/rest/api/1/abc/'],
		['  https://a.com/REST/7/Key/  ', 'https://a.com/REST/7/Key/'],
		['https://a.com/rest/1//', 'https://a.com/rest/1/'],
		['https://a.com/hooks//', 'https://a.com/hooks/'],
		['', ''],
		[null, ''],
	])('webhookBaseUrl(%p) is %p', (input, expected) => {
		expect(webhookBaseUrl(input)).toBe(expected);
	});
});
