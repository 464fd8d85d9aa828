'use strict';
// In-memory state of the simulated Chat2Desk company and the conversation model:
// client → dialog (one per client, open/closed) → requests (one open at a time) → messages.
// Every state change that Chat2Desk reports by webhook calls `emit(event, payload, channelId)`.

const { createSeed, ID_BASES } = require('./seed');
const { isBlank, toInt, toList, toIntList } = require('./http');
const { validationError, apiError, notFound } = require('./errors');

const MESSAGE_TYPES = ['from_client', 'to_client', 'autoreply', 'system', 'comment'];
const DELIVERABLE_TYPES = ['to_client', 'autoreply'];
const PHONE_TRANSPORTS = /^(whatsapp|wa_|viber|sms)/;

const WEBHOOK_EVENTS = [
	'inbox',
	'outbox',
	'outbox_status',
	'imported_message',
	'new_client',
	'client_updated',
	'client_added_to_blacklist',
	'new_request',
	'add_tag_to_client',
	'add_tag_to_request',
	'delete_tag_from_client',
	'delete_tag_from_request',
	'close_dialog',
	'close_request',
	'dialog_transferred',
	'comment',
	'system_message',
	'new_qr_code',
	'operator_status_changed',
	'new_ticket',
	'ticket_updated',
	'ticket_deleted',
];
const MAX_WEBHOOKS = 5;

