import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import {
	PICKER_PAGE_SIZE,
	type PickerRow,
	clientEntry,
	clientMatchesName,
	clientSearch,
	dialogEntry,
	matchingEntries,
	nextPageToken,
	pageOffset,
	requestEntries,
} from '../domain/pickers';
import { chat2DeskApiRequest } from '../transport';

async function page(
	this: ILoadOptionsFunctions,
	endpoint: string,
	qs: IDataObject,
	offset: number,
): Promise<PickerRow[]> {
	const data = await chat2DeskApiRequest.call(this, 'GET', endpoint, {
		qs: { ...qs, limit: PICKER_PAGE_SIZE, offset },
	});
	return Array.isArray(data) ? (data as PickerRow[]) : [];
}

/** Clients, newest first; digits search by phone (`GET /v1/clients?phone=`), text filters by name. */
export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = pageOffset(paginationToken);
	const search = clientSearch(filter);
	const qs: IDataObject = { order: 'desc' };
	if (search.phone) qs.phone = search.phone;
	const rows = await page.call(this, '/v1/clients', qs, offset);
	const matching = search.name ? rows.filter((row) => clientMatchesName(row, search.name!)) : rows;
	return {
		results: matching.map(clientEntry),
		paginationToken: nextPageToken(offset, rows.length),
	};
}

/** Dialogs, newest first (`GET /v1/dialogs`), filtered by the typed text on id, state or client. */
export async function searchDialogs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = pageOffset(paginationToken);
	const rows = await page.call(this, '/v1/dialogs', { order: 'desc' }, offset);
	return {
		results: matchingEntries(rows.map(dialogEntry), filter),
		paginationToken: nextPageToken(offset, rows.length),
	};
}

/** The latest request of each dialog, newest dialogs first (Chat2Desk has no request list). */
export async function searchRequests(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = pageOffset(paginationToken);
	const rows = await page.call(this, '/v1/dialogs', { order: 'desc' }, offset);
	return {
		results: matchingEntries(requestEntries(rows), filter),
		paginationToken: nextPageToken(offset, rows.length),
	};
}
