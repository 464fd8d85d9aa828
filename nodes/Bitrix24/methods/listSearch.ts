import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import {
	crmEntry,
	crmSearchFilter,
	lineEntry,
	matchingEntries,
	portalAddress,
} from '../domain/pickers';
import { listLines } from '../openLines/actions/line/lines';
import { type Bitrix24CredentialType, bitrix24ApiRequestEnvelope } from '../transport';

/** Open Lines of the portal (`imopenlines.config.list.get`), filtered by the typed name or ID. */
export async function searchLines(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const lines = await listLines.call(this, {});
	return { results: matchingEntries(lines.map(lineEntry), filter) };
}

function credentialTypeOf(this: ILoadOptionsFunctions): Bitrix24CredentialType {
	return this.getNodeParameter('authentication', 'bitrix24OAuth2Api') as Bitrix24CredentialType;
}

/** The portal's address for "open in Bitrix24" links; none when the credential does not tell. */
async function portalOf(
	this: ILoadOptionsFunctions,
	credentialType: Bitrix24CredentialType,
): Promise<string | undefined> {
	try {
		return portalAddress((await this.getCredentials(credentialType)) as IDataObject);
	} catch (error) {
		this.logger.debug(`No portal address for record links: ${(error as Error).message}`);
		return undefined;
	}
}

/**
 * Leads or deals (the node's resource), newest first; a number finds that ID, text searches titles.
 * The pagination token is Bitrix24's `next` offset.
 */
export async function searchCrmRecords(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const resource = this.getNodeParameter('resource', 'lead') === 'deal' ? 'deal' : 'lead';
	const credentialType = credentialTypeOf.call(this);
	const envelope = await bitrix24ApiRequestEnvelope.call(
		this,
		`crm.${resource}.list`,
		{
			filter: crmSearchFilter(filter),
			order: { ID: 'DESC' },
			select: ['ID', 'TITLE'],
			start: Number(paginationToken) || 0,
		},
		{ credentialType },
	);
	const rows = Array.isArray(envelope.result) ? (envelope.result as IDataObject[]) : [];
	const portal = await portalOf.call(this, credentialType);
	const results: INodePropertyOptions[] = rows.map((row) => crmEntry(row, resource, portal));
	const next = envelope.next;
	return {
		results,
		paginationToken: next === undefined || next === null ? undefined : String(next),
	};
}
