'use strict';
// CRM records (leads, deals, contacts) with UPPER_CASE stringly-typed fields, multifields, user fields,
// the `crm.*.fields` description shape, and the legacy list filter/select/order semantics.

const { isoDate, isPlainObject, toList } = require('./util');

const MULTIFIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'];

// [code, type, title, flags]; flags: r readOnly, i immutable, m multiple, q required, d deprecated
const COMMON_UTM = [
	['UTM_SOURCE', 'string', 'Ad system'],
	['UTM_MEDIUM', 'string', 'Traffic type'],
	['UTM_CAMPAIGN', 'string', 'Ad campaign UTM'],
	['UTM_CONTENT', 'string', 'Campaign contents'],
	['UTM_TERM', 'string', 'Campaign search term'],
];

const PERSON_FIELDS = [
	['HONORIFIC', 'crm_status', 'Salutation', '', { statusType: 'HONORIFIC' }],
	['NAME', 'string', 'First name'],
	['SECOND_NAME', 'string', 'Middle name'],
	['LAST_NAME', 'string', 'Last name'],
	['BIRTHDATE', 'date', 'Date of birth'],
	['POST', 'string', 'Position'],
];

const SYSTEM_FIELDS = [
	['ASSIGNED_BY_ID', 'user', 'Responsible person'],
	['CREATED_BY_ID', 'user', 'Created by', 'r'],
	['MODIFY_BY_ID', 'user', 'Modified by', 'r'],
	['DATE_CREATE', 'datetime', 'Created', 'r'],
	['DATE_MODIFY', 'datetime', 'Modified', 'r'],
	['OPENED', 'char', 'Available to everyone'],
	['COMMENTS', 'string', 'Comment'],
	['ORIGINATOR_ID', 'string', 'External source'],
	['ORIGIN_ID', 'string', 'Item ID in data source'],
];

const MULTI_DEFS = [
	['PHONE', 'crm_multifield', 'Phone', 'm'],
	['EMAIL', 'crm_multifield', 'E-mail', 'm'],
	['WEB', 'crm_multifield', 'Website', 'm'],
	['IM', 'crm_multifield', 'Messenger', 'm'],
	['LINK', 'crm_multifield', 'LINK', 'm'],
];

