'use strict';
// crm.lead.* / crm.deal.* / crm.contact.* (legacy, UPPER_CASE, empty-code errors), crm.item.* (basic,
// camelCase), crm.duplicate.findbycomm, crm.activity.list (basic), crm.lead.userfield.list/add and
// crm.deal.userfield.list/add (string-like types; a field added here shows in crm.*.fields at once).

const { RestError, errors, getParam, isPlainObject, paginate, toList } = require('../util');
const { ENTITY_DEFS, camel } = require('../crmstore');

const ENTITY_BY_TYPE_ID = { 1: 'lead', 2: 'deal', 3: 'contact' };

function parseId(params, name = 'id') {
	const raw = getParam(params, name);
	const id = Number.parseInt(String(raw ?? ''), 10);
	if (!Number.isFinite(id) || id <= 0 || String(id) !== String(raw).trim()) {
		throw errors.legacy('ID is not defined or invalid.');
	}
	return String(id);
}

const USER_FIELD_TYPES = new Set([
	'string',
	'integer',
	'double',
	'boolean',
	'date',
	'datetime',
	'enumeration',
	'url',
	'address',
	'money',
	'file',
	'employee',
	'crm',
	'crm_status',
]);

/** A label given as a string or as `{en: '…', de: '…'}`: the text for `lang` (or the first one). */
function labelIn(label, lang) {
	if (typeof label === 'string') return label;
	if (isPlainObject(label)) return String(label[lang] ?? Object.values(label)[0] ?? '');
	return '';
}

