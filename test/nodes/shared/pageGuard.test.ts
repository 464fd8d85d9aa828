import { MAX_PAGES, PageGuard } from '../../../nodes/shared/pageGuard';

const SAME_PAGE = { next: false, reason: 'the server returned the same page again' };
const SAME_CURSOR = { next: false, reason: 'the server did not advance its cursor' };

describe('PageGuard', () => {
	it('lets distinct pages through and stops at a repeated one', () => {
		const guard = new PageGuard();
		expect(guard.check([{ id: 1 }, { id: 2 }])).toEqual({ next: true });
		expect(guard.repeats([{ id: 1 }, { id: 2 }])).toBe(true);
		expect(guard.repeats([{ id: 3 }, { id: 4 }])).toBe(false);
		expect(guard.check([{ id: 3 }, { id: 4 }])).toEqual({ next: true });
		expect(guard.check([{ id: 3 }, { id: 4 }])).toEqual(SAME_PAGE);
	});

	it('tells pages apart by size, first and last row', () => {
		const guard = new PageGuard();
		expect(guard.check([{ id: 1 }, { id: 2 }, { id: 3 }])).toEqual({ next: true });
		// Same first and last row, one row fewer.
		expect(guard.repeats([{ id: 1 }, { id: 3 }])).toBe(false);
		// Same size and first row, another last row.
		expect(guard.repeats([{ id: 1 }, { id: 9 }, { id: 4 }])).toBe(false);
		// Same size and last row, another first row.
		expect(guard.repeats([{ id: 0 }, { id: 9 }, { id: 3 }])).toBe(false);
		// The middle row is not compared.
		expect(guard.repeats([{ id: 1 }, { id: 9 }, { id: 3 }])).toBe(true);
	});

	it('reads ID (Bitrix24) as well as id, whole rows without one, and scalars', () => {
		const guard = new PageGuard();
		guard.check([{ ID: '5' }]);
		expect(guard.repeats([{ ID: '5', NAME: 'changed' }])).toBe(true);
		expect(guard.repeats([{ id: 5 }])).toBe(true);
		expect(guard.repeats([{ ID: '6' }])).toBe(false);
		guard.check([{ name: 'a' }]);
		expect(guard.repeats([{ name: 'a' }])).toBe(true);
		expect(guard.repeats([{ name: 'b' }])).toBe(false);
		guard.check(['x', 'y']);
		expect(guard.repeats(['x', 'y'])).toBe(true);
		expect(guard.repeats(['x', 'z'])).toBe(false);
		guard.check([null, undefined]);
		expect(guard.repeats([null, undefined])).toBe(true);
		expect(guard.repeats([null, 'null'])).toBe(false);
	});

	it('never takes an empty page for a repeat', () => {
		const guard = new PageGuard();
		expect(guard.check([])).toEqual({ next: true });
		expect(guard.repeats([])).toBe(false);
		expect(guard.check([])).toEqual({ next: true });
	});

	it('stops when the cursor does not move, also across spellings', () => {
		const guard = new PageGuard();
		expect(guard.check([{ id: 1 }], 50)).toEqual({ next: true });
		expect(guard.check([{ id: 2 }], 100)).toEqual({ next: true });
		expect(guard.check([{ id: 3 }], '50')).toEqual(SAME_CURSOR);
		expect(guard.check([{ id: 4 }])).toEqual({ next: true });
		expect(guard.check([{ id: 5 }], undefined)).toEqual({ next: true });
	});

	it('stops at exactly the page limit', () => {
		const guard = new PageGuard(3);
		expect(guard.check([{ id: 1 }])).toEqual({ next: true });
		expect(guard.check([{ id: 2 }])).toEqual({ next: true });
		expect(guard.check([{ id: 3 }])).toEqual({ next: false, reason: 'stopped after 3 pages' });
	});

	it('allows a thousand pages by default', () => {
		expect(MAX_PAGES).toBe(1000);
		const guard = new PageGuard();
		for (let page = 1; page < MAX_PAGES; page++) {
			expect(guard.check([{ id: page }], page)).toEqual({ next: true });
		}
		expect(guard.check([{ id: MAX_PAGES }], MAX_PAGES)).toEqual({
			next: false,
			reason: 'stopped after 1000 pages',
		});
	});
});