const ENTITY_DEFS = {
	lead: {
		entityTypeId: 1,
		typeName: 'LEAD',
		fields: [
			['ID', 'integer', 'ID', 'r'],
			['TITLE', 'string', 'Lead name'],
			...PERSON_FIELDS,
			['COMPANY_TITLE', 'string', 'Company name'],
			['COMPANY_ID', 'crm_company', 'Company', '', { settings: { parentEntityTypeId: 4 } }],
			['CONTACT_ID', 'crm_contact', 'Contact', 'd'],
			['CONTACT_IDS', 'crm_contact', 'Contacts', 'm'],
			['IS_RETURN_CUSTOMER', 'char', 'Repeat lead', 'r'],
			['SOURCE_ID', 'crm_status', 'Source', '', { statusType: 'SOURCE' }],
			['SOURCE_DESCRIPTION', 'string', 'Source information'],
			['STATUS_ID', 'crm_status', 'Stage', '', { statusType: 'STATUS' }],
			['STATUS_DESCRIPTION', 'string', 'Stage information'],
			['STATUS_SEMANTIC_ID', 'string', 'Status details', 'r'],
			['CURRENCY_ID', 'crm_currency', 'Currency'],
			['OPPORTUNITY', 'double', 'Total'],
			['IS_MANUAL_OPPORTUNITY', 'char', 'IS_MANUAL_OPPORTUNITY'],
			['HAS_PHONE', 'char', 'Has phone', 'r'],
			['HAS_EMAIL', 'char', 'Has email', 'r'],
			['HAS_IMOL', 'char', 'Has Open Channel', 'r'],
			['ADDRESS', 'string', 'Address'],
			['ADDRESS_CITY', 'string', 'City'],
			['ADDRESS_COUNTRY', 'string', 'Country'],
			['DATE_CLOSED', 'datetime', 'Closed on', 'r'],
			...SYSTEM_FIELDS,
			...COMMON_UTM,
			...MULTI_DEFS,
		],
		defaults: (userId) => ({
			STATUS_ID: 'NEW',
			STATUS_SEMANTIC_ID: 'P',
			OPENED: 'Y',
			CURRENCY_ID: 'USD',
			OPPORTUNITY: '0.00',
			IS_MANUAL_OPPORTUNITY: 'N',
			IS_RETURN_CUSTOMER: 'N',
			ASSIGNED_BY_ID: userId,
		}),
		hasMulti: true,
		hasUserFields: true,
	},
	deal: {
		entityTypeId: 2,
		typeName: 'DEAL',
		fields: [
			['ID', 'integer', 'ID', 'r'],
			['TITLE', 'string', 'Name'],
			['TYPE_ID', 'crm_status', 'Type', '', { statusType: 'DEAL_TYPE' }],
			['CATEGORY_ID', 'crm_category', 'Pipeline', 'i'],
			['STAGE_ID', 'crm_status', 'Deal stage', '', { statusType: 'DEAL_STAGE' }],
			['STAGE_SEMANTIC_ID', 'string', 'Stage group', 'r'],
			['IS_NEW', 'char', 'New deal', 'r'],
			['IS_RECURRING', 'char', 'Recurring deal'],
			['IS_RETURN_CUSTOMER', 'char', 'Repeat deal', 'r'],
			['IS_REPEATED_APPROACH', 'char', 'Repeat inquiry', 'r'],
			['PROBABILITY', 'integer', 'Probability'],
			['CURRENCY_ID', 'crm_currency', 'Currency'],
			['OPPORTUNITY', 'double', 'Amount'],
			['IS_MANUAL_OPPORTUNITY', 'char', 'IS_MANUAL_OPPORTUNITY'],
			['TAX_VALUE', 'double', 'Tax rate'],
			['COMPANY_ID', 'crm_company', 'Company', '', { settings: { parentEntityTypeId: 4 } }],
			['CONTACT_ID', 'crm_contact', 'Contact', 'd'],
			['CONTACT_IDS', 'crm_contact', 'Contacts', 'm'],
			['BEGINDATE', 'date', 'Start date'],
			['CLOSEDATE', 'date', 'End date'],
			['CLOSED', 'char', 'Closed'],
			['SOURCE_ID', 'crm_status', 'Source', '', { statusType: 'SOURCE' }],
			['SOURCE_DESCRIPTION', 'string', 'Source information'],
			['LEAD_ID', 'crm_lead', 'Lead', 'r'],
			['ADDITIONAL_INFO', 'string', 'Additional information'],
			['LOCATION_ID', 'location', 'Location'],
			...SYSTEM_FIELDS,
			...COMMON_UTM,
		],
		defaults: (userId) => ({
			TYPE_ID: 'SALE',
			CATEGORY_ID: '0',
			STAGE_SEMANTIC_ID: 'P',
			IS_NEW: 'Y',
			IS_RECURRING: 'N',
			IS_RETURN_CUSTOMER: 'N',
			IS_REPEATED_APPROACH: 'N',
			CURRENCY_ID: 'USD',
			OPPORTUNITY: '0.00',
			IS_MANUAL_OPPORTUNITY: 'N',
			OPENED: 'Y',
			CLOSED: 'N',
			ASSIGNED_BY_ID: userId,
		}),
		hasMulti: false,
		hasUserFields: true,
	},
	contact: {
		entityTypeId: 3,
		typeName: 'CONTACT',
		fields: [
			['ID', 'integer', 'ID', 'r'],
			...PERSON_FIELDS,
			['PHOTO', 'file', 'Photo'],
			['TYPE_ID', 'crm_status', 'Contact type', '', { statusType: 'CONTACT_TYPE' }],
			['SOURCE_ID', 'crm_status', 'Source', '', { statusType: 'SOURCE' }],
			['SOURCE_DESCRIPTION', 'string', 'Source information'],
			['EXPORT', 'char', 'Included in export'],
			['HAS_PHONE', 'char', 'Has phone', 'r'],
			['HAS_EMAIL', 'char', 'Has email', 'r'],
			['HAS_IMOL', 'char', 'Has Open Channel', 'r'],
			['COMPANY_ID', 'crm_company', 'Company', 'd'],
			['COMPANY_IDS', 'crm_company', 'Companies', 'm'],
			['LEAD_ID', 'crm_lead', 'Lead', 'r'],
			...SYSTEM_FIELDS,
			...COMMON_UTM,
			...MULTI_DEFS,
		],
		defaults: (userId) => ({ TYPE_ID: 'CLIENT', OPENED: 'Y', EXPORT: 'Y', ASSIGNED_BY_ID: userId }),
		hasMulti: true,
		hasUserFields: false,
	},
};

