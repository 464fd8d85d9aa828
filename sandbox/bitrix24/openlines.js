'use strict';
// Open Lines domain: connector statuses per line, connector users, chats keyed by USER_CODE, sessions,
// messages (client and operator), the operator signature rule, and the CRM tracker that creates a
// lead or contact+deal some time after a session's first client message.

const crypto = require('crypto');
const { RestError, isoDate, unixNow, isPlainObject, toList, lowerKeysDeep } = require('./util');

const IMAGE_EXTENSIONS = new Set(['jpe', 'jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp']);

const BUILTIN_CONNECTORS = {
	livechat: 'Live Chat',
	telegrambot: 'Telegram',
	network: 'Bitrix24.Network',
};

function extensionOf(name) {
	const match = /\.([a-z0-9]+)$/i.exec(String(name || ''));
	return match ? match[1].toLowerCase() : '';
}

function createOpenLines(core) {
	const { state } = core;

	// ---- lines & statuses -------------------------------------------------------------------------

	function getLine(lineId) {
		return state.lines.get(String(lineId)) || null;
	}

	function statusKey(connector, line) {
		return `${connector}|${Number(line) || 0}`;
	}

	function getStatus(connector, line, { create = false } = {}) {
		const key = statusKey(connector, line);
		let status = state.statuses.get(key);
		if (!status && create) {
			status = {
				connector,
				line: Number(line) || 0,
				ACTIVE: 'N',
				CONNECTION: 'N',
				REGISTER: 'N',
				ERROR: 'N',
				DATA: {},
			};
			state.statuses.set(key, status);
		}
		return status || null;
	}

	function activate(connector, line) {
		const status = getStatus(connector, line, { create: true });
		Object.assign(status, { ACTIVE: 'Y', CONNECTION: 'Y', REGISTER: 'Y', ERROR: 'N' });
		return status;
	}

	function deactivate(connector, line) {
		const key = statusKey(connector, line);
		const existed = state.statuses.delete(key);
		if (existed) {
			core.events.emit(
				'ONIMCONNECTORSTATUSDELETE',
				{ connector, line: Number(line) || 0 },
				{ connector },
			);
		}
		return existed;
	}

	function isActiveOn(connector, line) {
		const lineConfig = getLine(line);
		if (!lineConfig || lineConfig.ACTIVE !== 'Y') return false;
		const status = getStatus(connector, line);
		return Boolean(status && status.ACTIVE === 'Y');
	}

	function requireActive(connector, line) {
		if (!isActiveOn(connector, line)) {
			throw new RestError(
				400,
				'NOT_ACTIVE_LINE',
				'The line with this ID is inactive or does not exist',
			);
		}
	}

	function connectorFlags(connectorId) {
		const connector = state.connectors.get(connectorId);
		return connector ? connector.flags : null;
	}

	function signatureEnabled(connectorId, lineId) {
		const flags = connectorFlags(connectorId);
		const line = getLine(lineId);
		const needSignature = flags ? flags.NEED_SIGNATURE !== 'N' : true;
		return needSignature && (!line || line.OPERATOR_DATA !== 'hide');
	}

	function signed(connectorId, lineId, name, text) {
		if (!signatureEnabled(connectorId, lineId)) return text;
		return `[b]${name}:[/b]` + (text ? `[br] ${text}` : '');
	}

	/** Deletes a line: connector statuses on it go first (STATUSDELETE each), then LINEDELETE. */
	function deleteLine(lineId) {
		const id = String(lineId);
		if (!state.lines.has(id)) return false;
		for (const status of [...state.statuses.values()]) {
			if (String(status.line) === id) deactivate(status.connector, status.line);
		}
		state.lines.delete(id);
		core.events.emit('ONIMCONNECTORLINEDELETE', Number(id), {});
		return true;
	}

	// ---- users, chats, sessions ---------------------------------------------------------------------

	function splitName(user) {
		let name = String(user.name ?? user.title ?? '').trim();
		let lastName = String(user.last_name ?? '').trim();
		if (!lastName) {
			const words = name.split(/\s+/).filter(Boolean);
			if (words.length === 2) [name, lastName] = words;
		}
		return { name, lastName };
	}

	function connectorUser(connectorId, user) {
		const xmlId = `${connectorId}|${user.id}`;
		const { name, lastName } = splitName(user);
		let record = state.connectorUsers.get(xmlId);
		if (!record) {
			state.seq.user += 1;
			record = {
				ID: String(state.seq.user),
				XML_ID: xmlId,
				NAME: '',
				LAST_NAME: '',
				EXTERNAL_AUTH_ID: 'imconnector',
			};
			state.connectorUsers.set(xmlId, record);
			state.users.set(record.ID, record);
		}
		if (name) record.NAME = name;
		if (lastName) record.LAST_NAME = lastName;
		for (const key of ['phone', 'email', 'url', 'gender']) {
			if (user[key]) record[key.toUpperCase()] = String(user[key]);
		}
		if (isPlainObject(user.picture) && user.picture.url) record.PICTURE = String(user.picture.url);
		return record;
	}

	function fullName(record) {
		return [record.NAME, record.LAST_NAME].filter(Boolean).join(' ') || 'Guest';
	}

	function userName(userId) {
		const user = state.users.get(String(userId));
		return user ? [user.NAME, user.LAST_NAME].filter(Boolean).join(' ') : `User ${userId}`;
	}

	function entityData1(chat) {
		const session = chat.sessionId ? state.sessions.get(chat.sessionId) : null;
		return [
			chat.crm.enabled ? 'Y' : 'N',
			chat.crm.entityType,
			chat.crm.entityId,
			'N',
			'N',
			chat.sessionId || 0,
			session ? session.startedTs : chat.createdTs,
			chat.line,
			0,
			0,
		].join('|');
	}

	function entityData2(chat) {
		const b = chat.crm.bindings;
		return `LEAD|${b.LEAD}|COMPANY|${b.COMPANY}|CONTACT|${b.CONTACT}|DEAL|${b.DEAL}`;
	}

	function findChat({ chatId, userCode, connector, line, externalChatId }) {
		if (chatId !== undefined && chatId !== null && chatId !== '') {
			return state.chats.get(String(chatId)) || null;
		}
		if (userCode) {
			for (const chat of state.chats.values()) if (chat.userCode === userCode) return chat;
			return null;
		}
		if (connector && line !== undefined && externalChatId !== undefined) {
			let found = null;
			for (const chat of state.chats.values()) {
				if (
					chat.connector === String(connector) &&
					String(chat.line) === String(line) &&
					chat.externalChatId === String(externalChatId)
				) {
					found = chat;
				}
			}
			return found;
		}
		return null;
	}

	function getOrCreateChat(connectorId, lineId, chatInput, userInput, clientUser) {
		const userCode = `${connectorId}|${lineId}|${chatInput.id}|${userInput.id}`;
		let chat = findChat({ userCode });
		if (!chat) {
			state.seq.chat += 1;
			const line = getLine(lineId);
			chat = {
				id: String(state.seq.chat),
				userCode,
				connector: connectorId,
				line: Number(lineId),
				externalChatId: String(chatInput.id),
				externalUserId: String(userInput.id),
				clientUserId: clientUser.ID,
				title: `${fullName(clientUser)} - ${line ? line.LINE_NAME : `Line ${lineId}`}`,
				externalName: chatInput.name ? String(chatInput.name) : '',
				description: chatInput.url ? `Link to the original post: ${chatInput.url}` : '',
				createdAt: isoDate(),
				createdTs: unixNow(),
				sessionId: null,
				crm: {
					enabled: false,
					entityType: 'NONE',
					entityId: 0,
					bindings: { LEAD: 0, COMPANY: 0, CONTACT: 0, DEAL: 0 },
				},
			};
			state.chats.set(chat.id, chat);
		} else if (chatInput.url) {
			chat.description = `Link to the original post: ${chatInput.url}`;
		}
		return chat;
	}

	function currentSession(chat) {
		const session = chat.sessionId ? state.sessions.get(chat.sessionId) : null;
		return session && session.closed === 'N' ? session : null;
	}

	function sessionEventItem(chat, session) {
		const line = getLine(chat.line);
		return {
			connector: {
				connector_id: chat.connector,
				line_id: String(chat.line),
				chat_id: chat.externalChatId,
				user_id: chat.externalUserId,
			},
			session: {
				id: Number(session.id),
				closed: session.closed,
				parent_id: Number(session.parentId),
				close_term: Number(line ? line.FULL_CLOSE_TIME : 10),
			},
			chat: { id: chat.externalChatId },
			user: { id: chat.externalUserId },
		};
	}

	function emitSession(kind, chat, session) {
		const item = sessionEventItem(chat, session);
		const connectorEvent =
			kind === 'start' ? 'ONIMCONNECTORDIALOGSTART' : 'ONIMCONNECTORDIALOGFINISH';
		core.events.emit(
			connectorEvent,
			{ CONNECTOR: chat.connector, LINE: String(chat.line), DATA: [item] },
			{ connector: chat.connector },
		);
		core.events.emit(
			kind === 'start' ? 'ONSESSIONSTART' : 'ONSESSIONFINISH',
			{ DATA: [item] },
			{ connector: chat.connector },
		);
	}

	function openSession(chat) {
		const previous = chat.sessionId ? state.sessions.get(chat.sessionId) : null;
		const line = getLine(chat.line);
		state.seq.session += 1;
		const session = {
			id: String(state.seq.session),
			chatId: chat.id,
			lineId: chat.line,
			closed: 'N',
			parentId: previous ? previous.id : '0',
			operatorId: line && line.QUEUE && line.QUEUE.length ? String(line.QUEUE[0]) : '1',
			startedAt: isoDate(),
			startedTs: unixNow(),
			closedAt: null,
			clientMessages: 0,
			crmScheduled: false,
		};
		state.sessions.set(session.id, session);
		chat.sessionId = session.id;
		emitSession('start', chat, session);
		return session;
	}

	function finishSession(chat) {
		const session = currentSession(chat);
		if (!session) return null;
		session.closed = 'Y';
		session.closedAt = isoDate();
		emitSession('finish', chat, session);
		return session;
	}

	// ---- files --------------------------------------------------------------------------------------

	function storeFile({ name, url, content, contentBase64, type }) {
		state.seq.file += 1;
		const id = String(state.seq.file);
		const fileName = String(name || `file-${id}`);
		const buffer = contentBase64
			? Buffer.from(String(contentBase64), 'base64')
			: Buffer.from(content !== undefined ? String(content) : `sandbox file ${fileName}\n`, 'utf8');
		const isImage = IMAGE_EXTENSIONS.has(extensionOf(fileName));
		const file = {
			id,
			name: fileName,
			url: url ? String(url) : null,
			type: type || (isImage ? 'image' : 'file'),
			size: url && content === undefined && contentBase64 === undefined ? 0 : buffer.length,
			content: buffer,
			sign: crypto.randomBytes(8).toString('hex'),
		};
		state.files.set(id, file);
		return file;
	}

	/** The link an event carries: served by the simulator without auth (images get `#img.<ext>`). */
	function fileLink(file) {
		const base = `${core.baseUrl()}/_sim/files/${file.id}/${encodeURIComponent(file.name)}?SIGN=${file.sign}`;
		return file.type === 'image' ? `${base}#img.${extensionOf(file.name) || 'png'}` : base;
	}

	function eventFile(file) {
		const out = { name: file.name, type: file.type, link: fileLink(file), size: file.size };
		if (file.type === 'image') {
			out.width = 100;
			out.height = 100;
		}
		return out;
	}

	// ---- messages -----------------------------------------------------------------------------------

	function addMessage(fields) {
		state.seq.message += 1;
		const message = {
			id: String(state.seq.message),
			createdAt: isoDate(),
			updatedAt: null,
			deleted: false,
			history: [],
			files: [],
			params: {},
			...fields,
		};
		state.messages.set(message.id, message);
		return message;
	}

	function findByMid(chat, externalId) {
		for (const message of state.messages.values()) {
			if (message.chatId !== chat.id || message.deleted) continue;
			const mids = message.params.CONNECTOR_MID || [];
			if (mids.includes(String(externalId))) return message;
		}
		return null;
	}

	function outgoingEventItem(chat, message) {
		const item = {
			im: { chat_id: Number(chat.id), message_id: Number(message.id) },
			message: { user_id: Number(message.authorId), text: message.sentText },
			chat: { id: chat.externalChatId },
		};
		if (message.files.length)
			item.message.files = message.files.map((id) => eventFile(state.files.get(id)));
		return item;
	}

	/** Posts an operator (employee) message to the chat and fires ONIMCONNECTORMESSAGEADD. */
	function postOperatorMessage(chat, { authorId, authorName, text, files = [], externalId }) {
		const session = currentSession(chat) || openSession(chat);
		const name = authorName || userName(authorId);
		const rawText = text === undefined || text === null ? '' : String(text);
		const message = addMessage({
			chatId: chat.id,
			sessionId: session.id,
			direction: 'out',
			authorId: String(authorId),
			authorName: name,
			text: rawText,
			sentText: signed(chat.connector, chat.line, name, rawText),
			files: files.map((file) => storeFile(file).id),
			params: externalId
				? { CONNECTOR_MID: [String(externalId)], SENDING: 'N', SENDING_TS: 0 }
				: { SENDING: 'Y', SENDING_TS: unixNow() },
		});
		core.events.emit(
			'ONIMCONNECTORMESSAGEADD',
			{
				CONNECTOR: chat.connector,
				LINE: String(chat.line),
				MESSAGES: [outgoingEventItem(chat, message)],
			},
			{ connector: chat.connector, userId: String(authorId) },
		);
		return message;
	}

	function editOperatorMessage(message, text) {
		const chat = state.chats.get(message.chatId);
		message.history.push({ text: message.text, at: isoDate() });
		message.text = String(text ?? '');
		message.sentText = signed(chat.connector, chat.line, message.authorName, message.text);
		message.updatedAt = isoDate();
		const mids = message.params.CONNECTOR_MID || [];
		if (!mids.length) return false;
		core.events.emit(
			'ONIMCONNECTORMESSAGEUPDATE',
			{
				CONNECTOR: chat.connector,
				LINE: String(chat.line),
				MESSAGES: [
					{
						im: { chat_id: Number(chat.id), message_id: Number(message.id) },
						message: { id: [...mids], text: message.sentText },
						chat: { id: chat.externalChatId },
					},
				],
			},
			{ connector: chat.connector, userId: message.authorId },
		);
		return true;
	}

	function deleteOperatorMessage(message) {
		const chat = state.chats.get(message.chatId);
		message.deleted = true;
		message.updatedAt = isoDate();
		const mids = message.params.CONNECTOR_MID || [];
		if (!mids.length) return false;
		core.events.emit(
			'ONIMCONNECTORMESSAGEDELETE',
			{
				CONNECTOR: chat.connector,
				LINE: String(chat.line),
				MESSAGES: mids.map((mid) => ({
					im: { chat_id: Number(chat.id), message_id: Number(message.id) },
					message: { id: mid },
					chat: { id: chat.externalChatId },
				})),
			},
			{ connector: chat.connector, userId: message.authorId },
		);
		return true;
	}

	// ---- CRM tracker --------------------------------------------------------------------------------

	function crmSourceId(chat) {
		return `${chat.line}|${chat.connector.toUpperCase()}`;
	}

	function personFields(clientUser, imol) {
		const fields = { NAME: clientUser.NAME || 'Guest', LAST_NAME: clientUser.LAST_NAME || '' };
		if (clientUser.PHONE) fields.PHONE = [{ VALUE: clientUser.PHONE, VALUE_TYPE: 'WORK' }];
		if (clientUser.EMAIL) fields.EMAIL = [{ VALUE: clientUser.EMAIL, VALUE_TYPE: 'WORK' }];
		if (clientUser.URL && String(clientUser.URL).length <= 250) {
			fields.WEB = [{ VALUE: clientUser.URL, VALUE_TYPE: 'HOME' }];
		}
		fields.IM = [{ VALUE: imol, VALUE_TYPE: 'OPENLINE' }];
		return fields;
	}

	function findPerson(entity, imol, clientUser, openOnly) {
		const byImol = core.crm.findByImol(entity, imol);
		if (byImol) return byImol;
		if (clientUser.PHONE) {
			for (const id of core.crm.findByComm(entity, 'PHONE', [clientUser.PHONE])) {
				const record = core.crm.get(entity, id);
				if (!openOnly || record.fields.STATUS_SEMANTIC_ID === 'P') return record;
			}
		}
		return null;
	}

	function addActivity(chat, session, ownerTypeId, ownerId) {
		state.seq.activity += 1;
		const id = String(state.seq.activity);
		state.activities.set(id, {
			ID: id,
			OWNER_TYPE_ID: String(ownerTypeId),
			OWNER_ID: String(ownerId),
			TYPE_ID: '6',
			PROVIDER_ID: 'IMOPENLINES_SESSION',
			PROVIDER_TYPE_ID: String(chat.line),
			ASSOCIATED_ENTITY_ID: session.id,
			ORIGIN_ID: `IMOL_${session.id}`,
			SUBJECT: chat.title,
			RESULT_SOURCE_ID: chat.connector,
			PROVIDER_PARAMS: { USER_CODE: chat.userCode },
			COMMUNICATIONS: [{ TYPE: 'IM', VALUE: `imol|${chat.userCode}` }],
			CREATED: isoDate(),
		});
	}

	function runCrmTracker(chatId, sessionId) {
		const chat = state.chats.get(chatId);
		const session = state.sessions.get(sessionId);
		if (!chat || !session) return;
		const line = getLine(chat.line);
		if (!line || line.CRM !== 'Y') return;
		const clientUser = state.users.get(chat.clientUserId) || { NAME: 'Guest' };
		const imol = `imol|${chat.userCode}`;
		const userId = session.operatorId;
		const bindings = chat.crm.bindings;
		if (line.CRM_CREATE === 'lead') {
			let lead = findPerson('lead', imol, clientUser, true);
			if (!lead) {
				lead = core.crm.add(
					'lead',
					{
						TITLE: chat.title,
						SOURCE_ID: crmSourceId(chat),
						ASSIGNED_BY_ID: userId,
						...personFields(clientUser, imol),
					},
					userId,
				);
				core.events.emit('ONCRMLEADADD', { FIELDS: { ID: Number(lead.id) } }, { userId });
			} else if (!(lead.multi.IM || []).some((item) => item.VALUE === imol)) {
				core.crm.update('lead', lead.id, { IM: [{ VALUE: imol, VALUE_TYPE: 'OPENLINE' }] }, userId);
			}
			bindings.LEAD = Number(lead.id);
			chat.crm = { ...chat.crm, enabled: true, entityType: 'LEAD', entityId: Number(lead.id) };
			addActivity(chat, session, 1, lead.id);
		} else if (line.CRM_CREATE === 'deal') {
			let contact = findPerson('contact', imol, clientUser, false);
			if (!contact) {
				contact = core.crm.add(
					'contact',
					{
						SOURCE_ID: crmSourceId(chat),
						ASSIGNED_BY_ID: userId,
						...personFields(clientUser, imol),
					},
					userId,
				);
				core.events.emit('ONCRMCONTACTADD', { FIELDS: { ID: Number(contact.id) } }, { userId });
			}
			let deal = bindings.DEAL ? core.crm.get('deal', bindings.DEAL) : null;
			if (deal && (line.CRM_CREATE_THIRD === 'N' || deal.fields.CLOSED === 'Y')) deal = null;
			if (!deal) {
				deal = core.crm.add(
					'deal',
					{
						TITLE: chat.title,
						CATEGORY_ID: line.CRM_CREATE_SECOND || '0',
						CONTACT_ID: contact.id,
						SOURCE_ID: crmSourceId(chat),
						SOURCE_DESCRIPTION: clientUser.URL || '',
						ASSIGNED_BY_ID: userId,
					},
					userId,
				);
				core.events.emit('ONCRMDEALADD', { FIELDS: { ID: Number(deal.id) } }, { userId });
			}
			bindings.CONTACT = Number(contact.id);
			bindings.DEAL = Number(deal.id);
			chat.crm = { ...chat.crm, enabled: true, entityType: 'DEAL', entityId: Number(deal.id) };
			addActivity(chat, session, 2, deal.id);
		}
		session.crmDone = true;
	}

	function maybeScheduleCrm(chat, session, messageInput) {
		if (session.crmScheduled) return;
		const line = getLine(chat.line);
		const flags = connectorFlags(chat.connector);
		if (!line || line.CRM !== 'Y' || line.CRM_CREATE === 'none') return;
		if (flags && flags.CHAT_GROUP === 'Y') return;
		if (String(messageInput.disable_crm || '').toUpperCase() === 'Y') return;
		session.crmScheduled = true;
		const chatId = chat.id;
		const sessionId = session.id;
		core.setTimer(() => runCrmTracker(chatId, sessionId), core.config.crmDelayMs);
	}

	// ---- connector input (imconnector.send/update/delete.messages) ---------------------------------

	/** Validates MESSAGES the way the REST layer does (whole call fails with ERROR_ARGUMENT). */
	function messageList(raw, { requireMessage = true } = {}) {
		const list = toList(raw);
		if (!list)
			throw new RestError(
				400,
				'ERROR_ARGUMENT',
				"The value of an argument 'MESSAGES' must be of type array",
				{ argument: '' },
			);
		const out = [];
		for (const item of list) {
			if (!isPlainObject(item)) {
				throw new RestError(
					400,
					'ERROR_ARGUMENT',
					'The MESSAGES parameter must be an array of messages (arrays)',
					{ argument: '' },
				);
			}
			const lowered = lowerKeysDeep(item);
			if (
				!isPlainObject(lowered.user) ||
				!isPlainObject(lowered.chat) ||
				(requireMessage && !isPlainObject(lowered.message))
			) {
				throw new RestError(
					400,
					'ERROR_ARGUMENT',
					'The incorrect structure of a message inside MESSAGES parameter',
					{ argument: '' },
				);
			}
			out.push(lowered);
		}
		return out;
	}

	function mirror(item, clientUser) {
		const result = { user: clientUser ? clientUser.ID : '0' };
		const message = { ...item.message };
		message.date = {};
		result.message = message;
		const chatOut = { ...item.chat };
		if (item.chat.url) chatOut.description = `Link to the original post: ${item.chat.url}`;
		result.chat = chatOut;
		const extra = {};
		if (item.user.skip_phone_validate)
			extra.skip_phone_validate = String(item.user.skip_phone_validate);
		if (item.message.disable_crm) extra.disable_tracker = String(item.message.disable_crm);
		if (Object.keys(extra).length) result.extra = extra;
		return result;
	}

	function failure(item, errorsList) {
		return { ...mirror(item, null), SUCCESS: false, ERRORS: errorsList };
	}

	function receiveClientMessage(connectorId, lineId, item) {
		const user = item.user;
		const messageInput = item.message;
		if (user.id === undefined || user.id === null || user.id === '')
			return failure(item, ['User ID is not specified']);
		if (item.chat.id === undefined || item.chat.id === null || item.chat.id === '')
			return failure(item, ['Chat ID is not specified']);
		const files = toList(messageInput.files) || [];
		const text =
			messageInput.text === undefined || messageInput.text === null
				? ''
				: String(messageInput.text);
		if (text === '' && files.length === 0)
			return failure(item, ['Message text or files are required']);

		const clientUser = connectorUser(connectorId, user);
		const chat = getOrCreateChat(connectorId, lineId, item.chat, user, clientUser);
		const session = currentSession(chat) || openSession(chat);
		const externalId =
			messageInput.id !== undefined && messageInput.id !== null ? String(messageInput.id) : null;

		if (messageInput.user_id) {
			// Posted on behalf of an employee: an outgoing message (and, like the portal, it echoes back).
			postOperatorMessage(chat, {
				authorId: String(messageInput.user_id),
				text,
				files: files.filter(isPlainObject).map((file) => ({ name: file.name, url: file.url })),
				externalId,
			});
		} else {
			addMessage({
				chatId: chat.id,
				sessionId: session.id,
				direction: 'in',
				authorId: clientUser.ID,
				authorName: fullName(clientUser),
				text,
				date: messageInput.date !== undefined ? String(messageInput.date) : null,
				externalId,
				externalUser: { ...user },
				files: files.filter(isPlainObject).map(
					(file) =>
						storeFile({
							name:
								file.name ||
								String(file.url || '')
									.split('/')
									.pop(),
							url: file.url,
						}).id,
				),
				params: externalId ? { CONNECTOR_MID: [externalId] } : {},
			});
			session.clientMessages += 1;
			maybeScheduleCrm(chat, session, messageInput);
		}
		return {
			...mirror(item, clientUser),
			SUCCESS: true,
			session: { ID: session.id, CHAT_ID: chat.id },
		};
	}

	function updateClientMessage(connectorId, lineId, item) {
		const chat = findChat({ userCode: `${connectorId}|${lineId}|${item.chat.id}|${item.user.id}` });
		const message = chat && item.message.id !== undefined ? findByMid(chat, item.message.id) : null;
		if (!message) return failure(item, ['Message not found']);
		message.history.push({ text: message.text, at: isoDate() });
		if (item.message.text !== undefined) message.text = String(item.message.text);
		message.updatedAt = isoDate();
		return { ...mirror(item, state.users.get(chat.clientUserId)), SUCCESS: true };
	}

	function deleteClientMessage(connectorId, lineId, item) {
		const chat = findChat({ userCode: `${connectorId}|${lineId}|${item.chat.id}|${item.user.id}` });
		const message = chat && isPlainObject(item.message) ? findByMid(chat, item.message.id) : null;
		const clientUser = chat ? state.users.get(chat.clientUserId) : null;
		const result = {
			user: clientUser ? clientUser.ID : '0',
			message: { id: isPlainObject(item.message) ? item.message.id : undefined },
			chat: { id: item.chat.id },
		};
		if (!message) return { ...result, SUCCESS: false, ERRORS: ['Message not found'] };
		message.deleted = true;
		message.updatedAt = isoDate();
		return { ...result, SUCCESS: true };
	}

	function recordStatus(type, connectorId, lineId, item) {
		const im = isPlainObject(item.im) ? item.im : {};
		const ids =
			item.message && item.message.id !== undefined
				? toList(item.message.id) || [item.message.id]
				: [];
		const message = im.message_id !== undefined ? state.messages.get(String(im.message_id)) : null;
		const found = Boolean(
			message && (im.chat_id === undefined || String(message.chatId) === String(im.chat_id)),
		);
		if (type === 'delivery' && found && ids.length) {
			message.params.CONNECTOR_MID = ids.map(String);
			message.params.SENDING = 'N';
			message.params.SENDING_TS = 0;
		}
		state.statusLog.push({
			type,
			connector: connectorId,
			line: Number(lineId),
			chat_id: im.chat_id !== undefined ? String(im.chat_id) : null,
			message_id: im.message_id !== undefined ? String(im.message_id) : null,
			external_ids: ids.map(String),
			external_chat_id:
				isPlainObject(item.chat) && item.chat.id !== undefined ? String(item.chat.id) : null,
			date: item.message && item.message.date !== undefined ? String(item.message.date) : null,
			found,
			at: isoDate(),
		});
	}

	// ---- views --------------------------------------------------------------------------------------

	function chatView(chat) {
		const messages = [...state.messages.values()].filter((message) => message.chatId === chat.id);
		const session = chat.sessionId ? state.sessions.get(chat.sessionId) : null;
		const operatorId = session ? Number(session.operatorId) : 0;
		return {
			id: Number(chat.id),
			parent_chat_id: 0,
			parent_message_id: 0,
			name: chat.title,
			description: chat.description,
			owner: operatorId,
			extranet: false,
			avatar: '',
			color: '#4ba984',
			type: 'lines',
			counter: 0,
			user_counter: 2,
			message_count: messages.length,
			unread_id: 0,
			last_message_id: messages.length ? Number(messages[messages.length - 1].id) : 0,
			last_id: messages.length ? Number(messages[messages.length - 1].id) : 0,
			marked_id: 0,
			disk_folder_id: 0,
			entity_type: 'LINES',
			entity_id: chat.userCode,
			entity_data_1: entityData1(chat),
			entity_data_2: entityData2(chat),
			entity_data_3: '',
			mute_list: [],
			date_create: chat.createdAt,
			message_type: 'L',
			public: '',
			role: 'MEMBER',
			entity_link: { type: 'LINES', url: '', id: chat.userCode },
			manager_list: operatorId ? [operatorId] : [],
			dialog_id: `chat${chat.id}`,
		};
	}

	function messageView(message) {
		const chat = state.chats.get(message.chatId);
		const view = {
			id: Number(message.id),
			chat_id: Number(message.chatId),
			session_id: message.sessionId ? Number(message.sessionId) : null,
			direction: message.direction,
			connector: chat ? chat.connector : null,
			line: chat ? chat.line : null,
			external_chat_id: chat ? chat.externalChatId : null,
			author_id: Number(message.authorId),
			author_name: message.authorName,
			text: message.text,
			files: message.files.map((id) => {
				const file = state.files.get(id);
				return {
					id: Number(file.id),
					name: file.name,
					type: file.type,
					url: file.url,
					link: fileLink(file),
					size: file.size,
				};
			}),
			params: JSON.parse(JSON.stringify(message.params)),
			deleted: message.deleted,
			created_at: message.createdAt,
			updated_at: message.updatedAt,
		};
		if (message.direction === 'in') {
			view.external_message_id = message.externalId;
			view.external_user_id = chat ? chat.externalUserId : null;
			view.user = message.externalUser;
			view.date = message.date;
		} else {
			view.sent_text = message.sentText;
			view.connector_mid = message.params.CONNECTOR_MID || [];
		}
		if (message.history.length) view.history = message.history;
		return view;
	}

	function simChatView(chat) {
		const session = chat.sessionId ? state.sessions.get(chat.sessionId) : null;
		return {
			id: Number(chat.id),
			user_code: chat.userCode,
			connector: chat.connector,
			line: chat.line,
			external_chat_id: chat.externalChatId,
			external_user_id: chat.externalUserId,
			client_user_id: Number(chat.clientUserId),
			title: chat.title,
			description: chat.description,
			entity_data_1: entityData1(chat),
			entity_data_2: entityData2(chat),
			session: session
				? {
						id: Number(session.id),
						closed: session.closed,
						parent_id: Number(session.parentId),
						operator_id: Number(session.operatorId),
					}
				: null,
			sessions: [...state.sessions.values()]
				.filter((item) => item.chatId === chat.id)
				.map((item) => ({
					id: Number(item.id),
					closed: item.closed,
					started_at: item.startedAt,
					closed_at: item.closedAt,
				})),
			created_at: chat.createdAt,
		};
	}

	return {
		BUILTIN_CONNECTORS,
		getLine,
		getStatus,
		activate,
		deactivate,
		isActiveOn,
		requireActive,
		signed,
		deleteLine,
		findChat,
		currentSession,
		openSession,
		finishSession,
		storeFile,
		postOperatorMessage,
		editOperatorMessage,
		deleteOperatorMessage,
		messageList,
		receiveClientMessage,
		updateClientMessage,
		deleteClientMessage,
		recordStatus,
		chatView,
		messageView,
		simChatView,
		entityData1,
		entityData2,
		userName,
	};
}

module.exports = { createOpenLines };
