// Inbound template: client messages from Chat2Desk reach the right Open Line — routing by channel and
// by tag, group-chat phone signature, attachments.
const assert = require('assert');
const {
	assertNoFailedRuns,
	chat2deskCall,
	lineMessages,
	publishInbound,
	quiesceInbound,
	waitForLineMessages,
} = require('./lib');

/** Where each client's messages went: `{clientId: [line, …]}` (one entry per message). */
function linesByClient(sandbox) {
	const result = {};
	for (const message of lineMessages(sandbox)) {
		const client = message.external_chat_id;
		(result[client] = result[client] || []).push(String(message.line));
	}
	return result;
}

/**
 * A group chat (two members, then a private client) through the Inbound template: the Open Line texts
 * carry the sender's phone or not, as "Sign Phone Number in Group Chats" says.
 */
const GROUP_CHAT_CASES = [
	{
		name: 'inbound: group chat — the Open Line text starts with the sender phone',
		label: 'group-signed',
		overrides: {},
		texts: ['+79001234567: Hi all', '+79007654321: Hello back', 'Not a group'],
	},
	{
		name: 'inbound: group chat with "Sign Phone Number in Group Chats" off — no phone prefix',
		label: 'group-unsigned',
		overrides: { 'Send to the Open Line': { signGroupSenderPhone: false } },
		texts: ['Hi all', 'Hello back', 'Not a group'],
	},
];

function groupChatScenario({ name, label, overrides, texts }) {
	return {
		name,
		async run(ctx) {
			const workflow = await publishInbound(ctx, { label, overrides });
			const c2d = ctx.sandbox.chat2desk;
			const group = c2d.clientWrites({
				channel_id: 1,
				group: { sender_phone: '+79001234567', name: 'Family chat' },
				text: 'Hi all',
			});
			c2d.clientWrites({
				client_id: group.client_id,
				group: { sender_phone: '79007654321' },
				text: 'Hello back',
			});
			c2d.clientWrites({ channel_id: 1, phone: '79003334455', text: 'Not a group' });
			await waitForLineMessages(ctx.sandbox, 3);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox).map((message) => message.text),
				texts,
			);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	};
}

