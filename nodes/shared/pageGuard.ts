/**
 * Stops a pagination loop that a server does not advance: a page identical to the previous one
 * (`offset` ignored), a cursor that does not move (`next` repeated), or simply too many pages. Shared
 * by both transports and their dropdown loaders. Pure module.
 */

/** No list this package reads needs more pages than this (200 rows a page: 200,000 rows). */
export const MAX_PAGES = 1000;

export type PageVerdict = { next: true } | { next: false; reason: string };

function rowKey(row: unknown): string {
	if (typeof row !== 'object' || row === null) return JSON.stringify(row) ?? '';
	const record = row as Record<string, unknown>;
	const id = record.id ?? record.ID;
	return id !== undefined ? `#${String(id)}` : JSON.stringify(record);
}

/** Row count plus the first and last row: enough to tell a repeated page from the next one. */
function fingerprint(rows: unknown[]): string {
	return `${rows.length}:${rowKey(rows[0])}:${rowKey(rows[rows.length - 1])}`;
}

export class PageGuard {
	private pages = 0;
	private lastPage: string | undefined;
	private cursors = new Set<string>();

	constructor(private readonly maxPages = MAX_PAGES) {}

	/** Call with each page's rows (and the cursor used for the next page, if any). */
	check(rows: unknown[], nextCursor?: unknown): PageVerdict {
		this.pages += 1;
		if (this.repeats(rows)) {
			return { next: false, reason: 'the server returned the same page again' };
		}
		this.lastPage = fingerprint(rows);
		if (nextCursor !== undefined) {
			const cursor = String(nextCursor);
			if (this.cursors.has(cursor)) {
				return { next: false, reason: 'the server did not advance its cursor' };
			}
			this.cursors.add(cursor);
		}
		if (this.pages >= this.maxPages) {
			return { next: false, reason: `stopped after ${this.maxPages} pages` };
		}
		return { next: true };
	}

	/** Whether these rows repeat the previous page (then they must not be collected). */
	repeats(rows: unknown[]): boolean {
		return rows.length > 0 && fingerprint(rows) === this.lastPage;
	}
}
