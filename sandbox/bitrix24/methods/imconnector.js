'use strict';
// imconnector.* — application context only (webhooks get 403 WRONG_AUTH_TYPE before we get here).

const {
	RestError,
	errors,
	getParam,
	hasParam,
	phpEmpty,
	isPlainObject,
	toList,
	toYN,
	upperKeys,
} = require('../util');

const FLAG_DEFAULTS = {
	DEL_EXTERNAL_MESSAGES: 'Y',
	EDIT_INTERNAL_MESSAGES: 'Y',
	DEL_INTERNAL_MESSAGES: 'Y',
	NEWSLETTER: 'Y',
	NEED_SYSTEM_MESSAGES: 'Y',
	NEED_SIGNATURE: 'Y',
	CHAT_GROUP: 'N',
};

function required(params, ...names) {
	for (const name of names) {
		if (!hasParam(params, name)) throw errors.argumentNull(name);
	}
}

function logicalFailure(error, description) {
	return { result: false, error, error_description: description };
}

function createImconnectorMethods(core) {
	const { state, openlines } = core;

	function register(params, call) {
		const rawId = getParam(params, 'ID');
		if (phpEmpty(rawId))
			return logicalFailure('CONNECTOR_ID_REQUIRED', 'Connector ID is not specified');
		const id = String(rawId).toLowerCase();
		if (id.includes('.')) {
			return logicalFailure(
				'APPLICATION_REGISTRATION_ERROR_POINT',
				'The connector ID cannot contain a dot',
			);
		}
		const name = getParam(params, 'NAME');
		if (phpEmpty(name)) return logicalFailure('NAME_REQUIRED', 'Connector name is not specified');
		const icon = upperKeys(getParam(params, 'ICON'));
		if (phpEmpty(icon.DATA_IMAGE))
			return logicalFailure('ICON_REQUIRED', 'Connector icon is not specified');
		const placementHandler = getParam(params, 'PLACEMENT_HANDLER');
		if (phpEmpty(placementHandler)) {
			return logicalFailure('NO_PLACEMENT_HANDLER', 'Placement handler is not specified');
		}
		const flags = {};
		for (const [flag, fallback] of Object.entries(FLAG_DEFAULTS)) {
			flags[flag] = toYN(getParam(params, flag), fallback);
		}
		const iconDisabled = getParam(params, 'ICON_DISABLED');
		const existing = state.connectors.get(id);
		state.connectors.set(id, {
			id,
			name: String(name),
			icon,
			iconDisabled: isPlainObject(iconDisabled) ? upperKeys(iconDisabled) : null,
			placementHandler: String(placementHandler),
			comment: getParam(params, 'COMMENT') ?? null,
			flags,
			appClientId: call.auth.clientId,
			registeredAt: existing ? existing.registeredAt : new Date().toISOString(),
			updatedAt: existing ? new Date().toISOString() : null,
		});
		return { result: true };
	}

	function unregister(params) {
		required(params, 'ID');
		const id = String(getParam(params, 'ID')).toLowerCase();
		if (!state.connectors.has(id)) {
			return logicalFailure(
				'APPLICATION_UNREGISTRATION_ERROR',
				'Failed to unregister the connector',
			);
		}
		for (const [key, status] of [...state.statuses]) {
			if (status.connector === id) state.statuses.delete(key);
		}
		state.connectors.delete(id);
		return { result: true };
	}

	function activate(params) {
		required(params, 'CONNECTOR', 'LINE', 'ACTIVE');
		const connector = String(getParam(params, 'CONNECTOR'));
		const line = Number.parseInt(String(getParam(params, 'LINE')), 10) || 0;
		if (phpEmpty(getParam(params, 'ACTIVE'))) openlines.deactivate(connector, line);
		else openlines.activate(connector, line);
		return true;
	}

	function status(params) {
		required(params, 'CONNECTOR');
		const connector = String(getParam(params, 'CONNECTOR'));
		const line = Number.parseInt(String(getParam(params, 'LINE') ?? '0'), 10) || 0;
		const row = openlines.getStatus(connector, line, { create: true });
		const active = row.ACTIVE === 'Y';
		const error = row.ERROR === 'Y';
		const configured = active && row.CONNECTION === 'Y';
		return {
			LINE: line,
			CONNECTOR: connector,
			ERROR: error,
			CONFIGURED: configured,
			STATUS: configured && row.REGISTER === 'Y' && !error,
		};
	}

	function dataSet(params) {
		required(params, 'CONNECTOR', 'LINE', 'DATA');
		const data = getParam(params, 'DATA');
		if (!isPlainObject(data))
			throw errors.argument("The value of an argument 'DATA' must be of type array");
		const row = openlines.getStatus(
			String(getParam(params, 'CONNECTOR')),
			getParam(params, 'LINE'),
			{
				create: true,
			},
		);
		for (const [key, value] of Object.entries(upperKeys(data))) {
			if (!phpEmpty(value)) row.DATA[key] = value;
		}
		return true;
	}

	function list() {
		const out = { ...openlines.BUILTIN_CONNECTORS };
		for (const connector of state.connectors.values()) out[connector.id] = connector.name;
		return out;
	}

	function connectorAndLine(params) {
		required(params, 'CONNECTOR', 'LINE', 'MESSAGES');
		return {
			connector: String(getParam(params, 'CONNECTOR')),
			line: Number.parseInt(String(getParam(params, 'LINE')), 10) || 0,
		};
	}

	function sendMessages(params) {
		const { connector, line } = connectorAndLine(params);
		const items = openlines.messageList(getParam(params, 'MESSAGES'));
		openlines.requireActive(connector, line);
		const results = items.map((item) => openlines.receiveClientMessage(connector, line, item));
		return { SUCCESS: results.every((item) => item.SUCCESS), DATA: { RESULT: results } };
	}

	function updateMessages(params) {
		const { connector, line } = connectorAndLine(params);
		const items = openlines.messageList(getParam(params, 'MESSAGES'));
		openlines.requireActive(connector, line);
		const results = items.map((item) => openlines.updateClientMessage(connector, line, item));
		return { SUCCESS: results.every((item) => item.SUCCESS), DATA: { RESULT: results } };
	}

	function deleteMessages(params) {
		const { connector, line } = connectorAndLine(params);
		const items = openlines.messageList(getParam(params, 'MESSAGES'), { requireMessage: false });
		openlines.requireActive(connector, line);
		const results = items.map((item) => openlines.deleteClientMessage(connector, line, item));
		return { SUCCESS: results.every((item) => item.SUCCESS), DATA: { RESULT: results } };
	}

	function statusMethod(type) {
		return (params) => {
			const { connector, line } = connectorAndLine(params);
			const list = toList(getParam(params, 'MESSAGES'));
			if (!list) throw errors.argument("The value of an argument 'MESSAGES' must be of type array");
			openlines.requireActive(connector, line);
			for (const item of list) {
				if (isPlainObject(item)) openlines.recordStatus(type, connector, line, item);
			}
			return { SUCCESS: true, DATA: [] };
		};
	}

	function chatNameSet(params) {
		for (const name of ['CONNECTOR', 'LINE', 'CHAT_ID', 'NAME']) {
			if (phpEmpty(getParam(params, name))) throw errors.argumentNull(name);
		}
		const connector = String(getParam(params, 'CONNECTOR'));
		const line = Number.parseInt(String(getParam(params, 'LINE')), 10) || 0;
		openlines.requireActive(connector, line);
		const externalChatId = String(getParam(params, 'CHAT_ID'));
		const userId = getParam(params, 'USER_ID');
		const open = [...state.chats.values()].filter(
			(chat) =>
				chat.connector === connector &&
				chat.line === line &&
				chat.externalChatId === externalChatId &&
				openlines.currentSession(chat),
		);
		if (open.length === 0) {
			throw new RestError(400, 'CHAT_RENAMING_FAILED', 'Failed to rename the chat');
		}
		const name = String(getParam(params, 'NAME'));
		for (const chat of open) {
			if (phpEmpty(userId) || chat.externalUserId === String(userId)) chat.title = name;
		}
		return { SUCCESS: true, DATA: { RESULT: {} } };
	}

	function setError(params) {
		required(params, 'CONNECTOR', 'LINE');
		const row = openlines.getStatus(
			String(getParam(params, 'CONNECTOR')),
			getParam(params, 'LINE'),
			{
				create: true,
			},
		);
		row.ERROR = 'Y';
		return true;
	}

	const scope = ['imopenlines', 'imconnector'];
	const app = { appOnly: true, scope };
	return {
		'imconnector.register': { ...app, handler: register },
		'imconnector.unregister': { ...app, handler: unregister },
		'imconnector.activate': { ...app, handler: activate },
		'imconnector.status': { ...app, handler: status },
		'imconnector.connector.data.set': { ...app, handler: dataSet },
		'imconnector.list': { appOnly: 'bare', scope, handler: list },
		'imconnector.send.messages': { ...app, handler: sendMessages },
		'imconnector.update.messages': { ...app, handler: updateMessages },
		'imconnector.delete.messages': { ...app, handler: deleteMessages },
		'imconnector.send.status.delivery': { ...app, handler: statusMethod('delivery') },
		'imconnector.send.status.reading': { ...app, handler: statusMethod('reading') },
		'imconnector.chat.name.set': { ...app, handler: chatNameSet },
		'imconnector.set.error': { ...app, handler: setError },
	};
}

module.exports = { createImconnectorMethods };