function fieldDescription([, type, title, flags = '', extra = {}]) {
	const out = {
		type,
		isRequired: flags.includes('q'),
		isReadOnly: flags.includes('r'),
		isImmutable: flags.includes('i'),
		isMultiple: flags.includes('m'),
		isDynamic: false,
		title,
	};
	if (flags.includes('d')) out.isDeprecated = true;
	if (extra.statusType) out.statusType = extra.statusType;
	if (extra.settings) out.settings = extra.settings;
	return out;
}

function userFieldDescription(field) {
	return {
		type: field.type,
		isRequired: false,
		isReadOnly: false,
		isImmutable: false,
		isMultiple: field.multiple === 'Y',
		isDynamic: true,
		title: field.code,
		listLabel: field.listLabel ?? field.label,
		formLabel: field.formLabel ?? field.label,
		filterLabel: field.listLabel ?? field.label,
		settings: { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '' },
	};
}

function digits(value) {
	return String(value ?? '').replace(/\D+/g, '');
}

/** `UF_CRM_C2D_CLIENT_ID` → `ufCrmC2dClientId`, `UTM_SOURCE` → `utmSource` (crm.item naming). */
function camel(code) {
	return code.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function createCrmStore(core) {
	const { state } = core;

	function mapOf(entity) {
		return { lead: state.leads, deal: state.deals, contact: state.contacts }[entity];
	}

	/** User fields of one entity: a seeded field belongs to leads and deals, an added one to its entity. */
	function userFieldsOf(entity) {
		if (!ENTITY_DEFS[entity].hasUserFields) return [];
		return state.userFields.filter((field) => !field.entity || field.entity === entity);
	}

	function userFieldCodes(entity) {
		return userFieldsOf(entity).map((field) => field.code);
	}

	function describe(entity) {
		const out = {};
		for (const def of ENTITY_DEFS[entity].fields) out[def[0]] = fieldDescription(def);
		for (const field of userFieldsOf(entity)) out[field.code] = userFieldDescription(field);
		return out;
	}

	function scalarCodes(entity) {
		return ENTITY_DEFS[entity].fields
			.filter((def) => def[1] !== 'crm_multifield')
			.map((def) => def[0]);
	}

	function writable(entity) {
		const set = new Set(
			ENTITY_DEFS[entity].fields
				.filter((def) => !(def[3] || '').includes('r') && def[1] !== 'crm_multifield')
				.map((def) => def[0]),
		);
		for (const code of userFieldCodes(entity)) set.add(code);
		return set;
	}

	function normalizeScalar(value) {
		if (value === null || value === undefined) return null;
		if (Array.isArray(value)) return value.map((item) => normalizeScalar(item));
		if (isPlainObject(value)) return value;
		if (typeof value === 'boolean') return value ? 'Y' : 'N';
		return String(value);
	}

	function applyMulti(record, type, items) {
		const list = toList(items);
		if (!list) return;
		const current = record.multi[type] || [];
		for (const raw of list) {
			if (!isPlainObject(raw)) continue;
			const item = {};
			for (const [key, value] of Object.entries(raw)) item[key.toUpperCase()] = value;
			if (item.ID) {
				const index = current.findIndex((entry) => entry.ID === String(item.ID));
				if (index === -1) continue;
				if (item.VALUE === undefined || item.VALUE === null || item.VALUE === '') {
					current.splice(index, 1);
				} else {
					current[index].VALUE = String(item.VALUE);
					if (item.VALUE_TYPE) current[index].VALUE_TYPE = String(item.VALUE_TYPE);
				}
				continue;
			}
			if (item.VALUE === undefined || item.VALUE === null || item.VALUE === '') continue;
			state.multifieldSeq += 1;
			current.push({
				ID: String(state.multifieldSeq),
				VALUE_TYPE: String(item.VALUE_TYPE || (type === 'IM' ? 'OTHER' : 'WORK')),
				VALUE: String(item.VALUE),
				TYPE_ID: type,
			});
		}
		record.multi[type] = current;
	}

	function refreshFlags(entity, record) {
		if (!ENTITY_DEFS[entity].hasMulti) return;
		record.fields.HAS_PHONE = (record.multi.PHONE || []).length ? 'Y' : 'N';
		record.fields.HAS_EMAIL = (record.multi.EMAIL || []).length ? 'Y' : 'N';
		record.fields.HAS_IMOL = (record.multi.IM || []).some((item) =>
			String(item.VALUE).startsWith('imol|'),
		)
			? 'Y'
			: 'N';
	}

	function applyFields(entity, record, fields) {
		const allowed = writable(entity);
		for (const [rawKey, value] of Object.entries(fields)) {
			const key = rawKey.toUpperCase();
			if (ENTITY_DEFS[entity].hasMulti && MULTIFIELDS.includes(key)) {
				applyMulti(record, key, value);
				continue;
			}
			if (!allowed.has(key)) continue;
			record.fields[key] = normalizeScalar(value);
		}
		if (entity === 'deal') {
			const category = record.fields.CATEGORY_ID || '0';
			if (!record.fields.STAGE_ID)
				record.fields.STAGE_ID = category === '0' ? 'NEW' : `C${category}:NEW`;
			if (
				record.fields.CONTACT_ID &&
				(!record.fields.CONTACT_IDS || !record.fields.CONTACT_IDS.length)
			) {
				record.fields.CONTACT_IDS = [record.fields.CONTACT_ID];
			}
		}
		refreshFlags(entity, record);
	}

	function add(entity, fields, userId = '1') {
		const seqKey = entity;
		state.seq[seqKey] += 1;
		const id = String(state.seq[seqKey]);
		const now = isoDate();
		const record = { id, fields: {}, multi: {} };
		for (const code of scalarCodes(entity)) record.fields[code] = null;
		for (const code of userFieldCodes(entity)) record.fields[code] = null;
		Object.assign(record.fields, ENTITY_DEFS[entity].defaults(String(userId)), {
			ID: id,
			CREATED_BY_ID: String(userId),
			MODIFY_BY_ID: String(userId),
			DATE_CREATE: now,
			DATE_MODIFY: now,
		});
		if (entity === 'deal') record.fields.BEGINDATE = now;
		applyFields(entity, record, fields);
		mapOf(entity).set(id, record);
		return record;
	}

	function update(entity, id, fields, userId = '1') {
		const record = mapOf(entity).get(String(id));
		if (!record) return null;
		applyFields(entity, record, fields);
		record.fields.MODIFY_BY_ID = String(userId);
		record.fields.DATE_MODIFY = isoDate();
		return record;
	}

	function get(entity, id) {
		return mapOf(entity).get(String(id)) || null;
	}

	function remove(entity, id) {
		return mapOf(entity).delete(String(id));
	}

	/** Full REST view of a record (as crm.*.get returns it). */
	function view(entity, record) {
		const out = { ...record.fields };
		if (ENTITY_DEFS[entity].hasMulti) {
			for (const type of MULTIFIELDS) {
				if ((record.multi[type] || []).length)
					out[type] = record.multi[type].map((item) => ({ ...item }));
			}
		}
		return out;
	}

	function fieldValue(record, code) {
		if (MULTIFIELDS.includes(code)) return (record.multi[code] || []).map((item) => item.VALUE);
		return record.fields[code];
	}

	function compare(a, b) {
		const na = Number(a);
		const nb = Number(b);
		if (
			a !== null &&
			b !== null &&
			a !== '' &&
			b !== '' &&
			!Number.isNaN(na) &&
			!Number.isNaN(nb)
		) {
			return na - nb;
		}
		return String(a ?? '').localeCompare(String(b ?? ''));
	}

	function likeToRegExp(pattern) {
		const escaped = String(pattern)
			.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
			.replace(/%/g, '.*');
		return new RegExp(`^${escaped}$`, 'i');
	}

	function matchOne(actual, op, expected) {
		const values = Array.isArray(actual) ? actual : [actual];
		const expectedList = toList(expected);
		const eq = (value, target) =>
			String(value ?? '').toLowerCase() === String(target ?? '').toLowerCase();
		switch (op) {
			case '':
			case '=':
				if (expectedList)
					return values.some((value) => expectedList.some((target) => eq(value, target)));
				if (expected === '' || expected === null)
					return values.every((value) => value === null || value === '');
				return values.some((value) => eq(value, expected));
			case '!':
			case '!=':
				if (expectedList)
					return !values.some((value) => expectedList.some((target) => eq(value, target)));
				return !values.some((value) => eq(value, expected));
			case '@':
				return values.some((value) =>
					(expectedList || [expected]).some((target) => eq(value, target)),
				);
			case '!@':
				return !values.some((value) =>
					(expectedList || [expected]).some((target) => eq(value, target)),
				);
			case '>':
				return values.some((value) => compare(value, expected) > 0);
			case '>=':
				return values.some((value) => compare(value, expected) >= 0);
			case '<':
				return values.some((value) => compare(value, expected) < 0);
			case '<=':
				return values.some((value) => compare(value, expected) <= 0);
			case '%':
				return values.some((value) =>
					String(value ?? '')
						.toLowerCase()
						.includes(String(expected).toLowerCase()),
				);
			case '!%':
				return !values.some((value) =>
					String(value ?? '')
						.toLowerCase()
						.includes(String(expected).toLowerCase()),
				);
			case '=%':
			case '%=':
				return values.some((value) => likeToRegExp(expected).test(String(value ?? '')));
			default:
				return false;
		}
	}

	function matches(record, filter) {
		if (!isPlainObject(filter)) return true;
		for (const [rawKey, expected] of Object.entries(filter)) {
			const match = /^(>=|<=|!=|!@|!%|=%|%=|>|<|=|!|@|%)?(.+)$/.exec(rawKey);
			if (!match) continue;
			const op = match[1] || '';
			const code = match[2].toUpperCase();
			if (!matchOne(fieldValue(record, code), op, expected)) return false;
		}
		return true;
	}

	function selectFields(entity, record, select) {
		const full = view(entity, record);
		const list = (toList(select) || []).map((item) => String(item).toUpperCase());
		if (list.length === 0) list.push('*');
		const out = { ID: full.ID };
		for (const item of list) {
			if (item === '*') {
				for (const code of scalarCodes(entity)) out[code] = full[code] ?? null;
			} else if (item === 'UF_*') {
				for (const code of userFieldCodes(entity)) out[code] = full[code] ?? null;
			} else if (MULTIFIELDS.includes(item)) {
				if (full[item]) out[item] = full[item];
			} else if (item in full) {
				out[item] = full[item];
			}
		}
		return out;
	}

	function sorted(entity, records, order) {
		const entries = isPlainObject(order) ? Object.entries(order) : [];
		const list = [...records];
		list.sort((a, b) => {
			for (const [field, dir] of entries) {
				const diff = compare(
					fieldValue(a, field.toUpperCase()),
					fieldValue(b, field.toUpperCase()),
				);
				if (diff !== 0) return String(dir).toUpperCase() === 'DESC' ? -diff : diff;
			}
			return Number(a.id) - Number(b.id);
		});
		return list;
	}

	function list(entity, { filter, order, select }) {
		const records = [...mapOf(entity).values()].filter((record) => matches(record, filter));
		return sorted(entity, records, order).map((record) => selectFields(entity, record, select));
	}

	/** Finds records whose multifield `type` has a value matching one of `values`. */
	function findByComm(entity, type, values) {
		const wanted = values.map((value) =>
			type === 'PHONE' ? digits(value) : String(value).trim().toLowerCase(),
		);
		const ids = [];
		for (const record of mapOf(entity).values()) {
			const have = (record.multi[type] || []).map((item) =>
				type === 'PHONE' ? digits(item.VALUE) : String(item.VALUE).trim().toLowerCase(),
			);
			if (have.some((value) => value !== '' && wanted.includes(value))) ids.push(Number(record.id));
		}
		return ids;
	}

	function findByImol(entity, imolValue) {
		for (const record of mapOf(entity).values()) {
			if ((record.multi.IM || []).some((item) => item.VALUE === imolValue)) return record;
		}
		return null;
	}

	/** crm.item view: camelCase keys, multifields under `fm`. */
	function itemView(entity, record, select) {
		const full = view(entity, record);
		const list = (toList(select) || ['*']).map(String);
		const all = list.includes('*');
		const out = { id: Number(record.id) };
		for (const [code, value] of Object.entries(record.fields)) {
			if (code === 'ID') continue;
			const name = camel(code);
			if (all || list.includes(name) || list.includes(code)) out[name] = value;
		}
		if (ENTITY_DEFS[entity].hasMulti && (all || list.includes('fm'))) {
			out.fm = [];
			for (const type of MULTIFIELDS) {
				for (const item of full[type] || []) {
					out.fm.push({
						id: Number(item.ID),
						entityId: Number(record.id),
						typeId: type,
						valueType: item.VALUE_TYPE,
						value: item.VALUE,
					});
				}
			}
		}
		if (ENTITY_DEFS[entity].hasMulti && list.includes('imol')) {
			out.imol = (record.multi.IM || [])
				.filter((item) => String(item.VALUE).startsWith('imol|'))
				.map((item) => item.VALUE);
		}
		return out;
	}

	function itemMatches(entity, record, filter) {
		if (!isPlainObject(filter)) return true;
		for (const [rawKey, expected] of Object.entries(filter)) {
			const match = /^(>=|<=|!=|!@|!%|=%|%=|>|<|=|!|@|%)?(.+)$/.exec(rawKey);
			if (!match) continue;
			const op = match[1] || '';
			const name = match[2];
			let actual;
			if (name === 'imol') {
				actual = (record.multi.IM || [])
					.filter((item) => String(item.VALUE).startsWith('imol|'))
					.map((item) => item.VALUE);
			} else if (name === 'id') {
				actual = record.id;
			} else {
				const code = Object.keys(record.fields).find((key) => camel(key) === name || key === name);
				actual = code ? record.fields[code] : undefined;
			}
			if (!matchOne(actual, op, expected)) return false;
		}
		return true;
	}

	function itemList(entity, { filter, order, select }) {
		const records = [...mapOf(entity).values()].filter((record) =>
			itemMatches(entity, record, filter),
		);
		const upperOrder = {};
		if (isPlainObject(order)) {
			for (const [key, dir] of Object.entries(order)) {
				const code = key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
				upperOrder[code] = dir;
			}
		}
		return sorted(entity, records, upperOrder).map((record) => itemView(entity, record, select));
	}

	return {
		describe,
		add,
		update,
		get,
		remove,
		view,
		list,
		findByComm,
		findByImol,
		itemList,
		mapOf,
	};
}

module.exports = { createCrmStore, ENTITY_DEFS, MULTIFIELDS, camel, digits };
