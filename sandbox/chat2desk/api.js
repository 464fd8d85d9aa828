'use strict';
// The `/v1/*` API routes. Each handler gets the merged parameters (query < form < JSON) and the
// numeric path ids and returns the response body (status 200) or `{ status, body }`.

const { createRouter, isBlank, toInt, toIntList } = require('./http');
const { validationError, notFound } = require('./errors');
const { parseDateParam, normalizePhone, formatC2DTime } = require('./store');

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;

function ok(data) {
	return { status: 'success', data };
}

function pageParams(params) {
	let limit = toInt(params.limit);
	if (!Number.isInteger(limit) || limit <= 0) limit = DEFAULT_LIMIT;
	if (limit > MAX_LIMIT) limit = MAX_LIMIT;
	let offset = toInt(params.offset);
	if (!Number.isInteger(offset) || offset < 0) offset = 0;
	return { limit, offset };
}

/** Standard list envelope: `{status, data, meta: {total, limit, offset}}`. */
function list(items, params, view) {
	const { limit, offset } = pageParams(params);
	const page = items.slice(offset, offset + limit);
	return {
		status: 'success',
		data: view ? page.map(view) : page,
		meta: { total: items.length, limit, offset },
	};
}

function sortById(items, order) {
	const desc = String(order || '').toLowerCase() === 'desc';
	return items.slice().sort((a, b) => (desc ? b.id - a.id : a.id - b.id));
}

function dateFilter(params, field, endOfDay) {
	const value = parseDateParam(params[field], endOfDay);
	if (Number.isNaN(value)) throw validationError(field, `The ${field} is not a valid date.`);
	return value;
}

function intFilter(params, field) {
	const value = toInt(params[field]);
	if (Number.isNaN(value)) throw validationError(field, `The ${field} must be an integer.`);
	return value;
}

