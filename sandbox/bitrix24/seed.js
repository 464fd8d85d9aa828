'use strict';
// The simulator's in-memory state and what a fresh portal contains: two employees, three open lines
// (lead CRM, deal CRM, no CRM) and the user fields our templates map UTM/analytics data into.

const { isoDate } = require('./util');

const MEMBER_ID = 'a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8';

const USERS = [
	{ ID: '1', NAME: 'Sandbox', LAST_NAME: 'Admin', EMAIL: 'admin@sandbox.test', ADMIN: true },
	{ ID: '2', NAME: 'Klaus', LAST_NAME: 'Weber', EMAIL: 'klaus@sandbox.test', ADMIN: false },
];

/** User fields present on leads AND deals (codes as in `crm.*.fields`). */
const USER_FIELDS = [
	{ code: 'UF_CRM_C2D_CLIENT_ID', type: 'string', label: 'Chat2Desk client ID' },
	{ code: 'UF_CRM_C2D_CITY', type: 'string', label: 'City' },
	{ code: 'UF_CRM_C2D_ORDER', type: 'string', label: 'Order number' },
	{ code: 'UF_CRM_C2D_UTM', type: 'string', label: 'UTM (whole string)' },
	{ code: 'UF_CRM_C2D_CLICKED', type: 'string', label: 'Click time' },
	{ code: 'UF_CRM_C2D_MSG_ID', type: 'string', label: 'Chat2Desk message ID' },
];

function lineConfig(id, name, crm) {
	const now = isoDate();
	return {
		ID: String(id),
		ACTIVE: 'Y',
		LINE_NAME: name,
		CRM: crm.enabled ? 'Y' : 'N',
		CRM_CREATE: crm.enabled ? crm.create : 'none',
		CRM_CREATE_SECOND: crm.create === 'deal' ? String(crm.category ?? 0) : '',
		CRM_CREATE_THIRD: 'Y',
		CRM_FORWARD: 'Y',
		CRM_CHAT_TRACKER: crm.enabled ? 'Y' : 'N',
		CRM_TRANSFER_CHANGE: 'Y',
		CRM_SOURCE: 'create',
		QUEUE_TYPE: 'evenly',
		QUEUE_TIME: '60',
		NO_ANSWER_TIME: '60',
		CHECK_AVAILABLE: 'N',
		WATCH_TYPING: 'Y',
		WELCOME_BOT_ENABLE: 'N',
		WELCOME_MESSAGE: 'N',
		WELCOME_MESSAGE_TEXT: '',
		AGREEMENT_MESSAGE: 'N',
		OPERATOR_DATA: 'profile',
		WORKTIME_ENABLE: 'N',
		WORKTIME_FROM: '9',
		WORKTIME_TO: '18.30',
		WORKTIME_TIMEZONE: '',
		WORKTIME_DAYOFF: ['SA', 'SU'],
		WORKTIME_HOLIDAYS: [],
		WORKTIME_DAYOFF_RULE: 'text',
		CLOSE_RULE: 'none',
		FULL_CLOSE_TIME: '10',
		AUTO_CLOSE_RULE: 'none',
		AUTO_CLOSE_TIME: '14400',
		VOTE_MESSAGE: 'N',
		LANGUAGE_ID: 'en',
		MAX_CHAT: '0',
		TYPE_MAX_CHAT: 'answered',
		TEMPORARY: 'N',
		DATE_CREATE: now,
		DATE_MODIFY: now,
		MODIFY_USER_ID: '1',
		QUEUE: ['2'],
	};
}

function createState(options) {
	const users = new Map(USERS.map((user) => [user.ID, { ...user }]));
	const lines = new Map();
	for (const line of [
		lineConfig(1, 'Sales', { enabled: true, create: 'lead' }),
		lineConfig(2, 'Support', { enabled: true, create: 'deal', category: 0 }),
		lineConfig(3, 'No CRM', { enabled: false }),
	]) {
		lines.set(line.ID, line);
	}
	return {
		portal: { memberId: MEMBER_ID },
		app: {
			clientId: options.clientId,
			clientSecret: options.clientSecret,
			applicationToken: options.applicationToken,
			scope: options.scope,
		},
		webhook: { userId: String(options.webhookUserId), code: options.webhookCode },
		authCodes: new Map(),
		accessTokens: new Map(),
		refreshTokens: new Map(),
		users,
		userFields: USER_FIELDS.map((field, index) => ({ ...field, id: String(index + 1) })),
		lines,
		connectors: new Map(),
		statuses: new Map(),
		connectorUsers: new Map(),
		chats: new Map(),
		sessions: new Map(),
		messages: new Map(),
		statusLog: [],
		leads: new Map(),
		deals: new Map(),
		contacts: new Map(),
		activities: new Map(),
		multifieldSeq: 100,
		bindings: [],
		eventDeliveries: [],
		requestsLog: [],
		faults: [],
		files: new Map(),
		seq: {
			user: 500,
			chat: 1000,
			session: 300,
			message: 5000,
			binding: 10,
			file: 0,
			lead: 0,
			deal: 0,
			contact: 0,
			activity: 0,
			line: 3,
			delivery: 0,
		},
	};
}

module.exports = { createState, MEMBER_ID, USER_FIELDS, lineConfig };