// ---- time formats ---------------------------------------------------------------------------

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** `2026-07-17T10:45:31 UTC` — the format `GET /v1/messages` uses for `created`. */
function formatC2DTime(ms) {
	if (ms === null || ms === undefined) return null;
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`
	);
}

/** `2025-04-03T11:50:06.984000Z` — webhook `event_time` (ISO UTC, microsecond precision). */
function formatEventTime(ms) {
	return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Parses a date filter: `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`, an ISO date-time or unix seconds.
 * Date-only values mean the start of the day, or its end when `endOfDay` is set.
 */
function parseDateParam(value, endOfDay) {
	if (isBlank(value)) return undefined;
	const s = String(value).trim();
	let m = /^(\d{2})[-.](\d{2})[-.](\d{4})$/.exec(s);
	if (m) return dayBound(Number(m[3]), Number(m[2]), Number(m[1]), endOfDay);
	m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (m) return dayBound(Number(m[1]), Number(m[2]), Number(m[3]), endOfDay);
	if (/^\d{9,11}$/.test(s)) return Number(s) * 1000;
	const parsed = Date.parse(s.replace(/ UTC$/, 'Z'));
	return Number.isNaN(parsed) ? NaN : parsed;
}

function dayBound(y, mo, d, endOfDay) {
	const start = Date.UTC(y, mo - 1, d);
	return endOfDay ? start + 86400000 - 1 : start;
}

// ---- small helpers --------------------------------------------------------------------------

/** Phone-like strings are reduced to digits; pseudo-phones such as `[tg] 807892` stay as they are. */
function normalizePhone(value) {
	if (isBlank(value)) return '';
	const s = String(value).trim();
	return /^[+\d\s().-]+$/.test(s) ? s.replace(/\D/g, '') : s;
}

function requireInt(value, field) {
	const n = toInt(value);
	if (n === undefined) throw validationError(field, `The ${field} field is required.`);
	if (Number.isNaN(n)) throw validationError(field, `The ${field} must be an integer.`);
	return n;
}

function optionalInt(value, field) {
	const n = toInt(value);
	if (Number.isNaN(n)) throw validationError(field, `The ${field} must be an integer.`);
	return n;
}

function basename(url) {
	try {
		const { pathname } = new URL(url);
		const last = pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : 'file';
	} catch {
		return 'file';
	}
}

function formatTemplate(template, values) {
	return String(template).replace(/\{(\w+)\}/g, (whole, key) =>
		Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole,
	);
}

// ---- the store ------------------------------------------------------------------------------

function createState() {
	const seed = createSeed();
	return {
		...seed,
		clients: new Map(),
		dialogs: new Map(),
		requests: new Map(),
		messages: new Map(),
		webhooks: new Map(),
		webAnalytics: [],
		failArms: new Map(), // client id → [reason, …] for the next outgoing messages
		faults: [],
		requestsLog: [],
		deliveries: [],
		events: [],
		stats: { requestsThisMonth: 0 },
		nextIds: { ...ID_BASES, requestLog: 1, delivery: 1, fault: 1 },
	};
}

/**
 * @param {{ getConfig: () => object, emit: (event: string, payload: object, channelId: number|null) => void }} deps
 */
function createStore(deps) {
	const { getConfig, emit } = deps;
	const store = { state: createState() };
	const now = () => Date.now();
	const nextId = (kind) => store.state.nextIds[kind]++;

	store.reset = () => {
		store.state = createState();
	};

	// ---- lookups ----
	const S = () => store.state;
	store.getClient = (id) => S().clients.get(id);
	store.getDialog = (id) => S().dialogs.get(id);
	store.getRequest = (id) => S().requests.get(id);
	store.getMessage = (id) => S().messages.get(id);
	store.getTag = (id) => S().tags.find((t) => t.id === id);
	store.getTagGroup = (id) => S().tagGroups.find((g) => g.id === id);
	store.getChannel = (id) => S().channels.find((c) => c.id === id);
	store.getOperator = (id) => S().operators.find((o) => o.id === id);
	store.getWebhook = (id) => S().webhooks.get(id);
	store.findClientByPhone = (phone) => {
		const wanted = normalizePhone(phone);
		if (!wanted) return undefined;
		for (const client of S().clients.values()) {
			if (normalizePhone(client.phone) === wanted) return client;
		}
		return undefined;
	};

	function mustGet(getter, id, what) {
		const entity = getter(id);
		if (!entity) throw notFound(what);
		return entity;
	}
	store.mustClient = (id) => mustGet(store.getClient, id, 'Client');
	store.mustDialog = (id) => mustGet(store.getDialog, id, 'Dialog');
	store.mustRequest = (id) => mustGet(store.getRequest, id, 'Request');
	store.mustMessage = (id) => mustGet(store.getMessage, id, 'Message');
	store.mustTag = (id) => mustGet(store.getTag, id, 'Tag');
	store.mustChannel = (id) => mustGet(store.getChannel, id, 'Channel');
	store.mustOperator = (id) => mustGet(store.getOperator, id, 'Operator');
	store.mustWebhook = (id) => mustGet(store.getWebhook, id, 'Webhook');

	// ---- views (what the API returns) ----
	store.tagView = (tag) => {
		const group = store.getTagGroup(tag.group_id);
		return {
			id: tag.id,
			group_id: tag.group_id,
			group_name: group ? group.name : null,
			label: tag.label,
			description: tag.description,
			bg_color: tag.bg_color,
			text_color: tag.text_color,
			order_show: tag.order_show,
		};
	};
	const tagViews = (ids) =>
		ids
			.map((id) => store.getTag(id))
			.filter(Boolean)
			.map(store.tagView);

	store.tagGroupView = (group) => ({
		id: group.id,
		name: group.name,
		order_show: group.order_show,
		display: group.display,
		tags: S()
			.tags.filter((t) => t.group_id === group.id)
			.map((t) => ({ id: t.id, label: t.label, description: t.description })),
	});

	store.clientView = (c) => ({
		id: c.id,
		name: c.name,
		username: c.username,
		comment: c.comment,
		assigned_name: c.assigned_name,
		phone: c.phone,
		client_phone: c.client_phone,
		avatar: c.avatar,
		region_id: c.region_id,
		country_id: c.country_id,
		first_client_message: c.first_client_message,
		last_client_message: c.last_client_message,
		extra_comment_1: c.extra_comment_1,
		extra_comment_2: c.extra_comment_2,
		extra_comment_3: c.extra_comment_3,
		custom_fields: { ...c.custom_fields },
		client_external_id: c.client_external_id,
		external_id: c.external_id,
		external_ids: { ...c.external_ids },
		channels: c.channels.map((ch) => ({ id: ch.id, transports: ch.transports.slice() })),
		tags: tagViews(c.tagIds),
	});

	/** The short client object inside inbox/outbox webhooks. */
	store.hookClientView = (c) => ({
		id: c.id,
		phone: c.phone,
		client_phone: c.client_phone,
		name: c.name,
		assigned_name: c.assigned_name,
		external_id: c.external_id,
	});

	store.messageView = (m) => {
		const view = {
			id: m.id,
			text: m.text,
			video: m.video,
			photo: m.photo,
			audio: m.audio,
			pdf: m.pdf,
			coordinates: m.coordinates,
			transport: m.transport,
			type: m.type,
			read: m.read,
			created: formatC2DTime(m.createdAt),
			remote_id: m.remote_id,
			recipient_status: m.recipient_status,
			operator_id: m.operator_id,
			channel_id: m.channel_id,
			dialog_id: m.dialog_id,
			client_id: m.client_id,
			request_id: m.request_id,
			attachments: m.attachments.map((a) => ({ ...a })),
			is_new: m.is_new,
			ai_tips: null,
			extra_data: { ...m.extra_data },
			external_id: m.external_id,
		};
		// `echoExternalId: false`: the live API may not echo our external_id (no vendor example shows it).
		if (!getConfig().echoExternalId) delete view.external_id;
		return view;
	};

	/** `GET /v1/requests/{id}/messages` item: camelCase ids, unix `created`, in/out/system. */
	store.requestMessageView = (m) => ({
		id: m.id,
		text: m.text || '',
		video: m.video || '',
		photo: m.photo || '',
		audio: m.audio || '',
		pdf: m.pdf || '',
		coordinates: m.coordinates || '',
		transport: m.transport,
		type: m.type === 'from_client' ? 'in' : DELIVERABLE_TYPES.includes(m.type) ? 'out' : 'system',
		read: m.read,
		created: Math.floor(m.createdAt / 1000),
		clientID: m.client_id,
		operatorID: m.operator_id,
		channelID: m.channel_id,
		companyID: S().company.id,
		dialogID: m.dialog_id,
		requestID: m.request_id,
		attachments: m.attachments.map((a) => ({ ...a })),
		gateway_status:
			m.recipient_status === 'not delivered' ? 'error' : m.type === 'from_client' ? '' : 'sent',
		extra_data: m.type === 'comment' || m.type === 'system' ? { system_type: m.type } : {},
	});

	store.dialogView = (d) => {
		const last = d.lastMessageId ? store.getMessage(d.lastMessageId) : null;
		return {
			id: d.id,
			state: d.state,
			begin: formatC2DTime(d.beginAt),
			end: formatC2DTime(d.endAt),
			operator_id: d.operator_id,
			last_message: last ? store.messageView(last) : null,
			last_request_id: d.lastRequestId,
			messages: d.messageCount,
		};
	};

	store.requestView = (r) => ({
		id: r.id,
		dialog_id: r.dialog_id,
		client_id: r.client_id,
		channel_id: r.channel_id,
		transport: r.transport,
		type: r.type,
		status: r.state,
		by_client: r.by_client,
		begin: formatC2DTime(r.beginAt),
		end: formatC2DTime(r.endAt),
		operator_id: store.getDialog(r.dialog_id) ? store.getDialog(r.dialog_id).operator_id : null,
		tags: tagViews(r.tagIds),
		messages: r.messageCount,
	});

	store.operatorView = (o) => ({
		...o,
		opened_dialogs: Array.from(S().dialogs.values()).filter(
			(d) => d.state === 'open' && d.operator_id === o.id,
		).length,
	});

	store.webhookView = (w) => ({
		id: w.id,
		name: w.name,
		url: w.url,
		events: w.events.slice(),
		status: w.status,
		errors: w.errors.map((e) => ({ ...e })),
		channels: w.channels.slice(),
	});

	// ---- clients ----

	function buildClient(fields) {
		const id = nextId('client');
		const transport = fields.transport;
		const phone = fields.phone || generatePhone(id, transport, fields.isGroup);
		const client = {
			id,
			name: fields.name || (fields.isGroup ? `Group chat ${id}` : phone),
			username: null,
			comment: '',
			assigned_name: fields.assigned_name || null,
			phone,
			client_phone:
				fields.client_phone ||
				(!fields.isGroup && PHONE_TRANSPORTS.test(transport || '') && /^\d+$/.test(phone)
					? phone
					: null),
			avatar: null,
			region_id: 0,
			country_id: 0,
			first_client_message: null,
			last_client_message: null,
			extra_comment_1: '',
			extra_comment_2: '',
			extra_comment_3: '',
			custom_fields: {},
			client_external_id: '',
			external_id: null,
			external_ids: {},
			external_service: null,
			channels: [],
			tagIds: [],
			isGroup: Boolean(fields.isGroup),
			createdAt: now(),
			lastChannelId: null,
			lastTransport: null,
			dialogId: null,
		};
		if (fields.channelId) linkChannel(client, fields.channelId, transport);
		S().clients.set(id, client);
		return client;
	}

	function generatePhone(id, transport, isGroup) {
		if (isGroup) return `120363${pad(id, 12)}@g.us`;
		const t = transport || '';
		if (t === 'telegram' || t === 'tg_user') return `[tg] ${800000 + id}`;
		if (t === 'vk' || t === 'vkontakte') return `[vk] ${500000 + id}`;
		if (t === 'widget') return `[chat] ${(0xc0ffee000000 + id).toString(16)}`;
		if (t === 'facebook' || t.startsWith('insta')) return `[fb] ${700000 + id}`;
		return `7999${pad(id, 7)}`;
	}

	function linkChannel(client, channelId, transport) {
		let link = client.channels.find((c) => c.id === channelId);
		if (!link) {
			link = { id: channelId, transports: [] };
			client.channels.push(link);
		}
		if (transport && !link.transports.includes(transport)) link.transports.push(transport);
		client.lastChannelId = channelId;
		client.lastTransport = transport || client.lastTransport;
	}

	function clientEventPayload(client) {
		const view = store.clientView(client);
		return view;
	}

	function applyCustomFields(client, input) {
		if (isBlank(input)) return false;
		let entries;
		if (Array.isArray(input)) entries = input.map((f) => [f && f.id, f && f.value]);
		else if (typeof input === 'object') entries = Object.entries(input);
		else if (typeof input === 'string') {
			try {
				return applyCustomFields(client, JSON.parse(input));
			} catch {
				throw validationError(
					'custom_fields',
					'The custom_fields must be an object of field id → value.',
				);
			}
		} else
			throw validationError(
				'custom_fields',
				'The custom_fields must be an object of field id → value.',
			);
		for (const [rawId] of entries) {
			const id = toInt(rawId);
			if (!S().customFields.some((f) => f.id === id)) {
				throw validationError('custom_fields', `Custom field ${rawId} does not exist`);
			}
		}
		for (const [rawId, value] of entries) {
			client.custom_fields[String(toInt(rawId))] =
				value === null || value === undefined ? '' : String(value);
		}
		return entries.length > 0;
	}

	/** `POST /v1/clients`. */
	store.createClient = (params) => {
		const phone = normalizePhone(params.phone);
		if (!phone) throw validationError('phone', 'The phone field is required.');
		const transport = isBlank(params.transport) ? '' : String(params.transport);
		if (!transport) throw validationError('transport', 'The transport field is required.');
		if (!S().transports.includes(transport) && transport !== 'vkontakte') {
			throw validationError('transport', `Unknown transport: ${transport}`);
		}
		const channelId = optionalInt(params.channel_id, 'channel_id');
		if (channelId !== undefined && !store.getChannel(channelId)) {
			throw validationError('channel_id', 'Channel not found');
		}
		const existing = store.findClientByPhone(phone);
		if (existing) {
			throw apiError(400, 'Client already exist', {
				client: ['Client already exist', JSON.stringify({ id: existing.id })],
			});
		}
		const client = buildClient({
			phone,
			transport,
			channelId,
			assigned_name: isBlank(params.nickname) ? null : String(params.nickname),
			client_phone: isBlank(params.assigned_phone) ? null : normalizePhone(params.assigned_phone),
		});
		if (!client.lastTransport) client.lastTransport = transport;
		emit('new_client', { ...clientEventPayload(client) }, client.lastChannelId);
		return client;
	};

	/** `PUT /v1/clients/{id}`. */
	store.updateClient = (id, params) => {
		const client = store.mustClient(id);
		let changed = false;
		const set = (field, value) => {
			if (value === undefined) return;
			client[field] = value === null ? null : String(value);
			changed = true;
		};
		if (params.nickname !== undefined) set('assigned_name', params.nickname);
		if (params.name !== undefined) set('name', params.name);
		for (const field of ['comment', 'extra_comment_1', 'extra_comment_2', 'extra_comment_3']) {
			if (params[field] !== undefined) set(field, params[field] === null ? '' : params[field]);
		}
		if (params.external_id !== undefined) set('external_id', params.external_id);
		if (params.external_service !== undefined) set('external_service', params.external_service);
		if (params.client_external_id !== undefined)
			set('client_external_id', params.client_external_id);
		if (params.assigned_phone !== undefined) {
			client.client_phone = isBlank(params.assigned_phone)
				? null
				: normalizePhone(params.assigned_phone);
			changed = true;
		}
		if (params.custom_fields !== undefined && applyCustomFields(client, params.custom_fields)) {
			changed = true;
		}
		if (!isBlank(client.external_service) && !isBlank(client.external_id)) {
			client.external_ids[client.external_service] = client.external_id;
		}
		if (changed) emit('client_updated', clientEventPayload(client), client.lastChannelId);
		return client;
	};

	// ---- conversation ----

	function currentRequest(dialog) {
		const r = dialog.currentRequestId ? store.getRequest(dialog.currentRequestId) : null;
		return r && r.state === 'open' ? r : null;
	}

	function ensureDialog(client, channelId, open) {
		let dialog = client.dialogId ? store.getDialog(client.dialogId) : null;
		if (!dialog) {
			dialog = {
				id: nextId('dialog'),
				client_id: client.id,
				channel_id: channelId,
				state: open ? 'open' : 'closed',
				beginAt: now(),
				endAt: open ? null : now(),
				operator_id: null,
				lastMessageId: null,
				lastRequestId: null,
				currentRequestId: null,
				messageCount: 0,
			};
			S().dialogs.set(dialog.id, dialog);
			client.dialogId = dialog.id;
		} else if (open && dialog.state === 'closed') {
			dialog.state = 'open';
			dialog.beginAt = now();
			dialog.endAt = null;
		}
		dialog.channel_id = channelId || dialog.channel_id;
		return dialog;
	}

	function openRequest(client, dialog, channelId, transport, byClient) {
		const request = {
			id: nextId('request'),
			dialog_id: dialog.id,
			client_id: client.id,
			channel_id: channelId,
			transport,
			type: 'common',
			state: 'open',
			by_client: byClient,
			beginAt: now(),
			endAt: null,
			tagIds: [],
			messageCount: 0,
		};
		S().requests.set(request.id, request);
		dialog.currentRequestId = request.id;
		dialog.lastRequestId = request.id;
		emit(
			'new_request',
			{
				request_id: request.id,
				client_id: client.id,
				dialog_id: dialog.id,
				channel_id: channelId,
				transport,
				type: 'common',
				by_client: byClient,
			},
			channelId,
		);
		return request;
	}

	function addMessage(fields) {
		const message = {
			id: nextId('message'),
			text: fields.text,
			video: fields.video || null,
			photo: fields.photo || null,
			audio: fields.audio || null,
			pdf: fields.pdf || null,
			coordinates: null,
			transport: fields.transport,
			type: fields.type,
			read: fields.read,
			createdAt: now(),
			remote_id: null,
			recipient_status: null,
			operator_id: fields.operator_id === undefined ? null : fields.operator_id,
			channel_id: fields.channel_id,
			dialog_id: fields.dialog ? fields.dialog.id : null,
			client_id: fields.client.id,
			request_id: fields.request ? fields.request.id : null,
			attachments: fields.attachments || [],
			is_new: fields.is_new ? 1 : 0,
			extra_data: fields.extra_data || {},
			external_id: isBlank(fields.external_id) ? null : String(fields.external_id),
			source: fields.source || 'api',
		};
		S().messages.set(message.id, message);
		if (fields.dialog) {
			fields.dialog.lastMessageId = message.id;
			fields.dialog.messageCount++;
			if (fields.request) fields.dialog.lastRequestId = fields.request.id;
		}
		if (fields.request) fields.request.messageCount++;
		return message;
	}

	function normalizeAttachments(input) {
		if (isBlank(input)) return [];
		const list = Array.isArray(input) ? input : [input];
		return list.map((a, i) => {
			if (typeof a === 'string') return { name: basename(a), link: a };
			if (!a || typeof a !== 'object' || isBlank(a.link)) {
				throw validationError('attachments', `attachments[${i}] must be {name, link}`);
			}
			return { name: isBlank(a.name) ? basename(a.link) : String(a.name), link: String(a.link) };
		});
	}

	/** The inbox/outbox webhook body (key order as in the vendor examples). */
	function messageHookPayload(message, client, extra) {
		const payload = {
			message_id: message.id,
			type: message.type,
			text: message.text,
			transport: message.transport,
			client_id: client.id,
			operator_id: message.operator_id,
			dialog_id: message.dialog_id,
			channel_id: message.channel_id,
			photo: message.photo,
			coordinates: message.coordinates,
			audio: message.audio,
			pdf: message.pdf,
			client: store.hookClientView(client),
			hook_type: null, // filled in by the dispatcher, position kept
			request_id: message.request_id,
			attachments: message.attachments.map((a) => ({ ...a })),
			is_new_request: Boolean(extra.isNewRequest),
			is_new_client: Boolean(extra.isNewClient),
			insta_comment: false,
			extra_data: { ...message.extra_data },
			is_new: Boolean(message.is_new),
		};
		if (message.video) payload.video = message.video;
		if (message.external_id !== null && getConfig().echoExternalId)
			payload.external_id = message.external_id;
		return payload;
	}

	/**
	 * A client writes to the company (control API `POST /_sim/clients/write`, API `POST /v1/messages/inbox`).
	 * Creates the client, dialog and request as needed and fires new_client, new_request and inbox.
	 */
	store.clientWrites = (input) => {
		const config = getConfig();
		const group = input.group && typeof input.group === 'object' ? input.group : null;
		if (input.group && !group)
			throw validationError('group', 'group must be {sender_phone, name?}');
		if (group && isBlank(group.sender_phone)) {
			throw validationError('group', 'group.sender_phone is required');
		}

		let client;
		const clientId = optionalInt(input.client_id, 'client_id');
		if (clientId !== undefined) client = store.mustClient(clientId);
		else if (!isBlank(input.phone)) client = store.findClientByPhone(input.phone);

		const channelId = optionalInt(input.channel_id, 'channel_id');
		let channel;
		if (channelId !== undefined) {
			channel = store.getChannel(channelId);
			if (!channel) throw validationError('channel_id', 'Channel not found');
		} else {
			channel = store.getChannel((client && client.lastChannelId) || 1) || S().channels[0];
		}
		let transport = isBlank(input.transport) ? '' : String(input.transport);
		if (!transport) {
			transport =
				client && client.lastChannelId === channel.id && client.lastTransport
					? client.lastTransport
					: channel.transports[0];
		}

		const attachments = normalizeAttachments(input.attachments);
		let text = isBlank(input.text) ? '' : String(input.text);
		if (!text && attachments.length === 0) {
			throw validationError('text', 'The text field is required when no attachments are given.');
		}

		let isNewClient = false;
		if (!client) {
			client = buildClient({
				phone: normalizePhone(input.phone),
				transport,
				isGroup: Boolean(group),
				name: group ? group.name || input.name : input.name,
			});
			isNewClient = true;
		} else if (!isBlank(input.name) && !group) {
			client.name = String(input.name);
		}
		if (group) client.isGroup = true;
		linkChannel(client, channel.id, transport);
		if (input.custom_fields !== undefined) applyCustomFields(client, input.custom_fields);

		if (group) {
			const senderPhone = String(group.sender_phone).replace(/^\+/, '');
			text = formatTemplate(config.groupPrefixFormat, {
				phone: senderPhone,
				name: isBlank(group.sender_name) ? senderPhone : String(group.sender_name),
				text,
			});
		}

		if (client.first_client_message === null) client.first_client_message = text;
		client.last_client_message = text;
		if (isNewClient) emit('new_client', clientEventPayload(client), channel.id);

		const dialog = ensureDialog(client, channel.id, true);
		let request = currentRequest(dialog);
		let isNewRequest = false;
		if (!request) {
			request = openRequest(client, dialog, channel.id, transport, true);
			isNewRequest = true;
		}
		const extraData = {};
		if (input.extra_data && typeof input.extra_data === 'object')
			Object.assign(extraData, input.extra_data);
		const message = addMessage({
			text,
			transport,
			type: 'from_client',
			read: 0,
			operator_id: dialog.operator_id,
			channel_id: channel.id,
			dialog,
			request,
			client,
			attachments,
			is_new: true,
			extra_data: extraData,
			external_id: input.external_id,
			source: input.source || 'client',
		});

		if (input.utm && typeof input.utm === 'object') {
			const utm = input.utm;
			const field = (k) => (isBlank(utm[k]) ? null : String(utm[k]));
			S().webAnalytics.push({
				id: nextId('webAnalytics'),
				client_id: client.id,
				utm_source: field('utm_source'),
				utm_medium: field('utm_medium'),
				utm_campaign: field('utm_campaign'),
				utm_content: field('utm_content'),
				utm_term: field('utm_term'),
				click_time: field('click_time') || formatC2DTime(now()),
				message_id: message.id,
				page_url: field('page_url'),
				created: formatC2DTime(now()),
				createdAt: now(),
			});
		}

		emit('inbox', messageHookPayload(message, client, { isNewRequest, isNewClient }), channel.id);
		return {
			client_id: client.id,
			message_id: message.id,
			request_id: request.id,
			dialog_id: dialog.id,
			channel_id: channel.id,
			is_new_client: isNewClient,
			is_new_request: isNewRequest,
		};
	};

	/**
	 * An outgoing message (`POST /v1/messages`, or an operator writing in the Chat2Desk UI via the
	 * control API). Fires outbox (or comment/system_message) and, when a failure is armed, outbox_status.
	 */
	store.sendMessage = (params, source) => {
		const clientId = toInt(params.client_id);
		if (clientId === undefined)
			throw validationError('client_id', 'The client id field is required.');
		if (Number.isNaN(clientId))
			throw validationError('client_id', 'The client id must be an integer.');
		const client = store.getClient(clientId);
		if (!client) throw validationError('client_id', 'Client not found');

		const type = isBlank(params.type) ? 'to_client' : String(params.type);
		if (!MESSAGE_TYPES.includes(type) || type === 'from_client') {
			throw validationError(
				'type',
				`The type must be one of: to_client, autoreply, system, comment.`,
			);
		}
		const text = isBlank(params.text) ? '' : String(params.text);
		const attachmentUrl = isBlank(params.attachment) ? '' : String(params.attachment);
		const pdfUrl = isBlank(params.pdf) ? '' : String(params.pdf);
		const attachments = attachmentUrl
			? [
					{
						name: isBlank(params.attachment_filename)
							? basename(attachmentUrl)
							: String(params.attachment_filename),
						link: attachmentUrl,
					},
				]
			: normalizeAttachments(params.attachments);
		if (!text && attachments.length === 0 && !pdfUrl) {
			throw validationError('text', 'The text field is required when attachment is not present.');
		}

		const channelId = optionalInt(params.channel_id, 'channel_id');
		let channel;
		if (channelId !== undefined) {
			channel = store.getChannel(channelId);
			if (!channel) throw validationError('channel_id', 'Channel not found');
		} else {
			channel = client.lastChannelId ? store.getChannel(client.lastChannelId) : null;
			if (!channel)
				throw validationError('channel_id', 'The client has no channel yet; pass channel_id.');
		}
		let transport = isBlank(params.transport) ? '' : String(params.transport);
		if (!transport) {
			transport =
				client.lastChannelId === channel.id && client.lastTransport
					? client.lastTransport
					: channel.transports[0];
		}
		const operatorId = optionalInt(params.operator_id, 'operator_id');
		if (operatorId !== undefined && !store.getOperator(operatorId)) {
			throw validationError('operator_id', 'Operator not found');
		}
		const openDialog =
			params.open_dialog === undefined
				? true
				: !/^(0|false|no|off)$/i.test(String(params.open_dialog));
		const deliverable = DELIVERABLE_TYPES.includes(type);

		const dialog = ensureDialog(client, channel.id, deliverable && openDialog);
		let request = currentRequest(dialog);
		if (!request && deliverable && openDialog) {
			request = openRequest(client, dialog, channel.id, transport, false);
		}
		if (!request && dialog.lastRequestId) request = store.getRequest(dialog.lastRequestId);
		linkChannel(client, channel.id, transport);

		const isPhoto =
			attachments.length === 1 && /\.(jpe?g|png|gif|webp)$/i.test(attachments[0].link);
		const message = addMessage({
			text,
			transport,
			type,
			read: 1,
			operator_id: operatorId !== undefined ? operatorId : dialog.operator_id,
			channel_id: channel.id,
			dialog,
			request,
			client,
			attachments,
			photo: isPhoto ? attachments[0].link : null,
			pdf: pdfUrl || null,
			is_new: false,
			external_id: params.external_id,
			source: source || 'api',
		});
		if (type === 'system' || type === 'comment') {
			emit(
				type === 'comment' ? 'comment' : 'system_message',
				{
					message_id: message.id,
					request_id: message.request_id,
					dialog_id: message.dialog_id,
					client_id: client.id,
					channel_id: channel.id,
					type,
					text,
					operator_id: message.operator_id,
				},
				channel.id,
			);
		} else {
			emit('outbox', messageHookPayload(message, client, {}), channel.id);
			const arms = S().failArms.get(client.id);
			if (arms && arms.length > 0) {
				const reason = arms.shift();
				if (arms.length === 0) S().failArms.delete(client.id);
				message.recipient_status = 'not delivered';
				emit(
					'outbox_status',
					{
						hook_type: null,
						data: {
							message_id: message.id,
							client_id: client.id,
							channel_id: channel.id,
							status: 'error',
							error: reason,
						},
					},
					channel.id,
				);
			}
		}
		return {
			message,
			response: {
				message_id: message.id,
				channel_id: channel.id,
				operator_id: message.operator_id,
				transport,
				type,
				client_id: client.id,
				dialog_id: message.dialog_id,
				request_id: message.request_id,
			},
		};
	};

	store.setRead = (id, read) => {
		const message = store.mustMessage(id);
		message.read = read ? 1 : 0;
		if (read) message.is_new = 0;
		return message;
	};

	// ---- dialogs and requests ----

	/** Returns true when the operator changed (and dialog_transferred was fired). */
	store.assignOperator = (dialogId, operatorIdInput) => {
		const dialog = store.mustDialog(dialogId);
		const operatorId = requireInt(operatorIdInput, 'operator_id');
		if (!store.getOperator(operatorId)) throw validationError('operator_id', 'Operator not found');
		if (dialog.operator_id === operatorId) return false;
		dialog.operator_id = operatorId;
		const request = currentRequest(dialog);
		emit(
			'dialog_transferred',
			{
				dialog_id: dialog.id,
				client_id: dialog.client_id,
				operator_id: operatorId,
				request_id: request ? request.id : dialog.lastRequestId,
			},
			dialog.channel_id,
		);
		return true;
	};

	store.closeDialog = (dialogId) => {
		const dialog = store.mustDialog(dialogId);
		if (dialog.state === 'closed') {
			throw apiError(400, 'Dialog already has state closed', {
				state: ['Dialog already has state closed'],
			});
		}
		const request = currentRequest(dialog);
		dialog.state = 'closed';
		dialog.endAt = now();
		dialog.currentRequestId = null;
		if (request) {
			request.state = 'closed';
			request.endAt = now();
		}
		emit(
			'close_dialog',
			{
				dialog_id: dialog.id,
				client_id: dialog.client_id,
				operator_id: dialog.operator_id,
				request_id: request ? request.id : dialog.lastRequestId,
				channel_id: dialog.channel_id,
			},
			dialog.channel_id,
		);
		if (request) {
			emit(
				'close_request',
				{
					request_id: request.id,
					client_id: dialog.client_id,
					dialog_id: dialog.id,
					channel_id: request.channel_id,
				},
				request.channel_id,
			);
		}
		return dialog;
	};

	store.openDialog = (dialogId) => {
		const dialog = store.mustDialog(dialogId);
		if (dialog.state === 'open') {
			throw apiError(400, 'Dialog already has state open', {
				state: ['Dialog already has state open'],
			});
		}
		dialog.state = 'open';
		dialog.beginAt = now();
		dialog.endAt = null;
		return dialog;
	};

	/** `PUT /v1/requests/close` with `request_id` or `client_id`. */
	store.closeRequest = (params) => {
		let request;
		const requestId = optionalInt(params.request_id, 'request_id');
		const clientId = optionalInt(params.client_id, 'client_id');
		if (requestId !== undefined) request = store.mustRequest(requestId);
		else if (clientId !== undefined) {
			const client = store.mustClient(clientId);
			const dialog = client.dialogId ? store.getDialog(client.dialogId) : null;
			request = dialog && dialog.lastRequestId ? store.getRequest(dialog.lastRequestId) : null;
			if (!request) throw notFound('Request');
		} else {
			throw validationError('request_id', 'The request_id or client_id field is required.');
		}
		const dialog = store.getDialog(request.dialog_id);
		if (request.state === 'open' && dialog && dialog.currentRequestId === request.id) {
			store.closeDialog(dialog.id);
		}
		return request;
	};

	// ---- tags ----

	store.createTag = (params) => {
		const groupId = requireInt(params.tag_group_id, 'tag_group_id');
		if (!store.getTagGroup(groupId)) throw validationError('tag_group_id', 'Tag group not found');
		const label = isBlank(params.tag_label) ? '' : String(params.tag_label);
		if (!label) throw validationError('tag_label', 'The tag label field is required.');
		if (label.length > 20) {
			throw validationError('tag_label', 'The tag label may not be greater than 20 characters.');
		}
		if (
			S().tags.some((t) => t.group_id === groupId && t.label.toLowerCase() === label.toLowerCase())
		) {
			throw validationError('tag_label', 'The tag label has already been taken.');
		}
		const id = nextId('tag');
		const tag = {
			id,
			group_id: groupId,
			label,
			description: isBlank(params.tag_description) ? '' : String(params.tag_description),
			bg_color: isBlank(params.tag_bg_color) ? 'ffffff' : String(params.tag_bg_color),
			text_color: isBlank(params.tag_text_color) ? '000000' : String(params.tag_text_color),
			order_show: isBlank(params.order_show) ? id : toInt(params.order_show) || id,
		};
		S().tags.push(tag);
		return tag;
	};

	store.createTagGroup = (params) => {
		const name = isBlank(params.tag_group_name) ? '' : String(params.tag_group_name);
		if (!name) throw validationError('tag_group_name', 'The tag group name field is required.');
		const group = {
			id: nextId('tagGroup'),
			name,
			order_show: toInt(params.order_show) || S().tagGroups.length + 1,
			display: params.display === undefined ? true : !/^(0|false)$/i.test(String(params.display)),
		};
		S().tagGroups.push(group);
		return group;
	};

	function resolveAssignee(type, id) {
		if (type === 'client') {
			const client = store.getClient(id);
			if (!client) throw apiError(404, 'not_found', 'client not found');
			return { client };
		}
		const request = store.getRequest(id);
		if (!request) throw apiError(404, 'not_found', 'request not found');
		return { request, client: store.getClient(request.client_id) };
	}

	/** `POST /v1/tags/assign_to`: fires add_tag_to_client|request for every tag not yet assigned. */
	store.assignTags = (params) => {
		const type = isBlank(params.assignee_type) ? '' : String(params.assignee_type);
		if (type !== 'client' && type !== 'request') {
			throw validationError('assignee_type', 'The assignee type must be client or request.');
		}
		const assigneeId = requireInt(params.assignee_id, 'assignee_id');
		const tagIds = toIntList(params.tag_ids);
		if (tagIds.length === 0) throw validationError('tag_ids', 'The tag ids field is required.');
		for (const tagId of tagIds) {
			if (Number.isNaN(tagId) || !store.getTag(tagId)) {
				throw validationError('tag_ids', 'tag does not exist');
			}
		}
		const { client, request } = resolveAssignee(type, assigneeId);
		const target = type === 'client' ? client : request;
		const added = [];
		for (const tagId of tagIds) {
			if (target.tagIds.includes(tagId)) continue;
			target.tagIds.push(tagId);
			added.push(tagId);
			if (type === 'client') {
				emit(
					'add_tag_to_client',
					{ id: tagId, client_id: client.id, channel_id: client.lastChannelId },
					client.lastChannelId,
				);
			} else {
				emit(
					'add_tag_to_request',
					{ id: tagId, client_id: request.client_id, request_id: request.id },
					request.channel_id,
				);
			}
		}
		return { assignee_type: type, assignee_id: assigneeId, tag_ids: tagIds, added };
	};

	/** `DELETE /v1/tags/{id}/delete_from` with `client_id` or `request_id`. */
	store.removeTag = (tagIdInput, params) => {
		const tagId = requireInt(tagIdInput, 'tag_id');
		if (!store.getTag(tagId)) throw apiError(404, 'not_found', 'tag not found');
		const clientId = optionalInt(params.client_id, 'client_id');
		const requestId = optionalInt(params.request_id, 'request_id');
		if (clientId === undefined && requestId === undefined) {
			throw validationError('client_id', 'The client_id or request_id field is required.');
		}
		const type = requestId !== undefined ? 'request' : 'client';
		const { client, request } = resolveAssignee(type, type === 'request' ? requestId : clientId);
		const target = type === 'client' ? client : request;
		const index = target.tagIds.indexOf(tagId);
		if (index === -1) {
			throw apiError(400, `${type} does not belong to tag ${tagId}`, {
				[`${type}_id`]: [`${type} does not belong to tag ${tagId}`],
			});
		}
		target.tagIds.splice(index, 1);
		if (type === 'client') {
			emit('delete_tag_from_client', { id: tagId, client_id: client.id }, client.lastChannelId);
		} else {
			emit(
				'delete_tag_from_request',
				{ id: tagId, client_id: request.client_id, request_id: request.id },
				request.channel_id,
			);
		}
		return { tag_id: tagId, [`${type}_id`]: target.id };
	};

	// ---- delivery failures ----

	store.armDeliveryFailure = (params) => {
		const clientId = requireInt(params.client_id, 'client_id');
		store.mustClient(clientId);
		const count = isBlank(params.count) ? 1 : toInt(params.count);
		if (!Number.isInteger(count) || count < 1)
			throw validationError('count', 'count must be a positive integer');
		const reason = isBlank(params.reason)
			? 'Message was not delivered to the recipient'
			: String(params.reason);
		const arms = S().failArms.get(clientId) || [];
		for (let i = 0; i < count; i++) arms.push(reason);
		S().failArms.set(clientId, arms);
		return { client_id: clientId, pending_failures: arms.length, reason };
	};

	// ---- webhooks (registration; delivery lives in webhooks.js) ----

	function validateWebhookFields(params, existing) {
		const out = {};
		if (params.name !== undefined) out.name = isBlank(params.name) ? '' : String(params.name);
		if (params.url !== undefined) {
			const url = isBlank(params.url) ? '' : String(params.url).trim();
			if (url && !/^https?:\/\/[^\s]+$/i.test(url)) {
				throw validationError('url', 'The url format is invalid.');
			}
			if (url) {
				for (const other of S().webhooks.values()) {
					if (other.url === url && (!existing || other.id !== existing.id)) {
						throw validationError('url', 'This url is already used by another webhook');
					}
				}
			}
			out.url = url;
		}
		if (params.events !== undefined) {
			const events = toList(params.events).map(String);
			if (events.length === 0) throw validationError('events', 'The events field is required.');
			const unknown = events.filter((e) => !WEBHOOK_EVENTS.includes(e));
			if (unknown.length > 0)
				throw validationError('events', `Unknown events: ${unknown.join(', ')}`);
			out.events = Array.from(new Set(events));
		}
		if (params.channels !== undefined) {
			const channels = toIntList(params.channels);
			for (const id of channels) {
				if (Number.isNaN(id) || !store.getChannel(id)) {
					throw validationError('channels', `Channel ${id} not found`);
				}
			}
			out.channels = Array.from(new Set(channels));
		}
		if (params.status !== undefined) {
			const status = String(params.status).toLowerCase();
			if (status !== 'enable' && status !== 'disable') {
				throw validationError('status', 'The status must be enable or disable.');
			}
			out.status = status;
		}
		if (params.order !== undefined) out.order = toInt(params.order) || 0;
		return out;
	}

	store.createWebhook = (params) => {
		if (S().webhooks.size >= MAX_WEBHOOKS) {
			throw apiError(
				400,
				`Webhook limit reached: a company can have at most ${MAX_WEBHOOKS} webhooks`,
				{
					webhooks: [`Webhook limit reached: a company can have at most ${MAX_WEBHOOKS} webhooks`],
				},
			);
		}
		const fields = validateWebhookFields(params, null);
		if (!fields.url) throw validationError('url', 'The url field is required.');
		if (!fields.events) throw validationError('events', 'The events field is required.');
		const webhook = {
			id: nextId('webhook'),
			name: fields.name || '',
			url: fields.url,
			events: fields.events,
			status: fields.status || 'enable',
			errors: [],
			channels: fields.channels || [],
			order: fields.order || 0,
			source: 'api',
			failingSince: null,
			createdAt: now(),
		};
		S().webhooks.set(webhook.id, webhook);
		return webhook;
	};

	/** Returns `{deleted: true, webhook}` when an empty url removed the webhook. */
	store.updateWebhook = (id, params) => {
		const webhook = store.mustWebhook(id);
		if (params.url !== undefined && isBlank(params.url)) {
			S().webhooks.delete(id);
			return { deleted: true, webhook };
		}
		const fields = validateWebhookFields(params, webhook);
		Object.assign(webhook, fields);
		if (fields.status === 'enable') webhook.failingSince = null;
		return { deleted: false, webhook };
	};

	store.deleteWebhook = (id) => {
		const webhook = store.mustWebhook(id);
		S().webhooks.delete(id);
		return webhook;
	};

	return store;
}

module.exports = {
	createStore,
	formatC2DTime,
	formatEventTime,
	parseDateParam,
	normalizePhone,
	WEBHOOK_EVENTS,
	MAX_WEBHOOKS,
	MESSAGE_TYPES,
};
