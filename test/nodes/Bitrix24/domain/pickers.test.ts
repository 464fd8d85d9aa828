import {
	crmEntry,
	crmSearchFilter,
	lineEntry,
	matchingEntries,
	portalAddress,
} from '../../../../nodes/Bitrix24/domain/pickers';

describe('Bitrix24 list pickers', () => {
	it.each([
		[{ ID: 1, LINE_NAME: ' Sales ', ACTIVE: 'Y' }, { name: 'Sales · #1', value: '1' }],
		[{ ID: '2', LINE_NAME: 'Support', ACTIVE: 'N' }, { name: 'Support (inactive) · #2', value: '2' }],
		[{ ID: 3, LINE_NAME: '' }, { name: 'Line 3 · #3', value: '3' }],
		[{ ID: 4, ACTIVE: 'n' }, { name: 'Line 4 · #4', value: '4' }],
		[{ ID: 5, LINE_NAME: null }, { name: 'Line 5 · #5', value: '5' }],
	])('labels an Open Line %#', (line, expected) => {
		expect(lineEntry(line)).toEqual(expected);
	});

	it('filters entries by label, case-insensitively', () => {
		const entries = [
			{ name: 'Sales · #1', value: '1' },
			{ name: 'Support (inactive) · #2', value: '2' },
		];
		expect(matchingEntries(entries, ' SUPP ')).toEqual([entries[1]]);
		expect(matchingEntries(entries, 's')).toEqual(entries);
		expect(matchingEntries(entries, 'none')).toEqual([]);
		expect(matchingEntries(entries, '  ')).toBe(entries);
		expect(matchingEntries(entries, undefined)).toBe(entries);
	});

	it.each([
		['42', { ID: 42 }],
		[' #42 ', { ID: 42 }],
		['#', {}],
		['', {}],
		[undefined, {}],
		['Website request', { '%TITLE': 'Website request' }],
		['42a', { '%TITLE': '42a' }],
		['a42', { '%TITLE': 'a42' }],
		['##42', { '%TITLE': '#42' }],
		// Only a leading `#` marks an ID.
		['Order #42', { '%TITLE': 'Order #42' }],
	])('searches CRM records for %p', (typed, expected) => {
		expect(crmSearchFilter(typed)).toEqual(expected);
	});

	it('labels CRM records and links their cards on the portal', () => {
		expect(crmEntry({ ID: 42, TITLE: ' Website request ' }, 'lead')).toEqual({
			name: 'Website request · #42',
			value: '42',
		});
		expect(crmEntry({ ID: 7 }, 'lead', 'https://x.bitrix24.com//')).toEqual({
			name: 'Lead 7 · #7',
			value: '7',
			url: 'https://x.bitrix24.com/crm/lead/details/7/',
		});
		expect(crmEntry({ ID: 8, TITLE: '' }, 'deal', 'https://x.bitrix24.com')).toEqual({
			name: 'Deal 8 · #8',
			value: '8',
			url: 'https://x.bitrix24.com/crm/deal/details/8/',
		});
		expect(crmEntry({ ID: 9 }, 'deal', '')).toEqual({ name: 'Deal 9 · #9', value: '9' });
	});

	it('finds the portal address under every credential key, in order', () => {
		expect(portalAddress({ portalUrl: 'HTTPS://X.Bitrix24.com/rest/' })).toBe('https://x.bitrix24.com');
		expect(portalAddress({ domain: 'http://y.example.com:8080/x' })).toBe('http://y.example.com:8080');
		expect(portalAddress({ webhookUrl: ' https://z.bitrix24.com/rest/1/abc/ ' })).toBe(
			'https://z.bitrix24.com',
		);
		expect(portalAddress({ serverUrl: 'https://s.example.com' })).toBe('https://s.example.com');
		expect(
			portalAddress({ portalUrl: 'x.bitrix24.com', domain: 'https://d.example.com', webhookUrl: 'https://w.example.com' }),
		).toBe('https://d.example.com');
		expect(portalAddress({ portalUrl: 'ftp://x.com', domain: 'https:// bad' })).toBeUndefined();
		expect(portalAddress({ portalUrl: 'see https://x.com' })).toBeUndefined();
		expect(portalAddress({})).toBeUndefined();
		expect(portalAddress(undefined)).toBeUndefined();
	});
});
