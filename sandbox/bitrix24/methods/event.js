'use strict';
// event.bind / event.unbind / event.get (application context only) and a few basic methods
// (profile, user.current, user.get, app.info, scope, server.time) that credential tests call.

const { RestError, errors, getParam, phpEmpty, isoDate, toList } = require('../util');
const { SUPPORTED_EVENTS } = require('../events');

function createEventMethods(core) {
	const { state } = core;

	function validateHandler(handler) {
		let url;
		try {
			url = new URL(String(handler));
		} catch {
			throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new RestError(400, 'ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported event handler protocol');
		}
		if (!url.hostname || !url.hostname.includes('.')) {
			throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
		}
		return String(handler);
	}

	function normalizeAuthType(value) {
		return phpEmpty(value) ? '0' : String(value);
	}

	function bind(params, call) {
		const eventName = getParam(params, 'event');
		if (phpEmpty(eventName)) throw errors.argumentNull('EVENT');
		const handler = getParam(params, 'handler');
		if (phpEmpty(handler)) throw errors.argumentNull('HANDLER');
		const name = String(eventName).toUpperCase();
		if (!SUPPORTED_EVENTS.has(name))
			throw new RestError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
		const eventType = String(getParam(params, 'event_type') ?? 'online').toLowerCase();
		if (eventType !== 'online' && eventType !== 'offline') {
			throw errors.argument('Value must be one of {online|offline}');
		}
		const url = validateHandler(handler);
		const authType = normalizeAuthType(getParam(params, 'auth_type'));
		const offline = eventType === 'offline';
		const duplicate = state.bindings.find(
			(binding) =>
				binding.event === name &&
				binding.handler === url &&
				binding.authType === authType &&
				binding.offline === offline &&
				binding.clientId === call.auth.clientId,
		);
		if (duplicate) {
			throw new RestError(400, 'ERROR_CORE', 'Unable to set event handler: Handler already binded');
		}
		state.seq.binding += 1;
		state.bindings.push({
			id: state.seq.binding,
			event: name,
			handler: url,
			authType,
			offline,
			clientId: call.auth.clientId,
			userId: call.auth.userId,
			options: getParam(params, 'options') ?? null,
			createdAt: isoDate(),
		});
		return true;
	}

	function unbind(params, call) {
		const eventName = getParam(params, 'event');
		if (phpEmpty(eventName)) throw errors.argumentNull('EVENT');
		const name = String(eventName).toUpperCase();
		const handler = getParam(params, 'handler');
		const authTypeGiven = getParam(params, 'auth_type');
		const eventType = getParam(params, 'event_type');
		const before = state.bindings.length;
		state.bindings = state.bindings.filter((binding) => {
			if (binding.clientId !== call.auth.clientId || binding.event !== name) return true;
			if (!phpEmpty(handler) && binding.handler !== String(handler)) return true;
			if (authTypeGiven !== undefined && binding.authType !== normalizeAuthType(authTypeGiven))
				return true;
			if (
				!phpEmpty(eventType) &&
				binding.offline !== (String(eventType).toLowerCase() === 'offline')
			) {
				return true;
			}
			return false;
		});
		return { count: before - state.bindings.length };
	}

	function get(params, call) {
		return state.bindings
			.filter((binding) => binding.clientId === call.auth.clientId)
			.map((binding) => ({
				event: binding.event,
				handler: binding.handler,
				auth_type: binding.authType,
				offline: binding.offline ? 1 : 0,
			}));
	}

	function userView(id) {
		const user = state.users.get(String(id));
		if (!user) return null;
		return {
			ID: user.ID,
			ACTIVE: true,
			NAME: user.NAME,
			LAST_NAME: user.LAST_NAME,
			EMAIL: user.EMAIL || '',
			XML_ID: user.XML_ID || '',
			IS_ONLINE: 'N',
			USER_TYPE: user.EXTERNAL_AUTH_ID ? 'extranet' : 'employee',
		};
	}

	const app = { appOnly: true };
	return {
		'event.bind': { ...app, handler: bind },
		'event.unbind': { ...app, handler: unbind },
		'event.get': { ...app, handler: get },
		profile: {
			handler: (params, call) => {
				const user = state.users.get(call.auth.userId) || {};
				return {
					ID: call.auth.userId,
					ADMIN: Boolean(user.ADMIN),
					NAME: user.NAME || '',
					LAST_NAME: user.LAST_NAME || '',
					PERSONAL_GENDER: '',
					TIME_ZONE: '',
					TIME_ZONE_OFFSET: 0,
				};
			},
		},
		'user.current': { handler: (params, call) => userView(call.auth.userId) },
		'user.get': {
			handler: (params) => {
				const filter = getParam(params, 'filter') || params;
				const ids =
					toList(getParam(filter, 'ID')) ||
					(getParam(filter, 'ID') ? [getParam(filter, 'ID')] : null);
				return [...state.users.values()]
					.filter((user) => !user.EXTERNAL_AUTH_ID)
					.filter((user) => !ids || ids.map(String).includes(user.ID))
					.map((user) => userView(user.ID));
			},
		},
		'app.info': {
			handler: (params, call) => {
				if (call.auth.type !== 'oauth')
					return { SCOPE: 'crm,imopenlines,user', LICENSE: 'en_project' };
				return {
					ID: 1,
					CODE: state.app.clientId,
					VERSION: 1,
					STATUS: 'L',
					INSTALLED: true,
					PAYMENT_EXPIRED: 'N',
					DAYS: null,
					LANGUAGE_ID: 'en',
					LICENSE: 'en_project',
					LICENSE_TYPE: 'project',
					LICENSE_FAMILY: 'project',
				};
			},
		},
		scope: {
			handler: (params, call) =>
				call.auth.type === 'oauth'
					? String(call.auth.scope).split(',').filter(Boolean)
					: ['crm', 'imopenlines', 'im', 'user'],
		},
		'server.time': { handler: () => isoDate() },
	};
}

module.exports = { createEventMethods };
