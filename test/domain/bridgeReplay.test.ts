import type { IDataObject } from 'n8n-workflow';

import {
	chunkMessages,
	compareMessages,
	dedupeById,
	hasMorePages,
	messageIds,
	nextStartId,
	ReplayError,
	selectUnsentMessages,
} from '../../nodes/Bridge/domain/replay';

const msg = (
	id: number | string,
	created: string | number | undefined,
	extra: IDataObject = {},
): IDataObject => ({
	id,
	created,
	type: 'from_client',
	client_id: 9,
	request_id: 11,
	text: `m${id}`,
	...extra,
});

describe('selectUnsentMessages', () => {
	const page1 = [
		msg(101, '2026-07-17T10:45:31 UTC'),
		msg(102, '2026-07-17T10:45:31 UTC', { type: 'to_client' }),
		msg(103, '2026-07-17T10:40:00 UTC', { request_id: 12 }),
		msg(104, '2026-07-17 10:50:00'),
	];
	const page2 = [
		msg(104, '2026-07-17 10:50:00'),
		msg('105', 1784285200, { request_id: 12 }),
		msg(106, '2026-07-17T10:45:31Z'),
		msg(107, '2026-07-17T10:46:00 UTC', { client_id: 10 }),
		msg(108, undefined),
	];

	const pages = [page1, page2.filter((row) => row.client_id !== 10)];

	it.each([
		[
			'all client messages, ordered by (created, id) across date formats, once',
			{},
			[103, 101, 106, 105, 104, 108],
		],
		[
			'skips already sent ids (string or number)',
			{ alreadySent: ['101', 104] },
			[103, 106, 105, 108],
		],
		[
			'only the current request',
			{ requestScope: 'currentRequest', currentRequestId: '12' },
			[103, 105],
		],
		[
			'only other requests',
			{ requestScope: 'otherRequests', currentRequestId: 12 },
			[101, 106, 104, 108],
		],
		['custom types', { types: ['to_client'] }, [102]],
	] as Array<[string, object, number[]]>)('%s', (_name, options, expectedIds) => {
		expect(selectUnsentMessages(pages, options).map((row) => Number(row.id))).toEqual(expectedIds);
	});

	it('keeps rows of other clients without a client filter', () => {
		expect(selectUnsentMessages([page1, page2]).map((row) => Number(row.id))).toEqual([
			103, 101, 106, 107, 105, 104, 108,
		]);
	});

	it('drops rows of another client when filtering by client', () => {
		expect(
			selectUnsentMessages([page1, page2], { clientId: 9 }).map((row) => row.id),
		).not.toContain(107);
	});

	it('accepts request-messages rows (type in, camelCase ids, unix created)', () => {
		const rows = [
			{ id: 2, type: 'in', created: 1743681010, clientID: 9, requestID: 5 },
			{ id: 1, type: 'in', created: 1743681006, clientID: 9, requestID: 5 },
			{ id: 3, type: 'out', created: 1743681000, clientID: 9, requestID: 5 },
		];
		expect(
			selectUnsentMessages(rows, {
				clientId: 9,
				requestScope: 'currentRequest',
				currentRequestId: 5,
			}).map((r) => r.id),
		).toEqual([1, 2]);
	});

	it('needs the current request for a request scope', () => {
		expect(() => selectUnsentMessages([], { requestScope: 'otherRequests' })).toThrow(ReplayError);
	});

	it('returns nothing for empty pages', () => {
		expect(selectUnsentMessages([[], []])).toEqual([]);
	});
});

describe('dedupeById / compareMessages', () => {
	it('keeps the first row of an id across pages, ids as strings or numbers', () => {
		expect(
			dedupeById([[{ id: 1, text: 'a' }], [{ id: '1', text: 'b' }, { id: 2 }, { text: 'no id' }]]),
		).toEqual([{ id: 1, text: 'a' }, { id: 2 }]);
	});

	it.each([
		[{ id: 1, created: '2026-01-01 10:00:00' }, { id: 2, created: '2026-01-01T10:00:00 UTC' }, -1],
		[{ id: 3, created: 1767261600 }, { id: 2, created: '2026-01-01T10:00:00Z' }, 1],
		[{ id: 1, created: '2026-01-01 10:00:01' }, { id: 2, created: '2026-01-01 10:00:00' }, 1],
		[{ id: 1 }, { id: 2, created: '2026-01-01 10:00:00' }, 1],
		[{ id: 10 }, { id: 9 }, 1],
	])('%p vs %p', (a, b, sign) => {
		expect(Math.sign(compareMessages(a, b))).toBe(sign);
	});
});

describe('chunkMessages', () => {
	const rows = (count: number, extra: IDataObject = {}) =>
		Array.from({ length: count }, (_v, i) => msg(i + 1, i, extra));
	const sizes = (chunks: IDataObject[][]) => chunks.map((chunk) => chunk.length);

	it.each([
		['default 10 per call', rows(23), {}, [10, 10, 3]],
		['custom size', rows(5), { maxPerCall: 2 }, [2, 2, 1]],
		['clamped to 50', rows(120), { maxPerCall: 500 }, [50, 50, 20]],
		['at least 1', rows(2), { maxPerCall: 0 }, [1, 1]],
		['empty', [], {}, []],
		[
			'files limit',
			rows(4, { attachments: [{ link: 'a' }, { link: 'b' }] }),
			{ maxFilesPerCall: 5 },
			[2, 2],
		],
		[
			'a message over the files limit travels alone',
			[msg(1, 1), msg(2, 2, { attachments: [1, 2, 3, 4, 5, 6] }), msg(3, 3)],
			{ maxFilesPerCall: 5 },
			[1, 1, 1],
		],
		[
			'single media fields count as a file',
			rows(3, { photo: 'companies/1/p.jpg' }),
			{ maxFilesPerCall: 2 },
			[2, 1],
		],
	] as Array<[string, IDataObject[], object, number[]]>)(
		'%s',
		(_name, input, options, expected) => {
			expect(sizes(chunkMessages(input, options))).toEqual(expected);
		},
	);

	it('preserves order across chunks', () => {
		expect(
			chunkMessages(rows(7), { maxPerCall: 3 })
				.flat()
				.map((row) => row.id),
		).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});
});

describe('paging helpers', () => {
	it.each([
		[[{ id: 5 }, { id: 9 }], 10],
		[[{ id: '41' }], 42],
		[[], undefined],
	])('nextStartId(%p) → %p', (page, expected) => {
		expect(nextStartId(page)).toBe(expected);
	});

	it.each([
		[200, 200, true],
		[199, 200, false],
		[0, 200, false],
	])('hasMorePages(%p rows, limit %p) → %p', (count, limit, expected) => {
		expect(hasMorePages(new Array(count).fill({}), limit)).toBe(expected);
	});

	it('messageIds', () => {
		expect(messageIds([{ id: '1' }, { id: 2 }, { id: 2 }])).toEqual([1, 2]);
	});
});
