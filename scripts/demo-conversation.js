#!/usr/bin/env node
// `npm run demo:conversation`: plays one conversation against the running demo (`npm run demo`) and
// prints what each step made the simulators record, so you can follow the executions in the editor.
//
//   1. a client writes from WhatsApp, arriving from an ad (UTM data) and with a filled client card
//   2. the client writes again — both messages wait: the demo's tag mode accepts only requests
//      tagged "Sales"
//   3. a Chat2Desk operator puts the tag "Sales" on the request → the earlier messages are replayed
//      into the Open Line "Sales", in order, once
//   4. Bitrix24 creates a lead for the chat → the CRM template fills its UTM and client-card fields
//   5. the operator answers in the Open Line → the reply reaches the client in Chat2Desk, signed with
//      the operator's name, and Bitrix24 is told it was delivered
//   6. the client answers → now it goes to the Open Line at once
//
// Every run plays a new client (new phone number), so it can be run again and again.
// It talks to the simulators' control APIs and n8n's public API over HTTP only. Addresses come from
// .demo/demo.json (written by the demo), else from CHAT2DESK_SIM_PORT / BITRIX24_SIM_PORT / N8N_PORT.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STATE_FILE = path.join(ROOT, '.demo', 'demo.json');
const CONNECTOR = 'chat2desk';
const WHATSAPP_CHANNEL = 1;
const SALES_LINE = 1;
const OPERATOR_NAME = 'Klaus Weber';
const TIMEOUT_MS = Number(process.env.DEMO_STEP_TIMEOUT_MS || 60000);

function loadState() {
	let state = {};
	try {
		state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		// no demo state: fall back to the default ports
	}
	return {
		chat2deskUrl:
			state.chat2deskUrl || `http://127.0.0.1:${process.env.CHAT2DESK_SIM_PORT || 4010}`,
		bitrix24Url: state.bitrix24Url || `http://127.0.0.1:${process.env.BITRIX24_SIM_PORT || 4020}`,
		n8nUrl: state.n8nUrl || `http://127.0.0.1:${process.env.N8N_PORT || 5678}`,
		apiKey: state.apiKey || process.env.N8N_API_KEY || '',
		workflows: state.workflows || {},
		demoTag: state.demoTag || { id: 1, label: 'Sales' },
	};
}

async function http(method, url, body, headers = {}) {
	let response;
	try {
		response = await fetch(url, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
	} catch (error) {
		const reason = error.cause ? error.cause.code || error.cause.message : error.message;
		throw new Error(
			`${method} ${url} failed (${reason}). Is the demo running? Start it with: npm run demo`,
		);
	}
	const text = await response.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		// keep the text
	}
	if (!response.ok)
		throw new Error(`${method} ${url} -> ${response.status}: ${text.slice(0, 500)}`);
	return parsed;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, probe, timeoutMs = TIMEOUT_MS) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) {
			throw new Error(
				`timed out after ${timeoutMs / 1000} s waiting for ${what}; see the executions in the editor`,
			);
		}
		await sleep(200);
	}
}

const out = (text = '') => console.log(text);
const indent = (text, prefix = '      ') => String(text).replace(/^/gm, prefix);
const quote = (text) => JSON.stringify(String(text));

function leadIdOf(chat) {
	const match = /(?:^|\|)LEAD\|(\d+)/.exec(String(chat.entity_data_2 || ''));
	return match && match[1] !== '0' ? match[1] : null;
}