function createApiRouter(sim) {
	const { store } = sim;
	const router = createRouter();
	const S = () => store.state;
	const get = (pattern, handler) => router.add('GET', pattern, handler);
	const post = (pattern, handler) => router.add('POST', pattern, handler);
	const put = (pattern, handler) => router.add('PUT', pattern, handler);
	const del = (pattern, handler) => router.add('DELETE', pattern, handler);

	// ---- clients ----
	get('/v1/clients', ({ params }) => {
		let clients = Array.from(S().clients.values());
		if (!isBlank(params.phone)) {
			const phone = normalizePhone(params.phone);
			clients = clients.filter(
				(c) =>
					normalizePhone(c.phone) === phone ||
					(c.client_phone && normalizePhone(c.client_phone) === phone),
			);
		}
		if (!isBlank(params.tags)) {
			const tagIds = toIntList(params.tags);
			clients = clients.filter((c) => c.tagIds.some((id) => tagIds.includes(id)));
		}
		const createdAfter = dateFilter(params, 'created_after', false);
		if (createdAfter !== undefined) clients = clients.filter((c) => c.createdAt >= createdAfter);
		return list(sortById(clients, params.order), params, store.clientView);
	});
	get('/v1/clients/:id', ({ path }) => ok(store.clientView(store.mustClient(path.id))));
	post('/v1/clients', ({ params }) => ok(store.clientView(store.createClient(params))));
	put('/v1/clients/:id', ({ path, params }) =>
		ok(store.clientView(store.updateClient(path.id, params))),
	);
	get('/v1/clients/:id/transport', ({ path }) => {
		const client = store.mustClient(path.id);
		return ok(client.channels.map((c) => ({ channel_id: c.id, transports: c.transports.slice() })));
	});
	get('/v1/clients/:id/dialogs', ({ path, params }) => {
		const client = store.mustClient(path.id);
		const dialogs = Array.from(S().dialogs.values()).filter((d) => d.client_id === client.id);
		return list(sortById(dialogs, params.order), params, store.dialogView);
	});
	get('/v1/clients/:id/questions', ({ path, params }) => {
		const client = store.mustClient(path.id);
		const from = dateFilter(params, 'start_date', false);
		const to = dateFilter(params, 'finish_date', true);
		const requests = Array.from(S().requests.values()).filter(
			(r) =>
				r.client_id === client.id &&
				(from === undefined || r.beginAt >= from) &&
				(to === undefined || r.beginAt <= to),
		);
		return list(sortById(requests, params.order), params, store.requestView);
	});
	get('/v1/clients/:id/last_question', ({ path }) => {
		const client = store.mustClient(path.id);
		const requests = Array.from(S().requests.values()).filter((r) => r.client_id === client.id);
		if (requests.length === 0) throw notFound('Request');
		return ok(store.requestView(requests[requests.length - 1]));
	});

	// ---- messages ----
	get('/v1/messages', ({ params }) => {
		let messages = Array.from(S().messages.values());
		for (const field of ['client_id', 'dialog_id', 'channel_id', 'operator_id']) {
			const value = intFilter(params, field);
			if (value !== undefined) messages = messages.filter((m) => m[field] === value);
		}
		if (!isBlank(params.type)) messages = messages.filter((m) => m.type === String(params.type));
		if (!isBlank(params.transport))
			messages = messages.filter((m) => m.transport === String(params.transport));
		const read = intFilter(params, 'read');
		if (read !== undefined) messages = messages.filter((m) => m.read === (read ? 1 : 0));
		const from = dateFilter(params, 'start_date', false);
		if (from !== undefined) messages = messages.filter((m) => m.createdAt >= from);
		const to = dateFilter(params, 'finish_date', true);
		if (to !== undefined) messages = messages.filter((m) => m.createdAt <= to);
		// `start_id` is inclusive and replaces paging; `offset` is accepted but ignored (as observed live).
		const startId = intFilter(params, 'start_id');
		if (startId !== undefined) messages = messages.filter((m) => m.id >= startId);
		messages = sortById(messages, params.order);
		const { limit, offset } = pageParams(params);
		return {
			status: 'success',
			data: messages.slice(0, limit).map(store.messageView),
			meta: { total: messages.length, limit, offset },
		};
	});
	post('/v1/messages', ({ params }) => ok(store.sendMessage(params, 'api').response));
	post('/v1/messages/inbox', ({ params }) => {
		const from =
			params.from_client && typeof params.from_client === 'object' ? params.from_client : {};
		const text = !isBlank(params.body) ? params.body : params.text;
		const attachments = !isBlank(params.attachment)
			? [{ name: params.attachment_filename, link: params.attachment }]
			: !isBlank(params.image)
				? [{ name: undefined, link: params.image }]
				: undefined;
		const result = store.clientWrites({
			client_id: from.id,
			phone: isBlank(from.id) ? from.phone : undefined,
			name: from.nickname,
			channel_id: params.channel_id,
			transport: isBlank(params.transport) ? 'external' : params.transport,
			text,
			attachments,
			custom_fields: params.custom_fields,
			extra_data:
				params.extra_data && typeof params.extra_data === 'object' ? params.extra_data : undefined,
			external_id:
				params.extra_data && typeof params.extra_data === 'object'
					? params.extra_data.external_id
					: undefined,
			source: 'api_inbox',
		});
		if (!isBlank(params.client_phone)) {
			store.getClient(result.client_id).client_phone = normalizePhone(params.client_phone);
		}
		return ok({
			message_id: result.message_id,
			client_id: result.client_id,
			dialog_id: result.dialog_id,
			request_id: result.request_id,
			channel_id: result.channel_id,
		});
	});
	get('/v1/messages/:id', ({ path }) => ok(store.messageView(store.mustMessage(path.id))));
	for (const method of ['GET', 'PUT', 'POST']) {
		router.add(method, '/v1/messages/:id/read', ({ path }) =>
			ok(store.messageView(store.setRead(path.id, true))),
		);
		router.add(method, '/v1/messages/:id/unread', ({ path }) =>
			ok(store.messageView(store.setRead(path.id, false))),
		);
	}
	const transfer = ({ path, params }) => {
		const message = store.mustMessage(path.id);
		if (!message.dialog_id) throw notFound('Dialog');
		store.assignOperator(message.dialog_id, params.operator_id);
		return ok({
			message_id: message.id,
			dialog_id: message.dialog_id,
			operator_id: toInt(params.operator_id),
		});
	};
	get('/v1/messages/:id/transfer', transfer);
	post('/v1/messages/:id/assign', transfer);
	get('/v1/messages/:id/transfer_to_group', ({ path, params }) => {
		const message = store.mustMessage(path.id);
		const groupId = toInt(params.group_id);
		const group = S().operatorGroups.find((g) => g.id === groupId);
		if (!group) throw validationError('group_id', 'Operator group not found');
		const dialog = store.mustDialog(message.dialog_id);
		const operatorId =
			group.operator_ids.find((id) => id !== dialog.operator_id) || group.operator_ids[0];
		store.assignOperator(dialog.id, operatorId);
		return ok({
			message_id: message.id,
			dialog_id: dialog.id,
			operator_id: operatorId,
			group_id: group.id,
		});
	});

	// ---- dialogs ----
	get('/v1/dialogs', ({ params }) => {
		let dialogs = Array.from(S().dialogs.values());
		const operatorId = intFilter(params, 'operator_id');
		if (operatorId !== undefined) dialogs = dialogs.filter((d) => d.operator_id === operatorId);
		if (!isBlank(params.state)) dialogs = dialogs.filter((d) => d.state === String(params.state));
		return list(sortById(dialogs, params.order), params, store.dialogView);
	});
	get('/v1/dialogs/:id', ({ path }) => ok(store.dialogView(store.mustDialog(path.id))));
	put('/v1/dialogs/:id', ({ path, params }) => {
		const dialog = store.mustDialog(path.id);
		if (!isBlank(params.operator_id)) store.assignOperator(dialog.id, params.operator_id);
		if (!isBlank(params.state)) {
			const state = String(params.state);
			if (state === 'closed') store.closeDialog(dialog.id);
			else if (state === 'open') store.openDialog(dialog.id);
			else throw validationError('state', 'The state must be open or closed.');
		}
		return ok(store.dialogView(dialog));
	});

	// ---- requests ----
	get('/v1/requests/:id', ({ path }) => ok(store.requestView(store.mustRequest(path.id))));
	get('/v1/requests/:id/messages', ({ path }) => {
		const request = store.mustRequest(path.id);
		return Array.from(S().messages.values())
			.filter((m) => m.request_id === request.id)
			.map(store.requestMessageView);
	});
	const closeRequest = ({ params }) => ok(store.requestView(store.closeRequest(params)));
	put('/v1/requests/close', closeRequest);
	post('/v1/requests/close', closeRequest);

	// ---- tags ----
	get('/v1/tags', ({ params }) => list(sortById(S().tags, params.order), params, store.tagView));
	get('/v1/tags/:id', ({ path }) => ok(store.tagView(store.mustTag(path.id))));
	post('/v1/tags', ({ params }) => ok(store.tagView(store.createTag(params))));
	post('/v1/tags/assign_to', ({ params }) => {
		const result = store.assignTags(params);
		return ok({
			assignee_type: result.assignee_type,
			assignee_id: result.assignee_id,
			tag_ids: result.tag_ids,
		});
	});
	del('/v1/tags/:id/delete_from', ({ path, params }) => ok(store.removeTag(path.id, params)));
	post('/v1/tags/:id/delete_from', ({ path, params }) => ok(store.removeTag(path.id, params)));
	get('/v1/tag_groups', ({ params }) =>
		list(sortById(S().tagGroups, params.order), params, store.tagGroupView),
	);
	get('/v1/tag_groups/:id', ({ path }) => {
		const group = store.getTagGroup(path.id);
		if (!group) throw notFound('Tag group');
		return ok(store.tagGroupView(group));
	});
	post('/v1/tag_groups', ({ params }) => ok(store.tagGroupView(store.createTagGroup(params))));

	// ---- operators, channels, reference data ----
	get('/v1/operators', ({ params }) => {
		let operators = S().operators.map(store.operatorView);
		if (!isBlank(params.phone))
			operators = operators.filter((o) => o.phone === normalizePhone(params.phone));
		if (!isBlank(params.email))
			operators = operators.filter((o) => o.email === String(params.email));
		const online = intFilter(params, 'online');
		if (online !== undefined) operators = operators.filter((o) => o.online === online);
		const statusId = intFilter(params, 'status_id');
		if (statusId !== undefined) operators = operators.filter((o) => o.status_id === statusId);
		return list(operators, params);
	});
	get('/v1/operators/statuses', () =>
		S().operatorStatuses.map((s) => ({ id: s.id, name: { ...s.name } })),
	);
	get('/v1/operators/:id', ({ path }) => ok(store.operatorView(store.mustOperator(path.id))));
	get('/v1/operators_groups', ({ params }) =>
		list(S().operatorGroups, params, (g) => ({
			id: g.id,
			name: g.name,
			operator_ids: g.operator_ids.slice(),
		})),
	);
	get('/v1/channels', ({ params }) => {
		let channels = S().channels;
		if (!isBlank(params.phone)) {
			const phone = normalizePhone(params.phone);
			channels = channels.filter((c) => normalizePhone(c.phone) === phone);
		}
		return list(channels, params, (c) => ({ ...c, transports: c.transports.slice() }));
	});
	get('/v1/channels/:id', ({ path }) => {
		const channel = store.mustChannel(path.id);
		return ok({ ...channel, transports: channel.transports.slice() });
	});
	get('/v1/help/transports', () => ok(S().transports.slice()));
	get('/v1/help/message_types', () =>
		ok(['from_client', 'to_client', 'autoreply', 'system', 'comment']),
	);
	get('/v1/help/dialog_states', () => ok(['open', 'closed']));
	get('/v1/help/roles', () =>
		ok(['unconfirmed', 'operator', 'supervisor', 'admin', 'disabled', 'deleted']),
	);
	get('/v1/custom_client_fields', () => ({
		status: 'ok',
		data: S().customFields.map((f) => ({ ...f })),
	}));
	const apiInfo = () => {
		const company = S().company;
		return ok({
			current_version: 1,
			mode: company.mode,
			requests_this_month: S().stats.requestsThisMonth,
			channels: S().channels.length,
			hook: null,
			chat_close_web_hook: null,
			company_name: company.name,
			companyID: company.id,
			partnerID: company.partner_id,
			admin_email: company.admin_email,
		});
	};
	get('/v1/companies/api_info', apiInfo);
	get('/v1/companies/info', apiInfo);

	// ---- web analytics (response shape is a documented guess) ----
	get('/v1/web_analytics_data', ({ params }) => {
		let rows = S().webAnalytics;
		const clientId = intFilter(params, 'client_id');
		if (clientId !== undefined) rows = rows.filter((r) => r.client_id === clientId);
		const from = dateFilter(params, 'date_from', false);
		if (from !== undefined) rows = rows.filter((r) => r.createdAt >= from);
		const to = dateFilter(params, 'date_to', true);
		if (to !== undefined) rows = rows.filter((r) => r.createdAt <= to);
		return list(sortById(rows, params.order), params, (r) => {
			const { createdAt, ...row } = r;
			void createdAt;
			return row;
		});
	});

	// ---- webhooks ----
	get('/v1/webhooks', ({ params }) =>
		list(sortById(Array.from(S().webhooks.values()), params.order), params, store.webhookView),
	);
	get('/v1/webhooks/:id', ({ path }) => ok(store.webhookView(store.mustWebhook(path.id))));
	post('/v1/webhooks', ({ params }) => ok(store.webhookView(store.createWebhook(params))));
	put('/v1/webhooks/:id', ({ path, params }) => {
		const result = store.updateWebhook(path.id, params);
		if (result.deleted)
			return {
				status: 'success',
				message: 'Webhook deleted',
				data: store.webhookView(result.webhook),
			};
		return ok(store.webhookView(result.webhook));
	});
	del('/v1/webhooks/:id', ({ path }) => {
		store.deleteWebhook(path.id);
		return { status: 'success', message: 'Webhook deleted' };
	});

	return router;
}

module.exports = { createApiRouter, pageParams, formatC2DTime };