module.exports = [
	{
		name: 'inbound: a client message reaches the Open Line of its channel, once',
		async run(ctx) {
			const workflow = await publishInbound(ctx, { label: 'basic' });
			const sent = ctx.sandbox.chat2desk.clientWrites({
				channel_id: 2,
				phone: '79001112233',
				name: 'Peter',
				text: 'Hello from Telegram',
			});
			await waitForLineMessages(ctx.sandbox, 1);
			await quiesceInbound(ctx, workflow.id);
			const all = lineMessages(ctx.sandbox);
			assert.strictEqual(all.length, 1, JSON.stringify(all, null, 2));
			assert.strictEqual(String(all[0].line), '2');
			assert.strictEqual(all[0].text, 'Hello from Telegram');
			assert.strictEqual(all[0].external_message_id, String(sent.message_id));
			assert.strictEqual(all[0].external_chat_id, String(sent.client_id));
			assert.strictEqual(all[0].user.name, 'Peter');
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: routing by channel — channel 1 → line 1, channel 2 → line 2, channel 3 → line 1',
		async run(ctx) {
			const workflow = await publishInbound(ctx, { label: 'by-channel' });
			const c2d = ctx.sandbox.chat2desk;
			const whatsapp = c2d.clientWrites({ channel_id: 1, text: 'via WhatsApp' });
			const telegram = c2d.clientWrites({ channel_id: 2, text: 'via Telegram' });
			const vk = c2d.clientWrites({ channel_id: 3, text: 'via VK' });
			c2d.clientWrites({ client_id: whatsapp.client_id, text: 'WhatsApp again' });
			await waitForLineMessages(ctx.sandbox, 4);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(linesByClient(ctx.sandbox), {
				[whatsapp.client_id]: ['1', '1'],
				[telegram.client_id]: ['2'],
				[vk.client_id]: ['1'],
			});
			assert.deepStrictEqual(
				lineMessages(ctx.sandbox, { external_chat_id: String(whatsapp.client_id) }).map(
					(message) => message.text,
				),
				['via WhatsApp', 'WhatsApp again'],
			);
			// Each client has one Open Line chat, on its line.
			const chats = ctx.sandbox.bitrix24
				.getChats()
				.map((chat) => `${chat.line}:${chat.external_chat_id}`)
				.sort();
			assert.deepStrictEqual(
				chats,
				[`1:${whatsapp.client_id}`, `1:${vk.client_id}`, `2:${telegram.client_id}`].sort(),
			);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: routing by tag — Support client → line 2, Sales client → line 1, untagged → unrouted',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			// Clients that exist (and are tagged) before they write: created through the API.
			const support = await chat2deskCall(ctx.sandbox, 'POST', '/v1/clients', {
				phone: '79002220001',
				transport: 'whatsapp',
				channel_id: 1,
				nickname: 'Support client',
			});
			const sales = await chat2deskCall(ctx.sandbox, 'POST', '/v1/clients', {
				phone: '79002220002',
				transport: 'whatsapp',
				channel_id: 1,
				nickname: 'Sales client',
			});
			const both = await chat2deskCall(ctx.sandbox, 'POST', '/v1/clients', {
				phone: '79002220003',
				transport: 'whatsapp',
				channel_id: 1,
				nickname: 'Both tags',
			});
			c2d.assignTag({ tag_id: 2, client_id: support.id });
			c2d.assignTag({ tag_id: 1, client_id: sales.id });
			// Tag routes are checked in the order listed (tag 1 → line 1 first), whatever the client's order.
			c2d.assignTag({ tag_ids: [2, 1], client_id: both.id });

			const workflow = await publishInbound(ctx, {
				label: 'by-tag',
				settings: {
					routingLogic: 'byTag',
					routes: [
						{ match: '1', line: '1' },
						{ match: '2', line: '2' },
					],
				},
			});
			c2d.clientWrites({ client_id: support.id, channel_id: 1, text: 'I need help' });
			c2d.clientWrites({ client_id: sales.id, channel_id: 1, text: 'I want to buy' });
			c2d.clientWrites({ client_id: both.id, channel_id: 1, text: 'Both' });
			const untagged = c2d.clientWrites({ channel_id: 2, text: 'Nobody tagged me' });
			await waitForLineMessages(ctx.sandbox, 3);
			const executions = await quiesceInbound(ctx, workflow.id);
			assert.strictEqual(executions.length, 4, 'one run per client message');
			assert.deepStrictEqual(linesByClient(ctx.sandbox), {
				[support.id]: ['2'],
				[sales.id]: ['1'],
				[both.id]: ['1'],
			});
			assert.ok(
				!lineMessages(ctx.sandbox).some(
					(message) => message.external_chat_id === String(untagged.client_id),
				),
				'the untagged client must stay unrouted',
			);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	...GROUP_CHAT_CASES.map(groupChatScenario),
	{
		name: 'inbound: attachments — the Open Line message carries the files (link and name)',
		async run(ctx) {
			const workflow = await publishInbound(ctx, { label: 'attachments' });
			const c2d = ctx.sandbox.chat2desk;
			const withText = c2d.clientWrites({
				channel_id: 2,
				text: 'Here is the contract',
				attachments: [
					{ name: 'contract.pdf', link: 'https://files.example.com/c2d/contract.pdf' },
					{ name: 'photo.jpg', link: 'https://files.example.com/c2d/photo.jpg' },
				],
			});
			c2d.clientWrites({
				client_id: withText.client_id,
				attachments: [{ name: 'scan.png', link: 'https://files.example.com/c2d/scan.png' }],
			});
			const messages = await waitForLineMessages(ctx.sandbox, 2);
			await quiesceInbound(ctx, workflow.id);
			const all = lineMessages(ctx.sandbox);
			assert.strictEqual(all.length, 2, JSON.stringify(messages, null, 2));
			const files = (message) =>
				message.files.map((file) => ({ name: file.name, url: file.url ?? file.link }));
			assert.strictEqual(all[0].text, 'Here is the contract');
			assert.deepStrictEqual(files(all[0]), [
				{ name: 'contract.pdf', url: 'https://files.example.com/c2d/contract.pdf' },
				{ name: 'photo.jpg', url: 'https://files.example.com/c2d/photo.jpg' },
			]);
			assert.deepStrictEqual(files(all[1]), [
				{ name: 'scan.png', url: 'https://files.example.com/c2d/scan.png' },
			]);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
];