function createCrmMethods(core) {
	const { crm } = core;

	function fieldsParam(params) {
		const fields = getParam(params, 'fields');
		if (!isPlainObject(fields)) throw errors.legacy("Parameter 'fields' must be array.");
		return fields;
	}

	function entityMethods(entity) {
		const event = `ONCRM${ENTITY_DEFS[entity].typeName}`;
		return {
			[`crm.${entity}.add`]: (params, call) => {
				const record = crm.add(entity, fieldsParam(params), call.auth.userId);
				core.events.emit(
					`${event}ADD`,
					{ FIELDS: { ID: Number(record.id) } },
					{ userId: call.auth.userId },
				);
				return Number(record.id);
			},
			[`crm.${entity}.update`]: (params, call) => {
				const id = parseId(params);
				const fields = fieldsParam(params);
				if (!crm.get(entity, id)) throw errors.notFound();
				crm.update(entity, id, fields, call.auth.userId);
				core.events.emit(
					`${event}UPDATE`,
					{ FIELDS: { ID: Number(id) } },
					{ userId: call.auth.userId },
				);
				return true;
			},
			[`crm.${entity}.get`]: (params) => {
				const record = crm.get(entity, parseId(params));
				if (!record) throw errors.notFound();
				return crm.view(entity, record);
			},
			[`crm.${entity}.list`]: (params) =>
				paginate(
					crm.list(entity, {
						filter: getParam(params, 'filter'),
						order: getParam(params, 'order'),
						select: getParam(params, 'select'),
					}),
					getParam(params, 'start'),
				),
			[`crm.${entity}.fields`]: () => crm.describe(entity),
			[`crm.${entity}.delete`]: (params, call) => {
				const id = parseId(params);
				if (!crm.remove(entity, id)) throw errors.notFound();
				core.events.emit(
					`${event}DELETE`,
					{ FIELDS: { ID: Number(id) } },
					{ userId: call.auth.userId },
				);
				return true;
			},
		};
	}

	/** `crm.lead.userfield.*` / `crm.deal.userfield.*`: the portal's `b_user_field` rows of one entity. */
	function userFieldMethods(entity) {
		const entityId = `CRM_${ENTITY_DEFS[entity].typeName}`;
		const ownFields = () =>
			core.state.userFields.filter((field) => !field.entity || field.entity === entity);
		const row = (field, lang) => {
			const out = {
				ID: field.id,
				ENTITY_ID: entityId,
				FIELD_NAME: field.code,
				USER_TYPE_ID: field.type,
				XML_ID: field.xmlId ?? null,
				SORT: String(field.sort ?? 100),
				MULTIPLE: field.multiple ?? 'N',
				MANDATORY: field.mandatory ?? 'N',
				SHOW_FILTER: field.showFilter ?? 'N',
				SHOW_IN_LIST: 'Y',
				EDIT_IN_LIST: 'Y',
				IS_SEARCHABLE: 'N',
				SETTINGS: {
					SIZE: 20,
					ROWS: 1,
					REGEXP: '',
					MIN_LENGTH: 0,
					MAX_LENGTH: 0,
					DEFAULT_VALUE: '',
				},
			};
			// Bitrix24 returns the labels only for a language named in filter[LANG].
			if (lang) {
				out.EDIT_FORM_LABEL = field.formLabel ?? field.label;
				out.LIST_COLUMN_LABEL = field.listLabel ?? field.label;
			}
			return out;
		};
		return {
			[`crm.${entity}.userfield.list`]: (params) => {
				const filter = getParam(params, 'filter');
				const conditions = isPlainObject(filter) ? { ...filter } : {};
				const lang = conditions.LANG ? String(conditions.LANG) : '';
				delete conditions.LANG;
				const rows = ownFields()
					.map((field) => row(field, lang))
					.filter((item) =>
						Object.entries(conditions).every(
							([key, value]) => String(item[key.toUpperCase()] ?? '') === String(value),
						),
					);
				return paginate(rows, getParam(params, 'start'));
			},
			[`crm.${entity}.userfield.add`]: (params) => {
				const fields = fieldsParam(params);
				const raw = String(fields.FIELD_NAME ?? '').trim();
				if (!raw) throw errors.legacy('The FIELD_NAME field is required.');
				// The portal prefixes a name given without its entity prefix.
				const code = raw.startsWith('UF_CRM_') ? raw : `UF_CRM_${raw}`;
				// Bitrix24 limits the whole code to 20 characters: 13 after UF_CRM_.
				if (!/^UF_[A-Z0-9_]+$/.test(code) || code.length > 20) {
					throw errors.legacy(
						`Invalid field code "${code}": only Latin capitals, digits and underscores are allowed.`,
					);
				}
				const type = String(fields.USER_TYPE_ID ?? '');
				if (!USER_FIELD_TYPES.has(type)) throw errors.legacy(`Invalid user type "${type}".`);
				if (ownFields().some((field) => field.code === code)) {
					throw errors.legacy(`Field "${code}" for entity "${entityId}" already exists.`);
				}
				const nextId =
					Math.max(0, ...core.state.userFields.map((field) => Number(field.id) || 0)) + 1;
				const formLabel = labelIn(fields.EDIT_FORM_LABEL, 'en');
				const listLabel = labelIn(fields.LIST_COLUMN_LABEL, 'en') || formLabel;
				core.state.userFields.push({
					id: String(nextId),
					entity,
					code,
					type,
					label: formLabel || code,
					formLabel: formLabel || code,
					listLabel: listLabel || code,
					xmlId: fields.XML_ID === undefined ? null : String(fields.XML_ID),
					sort: fields.SORT === undefined ? 100 : Number(fields.SORT),
					multiple: fields.MULTIPLE === 'Y' ? 'Y' : 'N',
					mandatory: fields.MANDATORY === 'Y' ? 'Y' : 'N',
					showFilter: fields.SHOW_FILTER === 'Y' ? 'Y' : 'N',
				});
				return nextId;
			},
		};
	}

	function itemEntity(params) {
		const typeId = Number(getParam(params, 'entityTypeId'));
		const entity = ENTITY_BY_TYPE_ID[typeId];
		if (!entity) {
			throw new RestError(400, 'NOT_FOUND', `Smart process type with ID ${typeId || 0} not found`);
		}
		return entity;
	}

	/** camelCase item fields → UPPER_CASE legacy codes. */
	function fromItemFields(entity, fields) {
		const record = crm.describe(entity);
		const byCamel = {};
		for (const code of Object.keys(record)) byCamel[camel(code)] = code;
		const out = {};
		for (const [key, value] of Object.entries(fields)) {
			if (key === 'fm') continue;
			const code = byCamel[key] || byCamel[camel(key)];
			if (code) out[code] = value;
		}
		return out;
	}

	function itemGetById(entity, id, select) {
		return crm
			.itemList(entity, { filter: { id }, select })
			.find((item) => String(item.id) === String(id));
	}

	return {
		...entityMethods('lead'),
		...entityMethods('deal'),
		...entityMethods('contact'),
		...userFieldMethods('lead'),
		...userFieldMethods('deal'),
		'crm.item.list': (params) =>
			paginate(
				crm.itemList(itemEntity(params), {
					filter: getParam(params, 'filter'),
					order: getParam(params, 'order'),
					select: getParam(params, 'select'),
				}),
				getParam(params, 'start'),
				(items) => ({ items }),
			),
		'crm.item.get': (params) => {
			const entity = itemEntity(params);
			const id = getParam(params, 'id');
			const item = crm.get(entity, id) ? itemGetById(entity, id, ['*']) : null;
			if (!item) throw new RestError(400, 'NOT_FOUND', 'Element not found');
			return { item };
		},
		'crm.item.update': (params, call) => {
			const entity = itemEntity(params);
			const id = String(getParam(params, 'id') ?? '');
			if (!crm.get(entity, id)) throw new RestError(400, 'NOT_FOUND', 'Element not found');
			const fields = getParam(params, 'fields');
			crm.update(
				entity,
				id,
				fromItemFields(entity, isPlainObject(fields) ? fields : {}),
				call.auth.userId,
			);
			return { item: itemGetById(entity, id, ['*']) };
		},
		'crm.duplicate.findbycomm': (params) => {
			const type = String(getParam(params, 'type') ?? '').toUpperCase();
			if (!['PHONE', 'EMAIL'].includes(type))
				throw errors.legacy("Parameter 'type' is not defined or invalid.");
			const values = toList(getParam(params, 'values'));
			if (!values || values.length === 0) throw errors.legacy("Parameter 'values' must be array.");
			if (values.length > 20) throw errors.legacy('Too many values: 20 at most.');
			const only = getParam(params, 'entity_type');
			const out = {};
			for (const entity of ['lead', 'contact']) {
				const typeName = ENTITY_DEFS[entity].typeName;
				if (only && String(only).toUpperCase() !== typeName) continue;
				const ids = crm.findByComm(entity, type, values);
				if (ids.length) out[typeName] = ids;
			}
			return Object.keys(out).length ? out : [];
		},
		'crm.activity.list': (params) => {
			const filter = getParam(params, 'filter');
			const list = [...core.state.activities.values()].filter((activity) =>
				isPlainObject(filter)
					? Object.entries(filter).every(
							([key, value]) =>
								String(activity[key.replace(/^=/, '').toUpperCase()]) === String(value),
						)
					: true,
			);
			return paginate(list, getParam(params, 'start'));
		},
	};
}

function crmDefinitions(core) {
	const methods = createCrmMethods(core);
	const out = {};
	for (const [name, handler] of Object.entries(methods)) out[name] = { scope: ['crm'], handler };
	return out;
}

module.exports = { createCrmMethods: crmDefinitions };
