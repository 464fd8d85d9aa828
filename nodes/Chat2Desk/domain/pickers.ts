/**
 * Labels and paging for the resource-locator lists ("From list" mode) of clients, dialogs and requests.
 * Pure: the list-search methods fetch pages and hand the rows here.
 */
import { normalisePhone } from '../../shared/domain/phone';

export interface PickerRow {
	[key: string]: unknown;
}

export interface PickerEntry {
	name: string;
	value: string;
}

/** Rows fetched per list-search page; also the offset step of the pagination token. */
export const PICKER_PAGE_SIZE = 50;

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** What the user typed: digits search Chat2Desk by phone, anything else filters the page by name. */
export function clientSearch(filter: string | undefined): { phone?: string; name?: string } {
	const typed = text(filter);
	if (typed === '') return {};
	// Only digits are kept, and none of a pseudo-phone such as `[tg] 807892`.
	const digits = normalisePhone(typed);
	return digits !== '' ? { phone: digits } : { name: typed.toLowerCase() };
}

/** "Anna Smith (79001234567) · #123": the name the operators see, the messenger identity, the id. */
export function clientEntry(row: PickerRow): PickerEntry {
	const name = text(row.assigned_name) || text(row.name) || text(row.username);
	const phone = text(row.client_phone) || text(row.phone);
	const label = name && phone && name !== phone ? `${name} (${phone})` : name || phone;
	return { name: `${label || 'Client'} · #${text(row.id)}`, value: text(row.id) };
}

/** Whether a client row matches a name filter (case-insensitive substring of any of its names). */
export function clientMatchesName(row: PickerRow, name: string): boolean {
	return [row.assigned_name, row.name, row.username, row.phone, row.client_phone].some((value) =>
		text(value).toLowerCase().includes(name),
	);
}

/**
 * The object under `key`, or an empty one. A text or number there needs no check of its own: it has
 * none of the properties read from it, so each reads as undefined.
 */
function objectAt(row: PickerRow, key: string): PickerRow {
	return (row[key] ?? {}) as PickerRow;
}

function clientOfDialog(row: PickerRow): string {
	const message = objectAt(row, 'last_message');
	const client = objectAt(message, 'client');
	const name = text(client.assigned_name) || text(client.name) || text(client.phone);
	if (name) return name;
	const id = text(message.client_id);
	return id ? `client #${id}` : '';
}

/** "Dialog #942 · open · Anna Smith". */
export function dialogEntry(row: PickerRow): PickerEntry {
	const parts = [`Dialog #${text(row.id)}`, text(row.state), clientOfDialog(row)].filter(Boolean);
	return { name: parts.join(' · '), value: text(row.id) };
}

/**
 * Requests have no list endpoint; each dialog names its latest one (`last_request_id`), which is the
 * request a user means when picking "the conversation". Dialogs without one are skipped.
 */
export function requestEntries(dialogs: PickerRow[]): PickerEntry[] {
	const entries: PickerEntry[] = [];
	const seen = new Set<string>();
	for (const dialog of dialogs) {
		const id = text(dialog.last_request_id);
		if (id === '' || seen.has(id)) continue;
		seen.add(id);
		const parts = [
			`Request #${id}`,
			clientOfDialog(dialog),
			`dialog #${text(dialog.id)}`,
			text(dialog.state),
		];
		entries.push({ name: parts.filter(Boolean).join(' · '), value: id });
	}
	return entries;
}

/** Keeps entries whose label contains the filter (case-insensitive); an empty filter keeps all. */
export function matchingEntries(entries: PickerEntry[], filter: string | undefined): PickerEntry[] {
	const typed = text(filter).toLowerCase();
	return typed === ''
		? entries
		: entries.filter((entry) => entry.name.toLowerCase().includes(typed));
}

/** Offset of the next page, as the pagination token, or undefined after a short page. */
export function nextPageToken(offset: number, rowsReturned: number): string | undefined {
	return rowsReturned < PICKER_PAGE_SIZE ? undefined : String(offset + rowsReturned);
}

/** The offset a pagination token stands for (absent or malformed → first page). */
export function pageOffset(token: string | undefined): number {
	const offset = Number(token);
	return Number.isInteger(offset) && offset > 0 ? offset : 0;
}
