import {
	clientEntry,
	clientMatchesName,
	clientSearch,
	dialogEntry,
	matchingEntries,
	nextPageToken,
	pageOffset,
	PICKER_PAGE_SIZE,
	requestEntries,
} from '../../../../nodes/Chat2Desk/domain/pickers';

describe('Chat2Desk list pickers', () => {
	it.each([
		[undefined, {}],
		['', {}],
		['   ', {}],
		['+7 (900) 123', { phone: '7900123' }],
		['  Anna Smith ', { name: 'anna smith' }],
		// A pseudo-phone has digits but no real number: searched by name.
		['[tg] 807892', { name: '[tg] 807892' }],
	])('reads the typed filter %p', (typed, expected) => {
		expect(clientSearch(typed)).toEqual(expected);
	});

	it.each([
		[
			{ assigned_name: ' Anna ', name: 'x', username: 'y', client_phone: '7900', phone: '1', id: 123 },
			'Anna (7900) · #123',
		],
		[{ name: 'Bob', phone: '7911', id: 5 }, 'Bob (7911) · #5'],
		[{ username: 'bobby', id: 1 }, 'bobby · #1'],
		// Without a name the phone is the label itself, not a bracketed aside.
		[{ phone: '7900', id: 2 }, '7900 · #2'],
		[{ name: '7900', phone: '7900', id: 3 }, '7900 · #3'],
		[{ id: 4, name: null, phone: undefined }, 'Client · #4'],
		[{ name: '  ', id: ' 9 ' }, 'Client · #9'],
	])('labels a client %#', (row, label) => {
		const entry = clientEntry(row);
		expect(entry.name).toBe(label);
		expect(entry.value).toBe(String(row.id).trim());
	});

	it('matches a client by any of its names or phones', () => {
		expect(clientMatchesName({ assigned_name: 'Anna SMITH' }, 'smith')).toBe(true);
		expect(clientMatchesName({ name: 'Bob' }, 'bo')).toBe(true);
		expect(clientMatchesName({ username: 'bobby' }, 'bby')).toBe(true);
		expect(clientMatchesName({ phone: '7900' }, '790')).toBe(true);
		expect(clientMatchesName({ client_phone: '7911' }, '911')).toBe(true);
		expect(clientMatchesName({ name: 'Bob', id: 'carl' }, 'carl')).toBe(false);
		expect(clientMatchesName({}, 'x')).toBe(false);
	});

	it.each([
		[
			{ id: 942, state: 'open', last_message: { client: { assigned_name: 'Anna', name: 'x', phone: '1' } } },
			'Dialog #942 · open · Anna',
		],
		[{ id: 1, state: 'closed', last_message: { client: { name: 'Bob', phone: '1' } } }, 'Dialog #1 · closed · Bob'],
		[{ id: 2, last_message: { client: { phone: '7900' } } }, 'Dialog #2 · 7900'],
		[{ id: 3, last_message: { client: null, client_id: 7 } }, 'Dialog #3 · client #7'],
		[{ id: 4, last_message: { client: 'Anna' } }, 'Dialog #4'],
		[{ id: 5, last_message: 'text' }, 'Dialog #5'],
		[{ id: 6, last_message: null, state: '' }, 'Dialog #6'],
		[{ id: 7, last_message: { client: 42, client_id: 8 } }, 'Dialog #7 · client #8'],
		[{ id: 8, last_message: { client: { name: '  ' }, client_id: ' ' } }, 'Dialog #8'],
	])('labels a dialog %#', (row, label) => {
		expect(dialogEntry(row)).toEqual({ name: label, value: String(row.id) });
	});

	it('lists the latest request of each dialog once, skipping dialogs without one', () => {
		expect(
			requestEntries([
				{ id: 1, state: 'open', last_request_id: 10, last_message: { client: { name: 'Anna' } } },
				{ id: 2, last_request_id: '' },
				{ id: 3, last_request_id: null },
				{ id: 4, state: 'closed', last_request_id: ' 10 ' },
				{ id: 5, last_request_id: 11 },
			]),
		).toEqual([
			{ name: 'Request #10 · Anna · dialog #1 · open', value: '10' },
			{ name: 'Request #11 · dialog #5', value: '11' },
		]);
		expect(requestEntries([])).toEqual([]);
	});

	it('filters entries by label, case-insensitively', () => {
		const entries = [
			{ name: 'Anna · #1', value: '1' },
			{ name: 'Bob · #2', value: '2' },
		];
		expect(matchingEntries(entries, '  ANNA ')).toEqual([entries[0]]);
		expect(matchingEntries(entries, '#')).toEqual(entries);
		expect(matchingEntries(entries, 'carl')).toEqual([]);
		expect(matchingEntries(entries, '')).toBe(entries);
		expect(matchingEntries(entries, undefined)).toBe(entries);
	});

	it('pages by offset: a full page has a next page, a short one ends the list', () => {
		expect(PICKER_PAGE_SIZE).toBe(50);
		expect(nextPageToken(0, 50)).toBe('50');
		expect(nextPageToken(100, 51)).toBe('151');
		expect(nextPageToken(0, 49)).toBeUndefined();
		expect(nextPageToken(50, 0)).toBeUndefined();
		expect(pageOffset('150')).toBe(150);
		expect(pageOffset('1')).toBe(1);
		expect(pageOffset('0')).toBe(0);
		expect(pageOffset('-0')).toBe(0);
		expect(pageOffset('-50')).toBe(0);
		expect(pageOffset('1.5')).toBe(0);
		expect(pageOffset('next')).toBe(0);
		expect(pageOffset(undefined)).toBe(0);
	});
});
