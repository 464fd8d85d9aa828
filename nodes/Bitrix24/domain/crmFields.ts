/**
 * `crm.lead.fields` / `crm.deal.fields` metadata → n8n resourceMapper fields, and mapped values →
 * Bitrix24 `fields` (multifields, Y/N flags, UF booleans, lists). Pure module; only types from n8n.
 */
import type { FieldType, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

export interface CrmFieldMeta {
	type?: string;
	isRequired?: boolean;
	isReadOnly?: boolean;
	isImmutable?: boolean;
	isMultiple?: boolean;
	isDynamic?: boolean;
	isDeprecated?: boolean;
	title?: string;
	listLabel?: string;
	formLabel?: string;
	filterLabel?: string;
	statusType?: string;
	items?: Array<{ ID?: string | number; VALUE?: string }>;
}

export const MULTIFIELD_IDS = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'];

function label(code: string, meta: CrmFieldMeta): string {
	const human = [meta.listLabel, meta.formLabel, meta.filterLabel, meta.title].find(
		(candidate) => typeof candidate === 'string' && candidate.trim() !== '' && candidate !== code,
	);
	if (code.startsWith('UF_')) return human ? `${human} (${code})` : code;
	return human ?? code;
}

function fieldType(
	code: string,
	meta: CrmFieldMeta,
): { type: FieldType; options?: INodePropertyOptions[] } {
	// Multifields stay 'string' so a plain "+49 151…" (or a comma list, or an array from an expression)
	// passes n8n's type check; toCrmFields turns them into [{VALUE, VALUE_TYPE}].
	if (meta.type === 'crm_multifield' || MULTIFIELD_IDS.includes(code)) return { type: 'string' };
	if (meta.type === 'enumeration' && Array.isArray(meta.items) && meta.items.length > 0) {
		if (meta.isMultiple) return { type: 'array' };
		return {
			type: 'options',
			options: meta.items.map((item) => ({
				name: String(item.VALUE ?? item.ID),
				value: String(item.ID ?? item.VALUE),
			})),
		};
	}
	if (meta.isMultiple) return { type: 'array' };
	switch (meta.type) {
		case 'integer':
		case 'double':
			return { type: 'number' };
		case 'char':
		case 'boolean':
			return { type: 'boolean' };
		case 'date':
		case 'datetime':
			return { type: 'dateTime' };
		default:
			// url, crm_status and the other kinds take text.
			return { type: 'string' };
	}
}

/** Build resourceMapper fields; `mode` create marks required fields, update hides immutable ones. */
export function crmFieldsToResourceMapper(
	fields: Record<string, CrmFieldMeta>,
	mode: 'create' | 'update',
): ResourceMapperField[] {
	const result: ResourceMapperField[] = [];
	for (const [code, meta] of Object.entries(fields)) {
		if (code === 'ID') continue;
		const hidden = meta.isReadOnly === true || (mode === 'update' && meta.isImmutable === true);
		const { type, options } = fieldType(code, meta);
		const field: ResourceMapperField = {
			id: code,
			displayName: label(code, meta),
			required: mode === 'create' && meta.isRequired === true && !hidden,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: !hidden,
			type,
		};
		if (options) field.options = options;
		if (meta.isDeprecated === true) field.removed = true;
		result.push(field);
	}
	return result.sort((a, b) => {
		const rank = (field: ResourceMapperField) =>
			field.id.startsWith('UF_') ? 2 : field.id.startsWith('UTM_') ? 1 : 0;
		return rank(a) - rank(b) || a.displayName.localeCompare(b.displayName);
	});
}

type SchemaEntry = Pick<ResourceMapperField, 'id' | 'type'>;

function parseJsonMaybe(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	if (!(trimmed.startsWith('[') || trimmed.startsWith('{'))) return value;
	try {
		return JSON.parse(trimmed) as unknown;
	} catch {
		return value;
	}
}

/** `"+1 555, +1 666"` / `["+1 555"]` / `[{VALUE, VALUE_TYPE}]` → Bitrix24 multifield array. */
export function toMultifield(value: unknown, valueType = 'WORK'): Array<Record<string, unknown>> {
	const parsed = parseJsonMaybe(value);
	const list: unknown[] = Array.isArray(parsed)
		? parsed
		: typeof parsed === 'string'
			? parsed.split(/[,;\n]/)
			: [parsed];
	const out: Array<Record<string, unknown>> = [];
	for (const entry of list) {
		if (entry === null || entry === undefined) continue;
		if (typeof entry === 'object') {
			const record = { ...(entry as Record<string, unknown>) };
			if (record.VALUE === undefined && record.value !== undefined) {
				record.VALUE = record.value;
				delete record.value;
			}
			if (record.VALUE_TYPE === undefined) record.VALUE_TYPE = valueType;
			out.push(record);
			continue;
		}
		const text = String(entry).trim();
		if (text !== '') out.push({ VALUE: text, VALUE_TYPE: valueType });
	}
	return out;
}

function truthy(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (['y', 'yes', 'true', '1'].includes(text)) return true;
		if (['n', 'no', 'false', '0', ''].includes(text)) return false;
	}
	return undefined;
}

/** A Date or a Luxon DateTime as ISO text; anything else (never null or undefined here) as it is. */
function toDateText(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	if (typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	return value;
}

/** Mapped resourceMapper values → Bitrix24 `fields` for `crm.*.add` / `crm.*.update`. */
export function toCrmFields(
	values: Record<string, unknown>,
	schema?: SchemaEntry[],
): Record<string, unknown> {
	const types = new Map(schema?.map((entry) => [entry.id, entry.type]));
	const fields: Record<string, unknown> = {};
	for (const [code, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		const type = types.get(code);
		if (MULTIFIELD_IDS.includes(code)) {
			fields[code] = toMultifield(value);
			continue;
		}
		switch (type) {
			case 'boolean': {
				const flag = truthy(value);
				if (flag === undefined) fields[code] = value;
				else fields[code] = code.startsWith('UF_') ? (flag ? 1 : 0) : flag ? 'Y' : 'N';
				break;
			}
			case 'number': {
				// Through String(): true or a Date must not read as a number; Number() ignores spaces.
				const n = typeof value === 'number' ? value : Number(String(value));
				fields[code] = String(value).trim() !== '' && Number.isFinite(n) ? n : value;
				break;
			}
			case 'array': {
				const parsed = parseJsonMaybe(value);
				fields[code] = Array.isArray(parsed) ? parsed : [parsed];
				break;
			}
			default:
				// dateTime and string fields: dates become ISO text.
				fields[code] = toDateText(value);
		}
	}
	return fields;
}