async function main() {
	const env = loadState();
	const c2d = (method, route, body) => http(method, `${env.chat2deskUrl}/_sim${route}`, body);
	const b24 = (method, route, body) => http(method, `${env.bitrix24Url}/_sim${route}`, body);
	const n8nApi = (route) =>
		http('GET', `${env.n8nUrl}/api/v1${route}`, undefined, { 'x-n8n-api-key': env.apiKey });

	// Is everything up?
	await c2d('GET', '/config');
	await b24('GET', '/config');
	const hooks = await c2d('GET', '/webhooks');
	if (!hooks.some((hook) => hook.status === 'enable')) {
		throw new Error(
			'no Chat2Desk webhook is registered: are the demo workflows published? Restart `npm run demo`.',
		);
	}
	const startedAt = new Date().toISOString();

	const phone = `79${String(Date.now()).slice(-9)}`;
	const name = 'Maria Lopez';
	const tag = env.demoTag;
	const lineMessages = async (clientId) =>
		(
			await b24('GET', `/messages?connector=${CONNECTOR}&external_chat_id=${clientId}&direction=in`)
		).filter((message) => !message.system);

	out(`Conversation with a new WhatsApp client, ${name} (+${phone})`);
	out(
		`Chat2Desk simulator ${env.chat2deskUrl} · Bitrix24 simulator ${env.bitrix24Url} · n8n ${env.n8nUrl}`,
	);
	out('');

	// 1. First message, with UTM data and a client card.
	out('1. The client writes from WhatsApp after clicking an ad (UTM data) …');
	const first = await c2d('POST', '/clients/write', {
		phone,
		name,
		channel_id: WHATSAPP_CHANNEL,
		text: 'Hello! I saw your ad. Do you deliver to Valencia?',
		utm: {
			utm_source: 'google',
			utm_medium: 'cpc',
			utm_campaign: 'spring_sale',
			utm_content: 'banner_a',
			utm_term: 'crm integration',
			click_time: new Date(Date.now() - 60000).toISOString(),
			page_url: 'https://shop.example.com/landing?utm_source=google',
		},
		custom_fields: { 1: 'Valencia', 2: 'ORD-2048' },
	});
	const clientId = first.client_id;
	out(
		`   Chat2Desk recorded: client ${clientId}, request ${first.request_id}, message ${first.message_id} (new client: ${first.is_new_client})`,
	);
	const analytics = await c2d('GET', `/web-analytics?client_id=${clientId}`);
	const utm = analytics[analytics.length - 1] || {};
	out(
		`   Web analytics row: source=${utm.utm_source} medium=${utm.utm_medium} campaign=${utm.utm_campaign} content=${utm.utm_content} term=${quote(utm.utm_term)}`,
	);

	// 2. A second message; both wait for the tag.
	out('2. … and writes again.');
	const second = await c2d('POST', '/clients/write', {
		client_id: clientId,
		text: 'I would like to order two chairs.',
	});
	out(
		`   Chat2Desk recorded: message ${second.message_id} in the same request ${second.request_id}`,
	);
	await c2d('POST', '/webhooks/wait', { timeout_ms: 20000 });
	const inboundHooks = await c2d('GET', '/webhook-deliveries?event=inbox');
	const delivered = inboundHooks.filter(
		(delivery) => delivery.body.client_id === clientId && delivery.status === 'delivered',
	);
	out(
		`   Chat2Desk delivered ${delivered.length} "inbox" webhooks to n8n (inbound workflow, one execution each).`,
	);
	await sleep(1500);
	const held = await lineMessages(clientId);
	out(
		`   Open Line messages for this client: ${held.length} — the tag mode ("acceptTagged": ${tag.label}) filtered them out.`,
	);

	// 3. The tag triggers the replay.
	out(`3. A Chat2Desk operator puts the tag "${tag.label}" on the request …`);
	await c2d('POST', '/tags/assign', { tag_id: tag.id, request_id: first.request_id });
	const replayed = await waitFor('the replayed messages in the Open Line', async () => {
		const found = await lineMessages(clientId);
		return found.length >= 2 && found;
	});
	out(
		`   … the inbound workflow read the client's past messages and replayed them into the Open Line:`,
	);
	for (const message of replayed) {
		out(
			`      line ${message.line} (chat ${message.chat_id}) ← ${quote(message.text)}  [Chat2Desk message ${message.external_message_id}]`,
		);
	}

	// 4. The lead and its fields.
	out('4. Bitrix24 creates a lead for the new chat; the CRM workflow fills it in …');
	const chatId = replayed[0].chat_id;
	const leadId = await waitFor('the lead of the chat', async () =>
		leadIdOf(await b24('GET', `/chats/${chatId}`)),
	);
	const lead = await waitFor('the UTM fields on the lead', async () => {
		const found = (await b24('GET', '/crm/leads')).find(
			(candidate) => String(candidate.ID) === String(leadId),
		);
		return found && found.UTM_SOURCE && found.UF_CRM_C2D_CITY ? found : null;
	});
	out(`   Lead ${lead.ID} "${lead.TITLE}":`);
	for (const field of [
		'UTM_SOURCE',
		'UTM_MEDIUM',
		'UTM_CAMPAIGN',
		'UTM_CONTENT',
		'UTM_TERM',
		'UF_CRM_C2D_UTM',
		'UF_CRM_C2D_CLIENT_ID',
		'UF_CRM_C2D_MSG_ID',
		'UF_CRM_C2D_CLICKED',
		'UF_CRM_C2D_CITY',
		'UF_CRM_C2D_ORDER',
	]) {
		out(`      ${field.padEnd(22)} ${quote(lead[field] ?? '')}`);
	}

	// 5. The operator answers.
	out(`5. The operator ${OPERATOR_NAME} answers in the Open Line …`);
	const reply = await b24('POST', '/operator/reply', {
		connector: CONNECTOR,
		line: SALES_LINE,
		external_chat_id: String(clientId),
		text: 'Yes, we deliver to Valencia within 3 days. Shall I reserve the chairs?',
		operator: { id: 2, name: OPERATOR_NAME },
	});
	out(`   Bitrix24 recorded operator message ${reply.message_id} in chat ${reply.chat_id}`);
	const sent = await waitFor('the reply in Chat2Desk', async () => {
		const messages = await c2d('GET', `/messages?client_id=${clientId}&type=to_client`);
		return messages.length > 0 && messages[messages.length - 1];
	});
	out(`   Chat2Desk sent to the client (message ${sent.id}, via ${sent.transport}):`);
	out(indent(quote(sent.text)));
	const status = await waitFor('the delivery status in Bitrix24', async () => {
		const message = (await b24('GET', `/messages?chat_id=${reply.chat_id}&direction=out`)).find(
			(candidate) => candidate.id === reply.message_id,
		);
		return message && message.connector_mid.length > 0 && message;
	});
	out(
		`   Bitrix24 marked it delivered (CONNECTOR_MID ${JSON.stringify(status.connector_mid)}, SENDING ${status.params.SENDING}).`,
	);

	// 6. Live again.
	out('6. The client answers; the request is tagged now, so it goes straight to the Open Line.');
	const third = await c2d('POST', '/clients/write', {
		client_id: clientId,
		text: 'Yes please, reserve them!',
	});
	const all = await waitFor('the live message in the Open Line', async () => {
		const found = await lineMessages(clientId);
		return found.length >= 3 && found;
	});
	const last = all[all.length - 1];
	out(
		`   line ${last.line} (chat ${last.chat_id}) ← ${quote(last.text)}  [Chat2Desk message ${third.message_id}]`,
	);
	const counts = new Map();
	for (const message of all)
		counts.set(message.external_message_id, (counts.get(message.external_message_id) || 0) + 1);
	const repeats = [...counts.values()].filter((count) => count > 1).length;
	out(
		`   The Open Line has ${all.length} messages from this client, ${repeats === 0 ? 'each exactly once' : `${repeats} of them more than once (!)`}.`,
	);

	// What n8n did.
	out('');
	if (env.apiKey) {
		await sleep(1000);
		const list = await n8nApi('/executions?limit=100');
		const ours = (list.data || []).filter((execution) => execution.startedAt >= startedAt);
		const names = Object.fromEntries(
			Object.values(env.workflows).map((workflow) => [workflow.id, workflow.name]),
		);
		const byWorkflow = new Map();
		for (const execution of ours) {
			const key = names[execution.workflowId] || execution.workflowId;
			const entry = byWorkflow.get(key) || { count: 0, statuses: new Map() };
			entry.count += 1;
			entry.statuses.set(execution.status, (entry.statuses.get(execution.status) || 0) + 1);
			byWorkflow.set(key, entry);
		}
		out(
			`n8n ran ${ours.length} executions for this conversation (Executions tab of each workflow, or ${env.n8nUrl}/home/executions):`,
		);
		for (const [workflowName, entry] of byWorkflow) {
			const statuses = [...entry.statuses]
				.map(([status, count]) => `${count} ${status}`)
				.join(', ');
			out(`   ${String(entry.count).padStart(3)} × ${workflowName} (${statuses})`);
		}
	} else {
		out(`Open ${env.n8nUrl}/home/executions to see the executions.`);
	}
	out('');
	out('Run it again for another client: npm run demo:conversation');
}

main().catch((error) => {
	console.error(`\n${error.message}`);
	process.exit(1);
});
