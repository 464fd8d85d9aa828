/**
 * Labels and filters for the resource-locator lists of Open Lines and CRM leads/deals. Pure: the
 * list-search methods fetch the rows and hand them here.
 */

export interface PickerEntry {
	name: string;
	value: string;
	url?: string;
}

type Row = Record<string, unknown>;

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** "Sales · #1", with "(inactive)" for switched-off lines. */
export function lineEntry(line: Row): PickerEntry {
	const id = text(line.ID);
	const name = text(line.LINE_NAME) || `Line ${id}`;
	return { name: `${name}${line.ACTIVE === 'N' ? ' (inactive)' : ''} · #${id}`, value: id };
}

/** Keeps entries whose label contains the typed text (case-insensitive); empty keeps all. */
export function matchingEntries(entries: PickerEntry[], filter: string | undefined): PickerEntry[] {
	const typed = text(filter).toLowerCase();
	return typed === ''
		? entries
		: entries.filter((entry) => entry.name.toLowerCase().includes(typed));
}

/** The `filter` of `crm.lead.list` / `crm.deal.list` for typed text: a number is an ID, else a title part. */
export function crmSearchFilter(filter: string | undefined): Record<string, string | number> {
	const typed = text(filter).replace(/^#/, '');
	if (typed === '') return {};
	return /^\d+$/.test(typed) ? { ID: Number(typed) } : { '%TITLE': typed };
}

/** "Website request · #42", linking to the record's card on the portal when its address is known. */
export function crmEntry(record: Row, resource: 'lead' | 'deal', portal?: string): PickerEntry {
	const id = text(record.ID);
	const title = text(record.TITLE) || `${resource === 'lead' ? 'Lead' : 'Deal'} ${id}`;
	const entry: PickerEntry = { name: `${title} · #${id}`, value: id };
	if (portal) entry.url = `${portal.replace(/\/+$/, '')}/crm/${resource}/details/${id}/`;
	return entry;
}

/** Address of the portal (`https://x.bitrix24.com`) from an OAuth2 or webhook credential, if any. */
export function portalAddress(credentials: Row | undefined): string | undefined {
	for (const key of ['portalUrl', 'domain', 'webhookUrl', 'serverUrl']) {
		const match = /^(https?:\/\/[^/\s]+)/i.exec(text(credentials?.[key]));
		if (match) return match[1].toLowerCase();
	}
	return undefined;
}
