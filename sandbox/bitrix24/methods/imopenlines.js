'use strict';
// imopenlines.* — line configs, dialogs (chat objects with entity_data_1/2), session history, CRM ⇄ chat.

const {
	RestError,
	errors,
	getParam,
	phpEmpty,
	isPlainObject,
	toList,
	upperKeys,
} = require('../util');

function createImopenlinesMethods(core) {
	const { state, openlines } = core;

	function configView(line, withQueue) {
		const out = { ...line };
		delete out.QUEUE;
		if (withQueue) {
			out.QUEUE = [...line.QUEUE];
			out.QUEUE_USERS_FIELDS = {};
			for (const id of line.QUEUE) {
				out.QUEUE_USERS_FIELDS[id] = {
					USER_NAME: openlines.userName(id),
					USER_WORK_POSITION: '',
					USER_AVATAR: '',
					USER_AVATAR_ID: 0,
				};
			}
			out.CONFIG_QUEUE = line.QUEUE.map((id) => ({ ENTITY_ID: String(id), ENTITY_TYPE: 'user' }));
		}
		return out;
	}

	function configListGet(params) {
		const queryParams = upperKeys(getParam(params, 'PARAMS'));
		const options = upperKeys(getParam(params, 'OPTIONS'));
		const filter = isPlainObject(queryParams.FILTER) ? queryParams.FILTER : {};
		let lines = [...state.lines.values()].filter((line) =>
			Object.entries(filter).every(([key, value]) => {
				const field = key.replace(/^=/, '').toUpperCase();
				const wanted = toList(value) || [value];
				return wanted.some((item) => String(line[field]) === String(item));
			}),
		);
		const order = isPlainObject(queryParams.ORDER) ? Object.entries(queryParams.ORDER) : [];
		lines.sort((a, b) => {
			for (const [key, dir] of order) {
				const field = key.toUpperCase();
				const diff = String(a[field]).localeCompare(String(b[field]), undefined, { numeric: true });
				if (diff !== 0) return String(dir).toUpperCase() === 'DESC' ? -diff : diff;
			}
			return Number(a.ID) - Number(b.ID);
		});
		const offset = Number.parseInt(String(queryParams.OFFSET ?? '0'), 10) || 0;
		const limit = Math.min(200, Number.parseInt(String(queryParams.LIMIT ?? '50'), 10) || 50);
		lines = lines.slice(offset, offset + limit);
		const withQueue = String(options.QUEUE || '').toUpperCase() === 'Y';
		const select = (toList(queryParams.SELECT) || []).map((item) => String(item).toUpperCase());
		return lines.map((line) => {
			const view = configView(line, withQueue);
			if (select.length === 0 || select.includes('*')) return view;
			const out = {};
			for (const field of select) if (field in view) out[field] = view[field];
			if (withQueue) {
				out.QUEUE = view.QUEUE;
				out.QUEUE_USERS_FIELDS = view.QUEUE_USERS_FIELDS;
			}
			return out;
		});
	}

	function configGet(params) {
		const id = getParam(params, 'CONFIG_ID');
		if (phpEmpty(id)) throw new RestError(400, 'CONFIG_ID_EMPTY', 'Config ID can not be empty');
		const line = openlines.getLine(id);
		if (!line) throw new RestError(400, 'CONFIG_NOT_FOUND', 'Config not found');
		const withQueue = String(getParam(params, 'WITH_QUEUE') ?? 'Y').toUpperCase() !== 'N';
		return configView(line, withQueue);
	}

	function resolveChat(params) {
		const chatId = getParam(params, 'CHAT_ID');
		if (!phpEmpty(chatId)) return openlines.findChat({ chatId: String(chatId) });
		const dialogId = getParam(params, 'DIALOG_ID');
		if (!phpEmpty(dialogId)) {
			const match = /^chat(\d+)$/.exec(String(dialogId));
			return match ? openlines.findChat({ chatId: match[1] }) : null;
		}
		const sessionId = getParam(params, 'SESSION_ID');
		if (!phpEmpty(sessionId)) {
			const session = state.sessions.get(String(sessionId));
			return session ? openlines.findChat({ chatId: session.chatId }) : null;
		}
		const userCode = getParam(params, 'USER_CODE');
		if (!phpEmpty(userCode)) return openlines.findChat({ userCode: String(userCode) });
		return undefined;
	}

	function dialogGet(params) {
		const chat = resolveChat(params);
		if (chat === undefined) {
			throw new RestError(400, 'DIALOG_ID_EMPTY', 'Dialog ID can not be empty');
		}
		if (!chat)
			throw new RestError(400, 'ACCESS_ERROR', 'You do not have access to the specified dialog');
		return openlines.chatView(chat);
	}

	function sessionHistoryGet(params) {
		const chatId = String(getParam(params, 'CHAT_ID') ?? '');
		const chat = openlines.findChat({ chatId });
		if (!chat)
			throw new RestError(400, 'ACCESS_DENIED', 'You do not have access to the specified dialog');
		const sessionId = phpEmpty(getParam(params, 'SESSION_ID'))
			? chat.sessionId
			: String(getParam(params, 'SESSION_ID'));
		const messages = [...state.messages.values()].filter(
			(message) =>
				message.chatId === chat.id && message.sessionId === sessionId && !message.deleted,
		);
		const message = {};
		for (const item of messages) {
			message[item.id] = {
				id: Number(item.id),
				chatid: Number(chat.id),
				senderid: Number(item.authorId),
				recipientid: `chat${chat.id}`,
				date: item.createdAt,
				text: item.text,
				textlegacy: item.text,
				params: { connectorMid: item.params.CONNECTOR_MID || [], fileId: item.files.map(Number) },
			};
		}
		const users = {};
		for (const id of new Set(messages.map((item) => item.authorId))) {
			users[id] = { id: Number(id), name: openlines.userName(id) };
		}
		return {
			chatId: Number(chat.id),
			canJoin: 'Y',
			canVoteHead: 'Y',
			sessionId: Number(sessionId || 0),
			userId: `chat${chat.id}`,
			message,
			usersMessage: { [`chat${chat.id}`]: messages.map((item) => Number(item.id)) },
			users,
			chat: { [chat.id]: { ...openlines.chatView(chat), entityId: chat.userCode } },
		};
	}

	function crmBinding(params) {
		const type = String(getParam(params, 'CRM_ENTITY_TYPE') ?? '').toUpperCase();
		const id = Number(getParam(params, 'CRM_ENTITY'));
		if (!['LEAD', 'DEAL', 'COMPANY', 'CONTACT'].includes(type)) {
			throw errors.argumentNull('CRM_ENTITY_TYPE');
		}
		if (!id) throw errors.argumentNull('CRM_ENTITY');
		return { type, id };
	}

	function chatsOf(type, id, activeOnly) {
		return [...state.chats.values()].filter((chat) => {
			if (chat.crm.bindings[type] !== id) return false;
			return !activeOnly || Boolean(openlines.currentSession(chat));
		});
	}

	function crmChatGet(params) {
		const { type, id } = crmBinding(params);
		const activeOnly = String(getParam(params, 'ACTIVE_ONLY') ?? 'Y').toUpperCase() !== 'N';
		return chatsOf(type, id, activeOnly).map((chat) => {
			const connector = state.connectors.get(chat.connector);
			return {
				CHAT_ID: chat.id,
				CONNECTOR_ID: chat.connector,
				CONNECTOR_TITLE: connector
					? connector.name
					: openlines.BUILTIN_CONNECTORS[chat.connector] || chat.connector,
			};
		});
	}

	function crmChatGetLastId(params) {
		const { type, id } = crmBinding(params);
		const chats = chatsOf(type, id, false);
		if (!chats.length) throw new RestError(400, 'CHAT_NOT_FOUND', 'Chat not found');
		return Number(chats[chats.length - 1].id);
	}

	function sessionOpen(params) {
		const userCode = getParam(params, 'USER_CODE');
		if (phpEmpty(userCode)) throw errors.argumentNull('USER_CODE');
		const chat = openlines.findChat({ userCode: String(userCode) });
		if (!chat) throw new RestError(400, 'CHAT_NOT_FOUND', 'Chat not found');
		return { chatId: chat.id };
	}

	function operatorFinish(params) {
		const chat = openlines.findChat({ chatId: String(getParam(params, 'CHAT_ID') ?? '') });
		if (!chat) throw new RestError(400, 'CHAT_ID', 'Chat ID is not correct');
		openlines.finishSession(chat);
		return true;
	}

	const scope = ['imopenlines'];
	return {
		'imopenlines.config.list.get': { scope, handler: configListGet },
		'imopenlines.config.get': { scope, handler: configGet },
		'imopenlines.dialog.get': { scope, handler: dialogGet },
		'imopenlines.session.history.get': { scope, handler: sessionHistoryGet },
		'imopenlines.crm.chat.get': { scope, handler: crmChatGet },
		'imopenlines.crm.chat.getlastid': { scope, handler: crmChatGetLastId },
		'imopenlines.session.open': { scope, handler: sessionOpen },
		'imopenlines.operator.finish': { scope, handler: operatorFinish },
		'imopenlines.revision.get': { scope, handler: () => ({ rest: 2, web: 1, mobile: 1 }) },
	};
}

module.exports = { createImopenlinesMethods };
