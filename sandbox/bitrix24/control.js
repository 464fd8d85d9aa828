'use strict';
// The control API: in-process functions (returned by the factory) and their `/_sim/*` HTTP routes.
// No auth; JSON in and out. See README.md for the route list.

const { isoDate, isPlainObject, clone } = require('./util');
const { lineConfig } = require('./seed');
const { profileOptions } = require('../profiles');

class ControlError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

function createControl(core, { reset, validateModes }) {
	const { state, openlines } = core;

	function requireChat(body) {
		const chat = openlines.findChat({
			chatId: body.chat_id,
			connector: body.connector,
			line: body.line,
			externalChatId: body.external_chat_id,
		});
		if (!chat)
			throw new ControlError(
				404,
				'chat not found (give chat_id or connector + line + external_chat_id)',
			);
		return chat;
	}

	function requireMessage(body) {
		const message = state.messages.get(String(body.message_id ?? ''));
		if (!message) throw new ControlError(404, `message ${body.message_id} not found`);
		return message;
	}

	const api = {
		reset() {
			reset();
			return { ok: true };
		},

		operatorReply(body = {}) {
			const chat = requireChat(body);
			const files = Array.isArray(body.files) ? body.files.filter(isPlainObject) : [];
			const text = body.text === undefined || body.text === null ? '' : String(body.text);
			if (text === '' && files.length === 0) throw new ControlError(400, 'text or files required');
			const operator = isPlainObject(body.operator) ? body.operator : {};
			const session = openlines.currentSession(chat);
			const authorId = String(operator.id ?? (session ? session.operatorId : '2'));
			const message = openlines.postOperatorMessage(chat, {
				authorId,
				authorName: operator.name ? String(operator.name) : undefined,
				text,
				files: files.map((file) => ({
					name: file.name,
					url: file.url,
					content: file.content,
					contentBase64: file.content_base64,
					type: file.type,
				})),
			});
			const view = openlines.messageView(message);
			return {
				message_id: Number(message.id),
				chat_id: Number(chat.id),
				session_id: Number(message.sessionId),
				text: message.sentText,
				files: view.files,
			};
		},

		operatorEdit(body = {}) {
			const message = requireMessage(body);
			if (message.direction !== 'out')
				throw new ControlError(400, 'only operator messages can be edited here');
			const eventFired = openlines.editOperatorMessage(message, body.text);
			return { message_id: Number(message.id), text: message.sentText, event_fired: eventFired };
		},

		operatorDelete(body = {}) {
			const message = requireMessage(body);
			if (message.direction !== 'out')
				throw new ControlError(400, 'only operator messages can be deleted here');
			const eventFired = openlines.deleteOperatorMessage(message);
			return { message_id: Number(message.id), event_fired: eventFired };
		},

		operatorFinish(body = {}) {
			const chat = requireChat(body);
			const session = openlines.finishSession(chat);
			if (!session) throw new ControlError(409, 'the chat has no open session');
			return { chat_id: Number(chat.id), session_id: Number(session.id) };
		},

		async installApp(body = {}) {
			if (!body.handler) throw new ControlError(400, 'handler is required');
			const delivery = await core.events.installApp(
				String(body.handler),
				String(body.user_id ?? '1'),
			);
			return {
				delivered: delivery.status === 'delivered',
				http_status: delivery.http_status,
				error: delivery.error,
				auth: delivery.payload.auth,
			};
		},

		issueTokens(body = {}) {
			return core.auth.issueTokens({ userId: String(body.user_id ?? '1'), scope: body.scope });
		},

		listTokens() {
			return core.auth.listTokens();
		},

		expireTokens() {
			return { expired: core.auth.expireAll() };
		},

		addFault(body = {}) {
			const count = body.count === undefined ? 1 : Number(body.count);
			const fault = {
				id: state.faults.length + 1,
				method: body.method ? String(body.method).toLowerCase() : null,
				status: Number(body.status ?? 500),
				error: body.error === undefined ? 'INTERNAL_SERVER_ERROR' : String(body.error),
				error_description:
					body.error_description === undefined
						? 'Internal server error'
						: String(body.error_description),
				count,
				remaining: count,
				used: 0,
			};
			state.faults.push(fault);
			return fault;
		},

		listFaults() {
			return state.faults;
		},

		clearFaults() {
			const cleared = state.faults.length;
			state.faults.length = 0;
			return { cleared };
		},

		configure(patch = {}) {
			const config = core.config;
			// Mode options: a profile first, then the patch's own keys (validated before anything changes).
			let modes = {};
			try {
				if (patch.profile !== undefined) modes = profileOptions(patch.profile, 'bitrix24');
				modes = { ...modes, ...validateModes(patch) };
			} catch (error) {
				throw new ControlError(400, error.message);
			}
			if (patch.profile !== undefined) config.profile = String(patch.profile);
			Object.assign(config, modes);
			// A (re)stated seed restarts the random sequence, so a test can fix it at any point.
			if (patch.seed !== undefined) core.reseed();
			if (isPlainObject(patch.rateLimit)) {
				config.rateLimit = { ...config.rateLimit, ...patch.rateLimit };
				if (patch.rateLimit.reset !== false) core.rateLimiter.reset();
			}
			for (const key of [
				'crmDelayMs',
				'eventDelayMs',
				'accessTokenTtlSeconds',
				'insufficientScopeStatus',
			]) {
				if (patch[key] !== undefined) config[key] = Number(patch[key]);
			}
			for (const key of ['unknownTokenError', 'scope', 'redirectUri']) {
				if (patch[key] !== undefined) config[key] = String(patch[key]);
			}
			return api.getConfig();
		},

		getConfig() {
			const config = clone(core.config);
			config.baseUrl = core.baseUrl();
			config.domain = core.domain();
			config.memberId = state.portal.memberId;
			config.rateLimitLevels = core.rateLimiter.snapshot();
			return config;
		},

		getLines() {
			return [...state.lines.values()].map((line) => clone(line));
		},

		addLine(body = {}) {
			state.seq.line += 1;
			const id = state.seq.line;
			const create = body.CRM_CREATE || 'lead';
			const line = lineConfig(id, String(body.LINE_NAME || `Line ${id}`), {
				enabled: (body.CRM || 'Y') === 'Y',
				create,
				category: body.CRM_CREATE_SECOND,
			});
			Object.assign(line, body, { ID: String(id) });
			state.lines.set(line.ID, line);
			return clone(line);
		},

		updateLine(id, body = {}) {
			const line = state.lines.get(String(id));
			if (!line) throw new ControlError(404, `line ${id} not found`);
			Object.assign(line, body, { ID: line.ID, DATE_MODIFY: isoDate() });
			return clone(line);
		},

		deleteLine(id) {
			if (!openlines.deleteLine(id)) throw new ControlError(404, `line ${id} not found`);
			return { deleted: Number(id) };
		},

		getChats() {
			return [...state.chats.values()].map((chat) => openlines.simChatView(chat));
		},

		getChat(id) {
			const chat = state.chats.get(String(id));
			if (!chat) throw new ControlError(404, `chat ${id} not found`);
			return { ...openlines.simChatView(chat), dialog: openlines.chatView(chat) };
		},

		getChatMessages(id) {
			const chat = state.chats.get(String(id));
			if (!chat) throw new ControlError(404, `chat ${id} not found`);
			return [...state.messages.values()]
				.filter((message) => message.chatId === chat.id)
				.map((message) => openlines.messageView(message));
		},

		getMessages(filter = {}) {
			return [...state.messages.values()]
				.map((message) => openlines.messageView(message))
				.filter(
					(view) =>
						(!filter.connector || view.connector === String(filter.connector)) &&
						(!filter.line || String(view.line) === String(filter.line)) &&
						(!filter.external_chat_id ||
							view.external_chat_id === String(filter.external_chat_id)) &&
						(!filter.direction || view.direction === String(filter.direction)) &&
						(!filter.chat_id || String(view.chat_id) === String(filter.chat_id)) &&
						(!filter.external_message_id ||
							(view.params.CONNECTOR_MID || []).includes(String(filter.external_message_id))),
				);
		},

		getDeliveryStatuses(filter = {}) {
			return state.statusLog.filter((entry) => !filter.type || entry.type === filter.type);
		},

		getConnectors() {
			return [...state.connectors.values()].map((connector) => ({
				...clone(connector),
				lines: [...state.statuses.values()]
					.filter((status) => status.connector === connector.id)
					.map((status) => clone(status)),
			}));
		},

		getStatuses() {
			return [...state.statuses.values()].map((status) => clone(status));
		},

		getBindings() {
			return state.bindings.map((binding) => clone(binding));
		},

		getEventDeliveries(filter = {}) {
			return state.eventDeliveries.filter(
				(delivery) =>
					(!filter.event || delivery.event === String(filter.event).toUpperCase()) &&
					(!filter.handler || delivery.handler === String(filter.handler)) &&
					(!filter.status || delivery.status === String(filter.status)),
			);
		},

		/** REST calls that were applied and then answered with an error (`storedThenFail*` options). */
		getStoredThenFailed(filter = {}) {
			return state.requestsLog.filter(
				(entry) =>
					entry.stored_then_failed !== undefined &&
					(!filter.method || entry.method.toLowerCase() === String(filter.method).toLowerCase()),
			);
		},

		clearEventDeliveries() {
			const cleared = state.eventDeliveries.length;
			state.eventDeliveries.length = 0;
			return { cleared };
		},

		getLeads() {
			return [...state.leads.values()].map((record) => core.crm.view('lead', record));
		},

		getDeals() {
			return [...state.deals.values()].map((record) => core.crm.view('deal', record));
		},

		getContacts() {
			return [...state.contacts.values()].map((record) => core.crm.view('contact', record));
		},

		getActivities() {
			return [...state.activities.values()].map((activity) => clone(activity));
		},

		getRequestsLog() {
			return state.requestsLog;
		},

		clearRequestsLog() {
			const cleared = state.requestsLog.length;
			state.requestsLog.length = 0;
			return { cleared };
		},

		/** Resolves once no CRM timer or event delivery is pending (or rejects after `timeoutMs`). */
		waitForIdle(timeoutMs = 5000) {
			return api.waitFor(
				() =>
					core.timers.size === 0 &&
					!state.eventDeliveries.some(
						(delivery) => delivery.status === 'queued' || delivery.status === 'sending',
					),
				timeoutMs,
			);
		},

		/** Polls `predicate` every 5 ms; resolves with its first truthy value. */
		waitFor(predicate, timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			return new Promise((resolve, reject) => {
				const tick = () => {
					let value;
					try {
						value = predicate();
					} catch (error) {
						reject(error);
						return;
					}
					if (value) resolve(value);
					else if (Date.now() > deadline)
						reject(new Error(`waitFor: timed out after ${timeoutMs} ms`));
					else setTimeout(tick, 5);
				};
				tick();
			});
		},
	};

	function file(id, res) {
		const stored = state.files.get(String(id));
		if (!stored) {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('Not found');
			return;
		}
		if (stored.url && stored.size === 0) {
			res.writeHead(302, { Location: stored.url });
			res.end();
			return;
		}
		res.writeHead(200, {
			'Content-Type': stored.type === 'image' ? 'image/png' : 'application/octet-stream',
			'Content-Length': stored.content.length,
			'Content-Disposition': `attachment; filename="${stored.name.replace(/"/g, '')}"`,
		});
		res.end(stored.content);
	}

	/**
	 * Routes a `/_sim/...` request. Returns `{status, body}` or `null` when the response was written.
	 * @param {string} method
	 * @param {string[]} parts path segments after `_sim`
	 */
	async function route(method, parts, query, body, res) {
		const [a, b, c] = parts;
		const GET = method === 'GET';
		const POST = method === 'POST';
		const DELETE = method === 'DELETE';
		const ok = (value, status = 200) => ({ status, body: value });
		try {
			if (a === 'files' && GET && b) {
				file(b, res);
				return null;
			}
			if (a === 'reset' && POST) return ok(api.reset());
			if (a === 'operator' && POST) {
				if (b === 'reply') return ok(api.operatorReply(body));
				if (b === 'edit') return ok(api.operatorEdit(body));
				if (b === 'delete') return ok(api.operatorDelete(body));
				if (b === 'finish') return ok(api.operatorFinish(body));
			}
			if (a === 'app' && b === 'install' && POST) return ok(await api.installApp(body));
			if (a === 'tokens') {
				if (b === 'expire' && POST) return ok(api.expireTokens());
				if (b === 'list' && GET) return ok(api.listTokens());
				if (!b && (GET || POST)) return ok(api.issueTokens(POST ? body : query));
			}
			if (a === 'faults' && !b) {
				if (POST) return ok(api.addFault(body));
				if (GET) return ok(api.listFaults());
				if (DELETE) return ok(api.clearFaults());
			}
			if (a === 'config' && !b) {
				if (POST) return ok(api.configure(body));
				if (GET) return ok(api.getConfig());
			}
			if (a === 'lines') {
				if (!b && GET) return ok(api.getLines());
				if (!b && POST) return ok(api.addLine(body));
				if (b && c === 'delete' && POST) return ok(api.deleteLine(b));
				if (b && !c && POST) return ok(api.updateLine(b, body));
			}
			if (a === 'chats' && GET) {
				if (!b) return ok(api.getChats());
				if (!c) return ok(api.getChat(b));
				if (c === 'messages') return ok(api.getChatMessages(b));
			}
			if (a === 'messages' && GET && !b) return ok(api.getMessages(query));
			if (a === 'delivery-statuses' && GET) return ok(api.getDeliveryStatuses(query));
			if (a === 'connectors' && GET) return ok(api.getConnectors());
			if (a === 'statuses' && GET) return ok(api.getStatuses());
			if (a === 'bindings' && GET) return ok(api.getBindings());
			if (a === 'event-deliveries') {
				if (GET) return ok(api.getEventDeliveries(query));
				if (DELETE) return ok(api.clearEventDeliveries());
			}
			if (a === 'crm' && GET) {
				if (b === 'leads') return ok(api.getLeads());
				if (b === 'deals') return ok(api.getDeals());
				if (b === 'contacts') return ok(api.getContacts());
				if (b === 'activities') return ok(api.getActivities());
			}
			if (a === 'stored-then-failed' && GET) return ok(api.getStoredThenFailed(query));
			if (a === 'requests-log') {
				if (GET) return ok(api.getRequestsLog());
				if (DELETE) return ok(api.clearRequestsLog());
			}
			if (a === 'idle' && GET) {
				await api.waitForIdle(Number(query.timeout_ms ?? 5000));
				return ok({ idle: true });
			}
			return {
				status: 404,
				body: { error: `no control route ${method} /_sim/${parts.join('/')}` },
			};
		} catch (error) {
			if (error instanceof ControlError)
				return { status: error.status, body: { error: error.message } };
			throw error;
		}
	}

	return { api, route };
}

module.exports = { createControl, ControlError };
