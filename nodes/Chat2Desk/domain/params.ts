import type { IDataObject } from 'n8n-workflow';

/** Turns `5`, `"5, 6"`, `["5", 6]` into `[5, 6]`; invalid parts are reported, not dropped. */
export function parseIdList(value: unknown): { ids: number[]; invalid: string[] } {
	const parts: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(/[\s,;]/)
			: value === undefined || value === null
				? []
				: [value];
	const ids: number[] = [];
	const invalid: string[] = [];
	for (const part of parts) {
		const text = String(part).trim();
		if (text === '') continue;
		if (/^\d+$/.test(text)) {
			const id = Number(text);
			if (!ids.includes(id)) ids.push(id);
		} else {
			invalid.push(text);
		}
	}
	return { ids, invalid };
}

/** Removes keys whose value is undefined, null or an empty string. */
export function compact(object: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(object).filter(
			([, value]) => value !== undefined && value !== null && value !== '',
		),
	);
}

/**
 * `custom_fields` for `PUT /v1/clients/{id}` from the node's fixedCollection
 * (`{field: [{fieldId, value}]}`): an object keyed by custom-field id. Later entries win.
 */
export function buildCustomFields(collection: unknown): IDataObject | undefined {
	const entries = (
		collection as { field?: Array<{ fieldId?: unknown; value?: unknown }> } | undefined
	)?.field;
	if (!Array.isArray(entries)) return undefined;
	const result: IDataObject = {};
	for (const entry of entries) {
		const key = String(entry.fieldId ?? '').trim();
		if (key === '') continue;
		result[key] = entry.value === undefined || entry.value === null ? '' : (entry.value as string);
	}
	return Object.keys(result).length > 0 ? result : undefined;
}

/** An API `data` value as one output object: objects as they are, anything else under `result`. */
export function asObject(data: unknown): IDataObject {
	if (data && typeof data === 'object' && !Array.isArray(data)) return data as IDataObject;
	return data === undefined || data === null ? {} : { result: data as IDataObject[string] };
}
