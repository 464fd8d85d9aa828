import type { IDataObject, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { type CrmFieldMeta, crmFieldsToResourceMapper } from '../domain/crmFields';
import { type Bitrix24CredentialType, bitrix24ApiRequest } from '../transport';

async function crmFields(
	this: ILoadOptionsFunctions,
	mode: 'create' | 'update',
): Promise<ResourceMapperFields> {
	const resource = this.getNodeParameter('resource', 'lead') as string;
	const credentialType = this.getNodeParameter(
		'authentication',
		'bitrix24OAuth2Api',
	) as Bitrix24CredentialType;
	const result = (await bitrix24ApiRequest.call(
		this,
		`crm.${resource}.fields`,
		{},
		{ credentialType },
	)) as IDataObject | undefined;
	const fields = crmFieldsToResourceMapper((result ?? {}) as Record<string, CrmFieldMeta>, mode);
	return {
		fields,
		emptyFieldsNotice: fields.length === 0 ? `Bitrix24 returned no ${resource} fields` : undefined,
	};
}

/** Writable lead/deal fields for Create (required ones marked). */
export async function getCrmFieldsForCreate(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return await crmFields.call(this, 'create');
}

/** Writable lead/deal fields for Update (immutable ones hidden, none required). */
export async function getCrmFieldsForUpdate(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	return await crmFields.call(this, 'update');
}
