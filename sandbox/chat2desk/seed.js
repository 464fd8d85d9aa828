'use strict';
// Reference data the simulator starts with (on create and on every reset). Ids are stable so tests,
// templates and the demo can rely on them. Everything else (clients, dialogs, requests, messages)
// is created at run time; those ids start at distinct bases so that a client id used as a dialog id
// (a common bug) leads to a 404 instead of silently working.

const ID_BASES = {
	client: 1001,
	dialog: 5001,
	request: 9001,
	message: 100001,
	tag: 5, // seeded tags use 1..4
	tagGroup: 3, // seeded groups use 1..2
	webhook: 1,
	webAnalytics: 1,
};

const TRANSPORTS = [
	'whatsapp',
	'wa_cm',
	'wa_infobip',
	'wa_clickatell',
	'wa_tr',
	'wa_wavy',
	'wa_botmaker',
	'wa_dialog',
	'viber',
	'viber_business',
	'viber_public',
	'viber_tr',
	'viber_infobip',
	'telegram',
	'tg_user',
	'sms',
	'sms_infobip',
	'facebook',
	'vk',
	'ok',
	'insta_direct',
	'insta_i2crm',
	'insta_local',
	'widget',
	'external',
	'email',
	'skype',
	'wechat',
	'yandex_dialogs',
	'vox_implant',
	'system',
];

function createSeed() {
	return {
		company: {
			id: 1,
			name: 'Sandbox Company',
			admin_email: 'admin@sandbox.example',
			partner_id: null,
			mode: 'full',
		},
		channels: [
			{ id: 1, name: 'WhatsApp', phone: '+7 900 000-00-01', transports: ['whatsapp'] },
			{ id: 2, name: 'Telegram bot', phone: '@sandbox_support_bot', transports: ['telegram'] },
			{ id: 3, name: 'VK community', phone: 'vk.com/sandbox', transports: ['vk'] },
		],
		operators: [
			operator(1, 'Anna', 'Ivanova', 'anna.ivanova@sandbox.example', '79000000101', 'admin'),
			operator(2, 'Boris', 'Petrov', 'boris.petrov@sandbox.example', '79000000102', 'operator'),
			operator(3, 'Clara', 'Smirnova', 'clara.smirnova@sandbox.example', '79000000103', 'operator'),
		],
		operatorGroups: [
			{ id: 1, name: 'Sales team', operator_ids: [1, 2] },
			{ id: 2, name: 'Support team', operator_ids: [2, 3] },
		],
		operatorStatuses: [
			{ id: 1, name: { ru: 'Онлайн', en: 'Online' } },
			{ id: 2, name: { ru: 'Перерыв', en: 'Break' } },
			{ id: 3, name: { ru: 'Офлайн', en: 'Offline' } },
		],
		tagGroups: [
			{ id: 1, name: 'Routing', order_show: 1, display: true },
			{ id: 2, name: 'Status', order_show: 2, display: true },
		],
		tags: [
			tag(1, 1, 'Sales', 'Route to the sales line', 'c8e6c9', '1b5e20'),
			tag(2, 1, 'Support', 'Route to the support line', 'bbdefb', '0d47a1'),
			tag(3, 2, 'VIP', 'Important customer', 'fff59d', '000000'),
			tag(4, 2, 'Spam', 'Unwanted messages', 'ffcdd2', 'b71c1c'),
		],
		customFields: [
			customField(1, 'City'),
			customField(2, 'Order number'),
			customField(3, 'Customer ID'),
		],
		transports: TRANSPORTS.slice(),
	};
}

function operator(id, firstName, lastName, email, phone, role) {
	return {
		id,
		email,
		phone,
		first_name: firstName,
		last_name: lastName,
		avatar: null,
		role,
		online: 1,
		offline_type: null,
		last_visit: '2026-01-01T09:00:00 UTC',
		opened_dialogs: 0,
		status_id: 1,
		external_id: null,
		status: 'active',
		access_right_name: role === 'admin' ? 'Administrator' : 'Operator',
		access_right_id: role === 'admin' ? 1 : 2,
		two_factor: false,
	};
}

function tag(id, groupId, label, description, bg, text) {
	return {
		id,
		group_id: groupId,
		label,
		description,
		bg_color: bg,
		text_color: text,
		order_show: id,
	};
}

function customField(id, name) {
	return {
		id,
		name,
		type: 'text',
		value: '',
		editable: true,
		viewable: true,
		tracking_field: false,
	};
}

module.exports = { createSeed, ID_BASES, TRANSPORTS };
