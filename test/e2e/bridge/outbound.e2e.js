// Outbound template: operator replies in a Bitrix24 Open Line reach the Chat2Desk client; delivery
// statuses, delivery errors (API and messenger side), edits, deletes, files, token refresh, rate limits.
const assert = require('assert');
const {
	CONNECTOR,
	activateConnector,
	assertNoFailedRuns,
	bitrixCall,
	chat2deskSent,
	failedExecutions,
	lineMessages,
	openClientChat,
	publishInbound,
	quiesce,
	setting,
	template,
	uniquelyNamed,
	waitFor,
	waitForExecutions,
	withBitrixConfig,
} = require('./lib');

const OPERATOR = { id: 2, name: 'Klaus Weber' };

/** The outbound template with node overrides and Settings booleans, uniquely named and published. */
async function publishOutbound(ctx, { overrides = {}, settings = {}, label = 'outbound' } = {}) {
	let workflow = template('outbound', overrides);
	for (const [name, value] of Object.entries(settings)) workflow = setting(name, value)(workflow);
	return await ctx.importWorkflow(uniquelyNamed(workflow, label));
}

/** Connector active, outbound template published, one client chat in an Open Line. */
async function outboundWithChat(ctx, { chat = {}, ...options } = {}) {
	await activateConnector(ctx.sandbox);
	const workflow = await publishOutbound(ctx, options);
	const client = await openClientChat(ctx.sandbox, { channel_id: 2, ...chat });
	return { workflow, client };
}

function reply(ctx, client, input) {
	return ctx.sandbox.bitrix24.operatorReply({
		connector: CONNECTOR,
		line: client.line,
		external_chat_id: String(client.client_id),
		operator: OPERATOR,
		...input,
	});
}

/** The Bitrix24 operator message as the simulator stores it. */
function bitrixMessage(ctx, id) {
	return ctx.sandbox.bitrix24.getMessages({ direction: 'out' }).find((m) => m.id === Number(id));
}

/** Waits until the operator message has its delivery status (CONNECTOR_MID set, SENDING=N). */
async function waitDelivered(ctx, id, count = 1) {
	return await waitFor(
		() => {
			const message = bitrixMessage(ctx, id);
			return (
				message &&
				message.params.SENDING === 'N' &&
				(message.connector_mid || []).length >= count &&
				message
			);
		},
		{ what: `delivery status of Bitrix24 message ${id}` },
	);
}

async function waitSent(ctx, clientId, count) {
	return await waitFor(
		() => {
			const sent = chat2deskSent(ctx.sandbox, clientId);
			return sent.length >= count && sent;
		},
		{ what: `${count} Chat2Desk message(s) to client ${clientId}` },
	);
}

/** Notices the bridge posted into the Open Lines (client-side messages that say "not delivered"). */
function notices(ctx) {
	return lineMessages(ctx.sandbox).filter((message) => /not delivered/i.test(message.text));
}

/**
 * Waits for `count` delivery-error notices; on timeout says where the runs went instead (a refused
 * send that does not leave "Send to Chat2Desk" through its error output ends in "Mark delivered").
 */
async function waitForNotices(ctx, workflow, count) {
	try {
		await waitFor(() => notices(ctx).length >= count, {
			timeoutMs: 10000,
			what: `${count} delivery-error notice(s) in the Open Line`,
		});
	} catch (error) {
		const failed = await failedExecutions(ctx, workflow.id);
		error.message += `; failed runs: ${JSON.stringify(failed)}`;
		throw error;
	}
}

module.exports = [
	{
		name: 'outbound: an operator reply reaches the client on its channel, signed, and is marked delivered',
		async run(ctx) {
			// The client's chat comes in through the real inbound template.
			await publishInbound(ctx, { label: 'outbound-1' });
			const outbound = await publishOutbound(ctx);
			const written = ctx.sandbox.chat2desk.clientWrites({
				channel_id: 2,
				name: 'Peter',
				text: 'Where is my order?',
			});
			const [inLine] = await waitFor(
				() => {
					const found = lineMessages(ctx.sandbox);
					return found.length > 0 && found;
				},
				{ what: 'the client message in the Open Line' },
			);
			assert.strictEqual(inLine.line, 2);
			const client = { ...written, line: 2 };

			const replied = reply(ctx, client, { text: 'Your order is on its way' });
			assert.match(replied.text, /Klaus Weber/, 'the simulator signs the operator message');
			const [sent] = await waitSent(ctx, written.client_id, 1);
			const delivered = await waitDelivered(ctx, replied.message_id);
			await quiesce(ctx, outbound.id);

			const all = chat2deskSent(ctx.sandbox, written.client_id);
			assert.strictEqual(all.length, 1, JSON.stringify(all, null, 2));
			assert.strictEqual(sent.type, 'to_client');
			assert.strictEqual(sent.channel_id, 2, 'sent on the channel the client wrote from');
			assert.strictEqual(sent.transport, 'telegram');
			assert.strictEqual(sent.text, 'Klaus Weber: Your order is on its way');
			assert.strictEqual(sent.external_id, `b24:${replied.chat_id}:${replied.message_id}`);
			assert.deepStrictEqual(delivered.connector_mid, [String(sent.id)]);
			assert.strictEqual(delivered.params.SENDING, 'N');
			const statuses = ctx.sandbox.bitrix24.getDeliveryStatuses({ type: 'delivery' });
			assert.strictEqual(statuses.length, 1, JSON.stringify(statuses));
			assert.strictEqual(statuses[0].found, true);
			assert.strictEqual(statuses[0].external_chat_id, String(written.client_id));
			await assertNoFailedRuns(ctx, outbound.id);
		},
	},
	{
		name: 'outbound: with Sign Operator Name off the reply goes out without the name',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx, {
				overrides: { 'Send to Chat2Desk': { signOperatorName: false } },
			});
			const replied = reply(ctx, client, { text: 'Your order is on its way' });
			const [sent] = await waitSent(ctx, client.client_id, 1);
			await waitDelivered(ctx, replied.message_id);
			await quiesce(ctx, workflow.id);
			assert.strictEqual(sent.text, 'Your order is on its way');
			assert.strictEqual(chat2deskSent(ctx.sandbox, client.client_id).length, 1);
			assert.deepStrictEqual(bitrixMessage(ctx, replied.message_id).connector_mid, [
				String(sent.id),
			]);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: Chat2Desk refuses the send (API error, unknown client) → the Open Line is told why',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			// 1. The API refuses the send with a 400 and a reason.
			ctx.sandbox.chat2desk.addFault({
				method: 'POST',
				path: '/v1/messages',
				status: 400,
				body: {
					status: 'error',
					message: 'Channel is not active',
					errors: { channel_id: ['Channel is not active'] },
				},
			});
			const first = reply(ctx, client, { text: 'First answer' });
			await waitForNotices(ctx, workflow, 1);
			// 2. An Open Line chat whose client Chat2Desk does not know (400 "Client not found").
			const ghost = '987654';
			await bitrixCall(ctx.sandbox, 'imconnector.send.messages', {
				CONNECTOR,
				LINE: 1,
				MESSAGES: [
					{
						user: { id: ghost, name: 'Ghost' },
						chat: { id: ghost },
						message: { id: 'g1', text: 'Hi' },
					},
				],
			});
			const second = ctx.sandbox.bitrix24.operatorReply({
				connector: CONNECTOR,
				line: 1,
				external_chat_id: ghost,
				operator: OPERATOR,
				text: 'Second answer',
			});
			await waitForNotices(ctx, workflow, 2);
			await quiesce(ctx, workflow.id);

			const posted = notices(ctx);
			assert.strictEqual(posted.length, 2, JSON.stringify(posted, null, 2));
			const [refused, unknownClient] = posted;
			assert.strictEqual(refused.line, client.line);
			assert.strictEqual(refused.external_chat_id, String(client.client_id));
			assert.match(refused.text, /^Message was not delivered to the client: .+/);
			assert.match(refused.text, /Channel is not active/, refused.text);
			assert.strictEqual(unknownClient.line, 1);
			assert.strictEqual(unknownClient.external_chat_id, ghost);
			assert.match(unknownClient.text, /^Message was not delivered to the client: .+/);
			assert.match(unknownClient.text, /client not found/i, unknownClient.text);
			// Nothing was delivered, so neither Bitrix24 message got a delivery status.
			assert.deepStrictEqual(ctx.sandbox.bitrix24.getDeliveryStatuses({ type: 'delivery' }), []);
			for (const id of [first.message_id, second.message_id]) {
				assert.strictEqual(bitrixMessage(ctx, id).params.SENDING, 'Y');
			}
			assert.strictEqual(chat2deskSent(ctx.sandbox).length, 0);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: with sendDeliveryErrors off a refused send leaves the Open Line alone',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx, {
				settings: { sendDeliveryErrors: false },
			});
			ctx.sandbox.chat2desk.addFault({ method: 'POST', path: '/v1/messages', status: 400 });
			reply(ctx, client, { text: 'First answer' });
			await waitForExecutions(ctx, workflow.id, 1);
			await quiesce(ctx, workflow.id);
			const faulted = ctx.sandbox.chat2desk.requestsLog({ method: 'POST', path: '/v1/messages' });
			assert.strictEqual(faulted.length, 1, 'the send was attempted once');
			assert.strictEqual(faulted[0].status, 400);
			assert.deepStrictEqual(notices(ctx), []);
			assert.strictEqual(lineMessages(ctx.sandbox).length, 1, 'only the client message');
			// The refused send left through the error output and ended there, not in "Mark delivered".
			await assertNoFailedRuns(ctx, workflow.id);
			assert.deepStrictEqual(ctx.sandbox.bitrix24.getDeliveryStatuses({ type: 'delivery' }), []);
		},
	},
	{
		name: 'outbound: a transient Chat2Desk 5xx on the send is retried without a duplicate or a notice',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			ctx.sandbox.chat2desk.addFault({ method: 'POST', path: '/v1/messages', status: 500 });
			const replied = reply(ctx, client, { text: 'Hello again' });
			await waitDelivered(ctx, replied.message_id);
			await quiesce(ctx, workflow.id);
			const posts = ctx.sandbox.chat2desk.requestsLog({ method: 'POST', path: '/v1/messages' });
			assert.deepStrictEqual(
				posts.map((entry) => entry.status),
				[500, 200],
			);
			// Before repeating, the node looked for the message by its external ID.
			const lookups = ctx.sandbox.chat2desk.requestsLog({ method: 'GET', path: '/v1/messages' });
			assert.strictEqual(lookups.length, 1);
			const sent = chat2deskSent(ctx.sandbox, client.client_id);
			assert.strictEqual(sent.length, 1, JSON.stringify(sent, null, 2));
			assert.deepStrictEqual(notices(ctx), []);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: a messenger-side failure (outbox_status) reaches the Open Line once, with the reason',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			ctx.sandbox.chat2desk.failDeliveries({
				client_id: client.client_id,
				reason: 'Bot was blocked by the user',
			});
			const replied = reply(ctx, client, { text: 'Are you there?' });
			await waitFor(() => notices(ctx).length >= 1, { what: 'the messenger error notice' });
			await quiesce(ctx, workflow.id);
			// Chat2Desk sends the same webhook again: still one notice.
			const [status] = ctx.sandbox.chat2desk.webhookDeliveries({ event: 'outbox_status' });
			assert.ok(status, 'outbox_status was delivered');
			assert.strictEqual(status.status, 'delivered');
			ctx.sandbox.chat2desk.redeliver(status.id);
			await ctx.sandbox.chat2desk.webhooksIdle();
			const [again] = ctx.sandbox.chat2desk
				.webhookDeliveries({ event: 'outbox_status' })
				.filter((entry) => entry.redelivery_of === status.id);
			assert.strictEqual(again && again.status, 'delivered', 'the repeat was answered 200');
			// The trigger's delivery gate answered the repeat itself (no run); Remove Duplicates stays as
			// the guard for repeats that arrive after a restart.
			const executions = await quiesce(ctx, workflow.id);
			assert.strictEqual(executions.length, 2);

			const posted = notices(ctx);
			assert.strictEqual(posted.length, 1, JSON.stringify(posted, null, 2));
			assert.strictEqual(
				posted[0].text,
				'Message was not delivered to the client: Bot was blocked by the user',
			);
			assert.strictEqual(posted[0].line, client.line);
			assert.strictEqual(posted[0].external_chat_id, String(client.client_id));
			// Chat2Desk accepted the send, so Bitrix24 got the delivery status as well.
			const [sent] = chat2deskSent(ctx.sandbox, client.client_id);
			assert.strictEqual(sent.recipient_status, 'not delivered');
			assert.deepStrictEqual(bitrixMessage(ctx, replied.message_id).connector_mid, [
				String(sent.id),
			]);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: with sendDeliveryErrors off an outbox_status failure is not posted',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx, {
				settings: { sendDeliveryErrors: false },
			});
			ctx.sandbox.chat2desk.failDeliveries({ client_id: client.client_id, reason: 'Blocked' });
			reply(ctx, client, { text: 'Are you there?' });
			await waitForExecutions(ctx, workflow.id, 2);
			await quiesce(ctx, workflow.id);
			const [status] = ctx.sandbox.chat2desk.webhookDeliveries({ event: 'outbox_status' });
			assert.strictEqual(status && status.status, 'delivered');
			assert.deepStrictEqual(notices(ctx), []);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: operator edits and deletes → a corrected message and an internal comment',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			const replied = reply(ctx, client, { text: 'The price is 100 EUR' });
			const [original] = await waitSent(ctx, client.client_id, 1);
			await waitDelivered(ctx, replied.message_id);

			const edited = ctx.sandbox.bitrix24.operatorEdit({
				message_id: replied.message_id,
				text: 'The price is 90 EUR',
			});
			assert.strictEqual(edited.event_fired, true);
			const [, correction] = await waitSent(ctx, client.client_id, 2);
			// The correction gets its own delivery status, so later events refer to it.
			await waitFor(
				() => {
					const mids = bitrixMessage(ctx, replied.message_id).connector_mid;
					return mids.includes(String(correction.id));
				},
				{ what: 'the delivery status of the correction' },
			);

			const deleted = ctx.sandbox.bitrix24.operatorDelete({ message_id: replied.message_id });
			assert.strictEqual(deleted.event_fired, true);
			const sent = await waitSent(ctx, client.client_id, 3);
			await quiesce(ctx, workflow.id);

			const all = chat2deskSent(ctx.sandbox, client.client_id);
			assert.strictEqual(all.length, 3, JSON.stringify(all, null, 2));
			assert.strictEqual(original.text, 'Klaus Weber: The price is 100 EUR');
			assert.strictEqual(correction.type, 'to_client');
			assert.strictEqual(correction.text, '(edited) Klaus Weber: The price is 90 EUR');
			const comment = sent[2];
			assert.strictEqual(comment.type, 'comment');
			assert.strictEqual(
				comment.text,
				`Operator deleted a message in Bitrix24 (Chat2Desk message ID: ${correction.id})`,
			);
			// Only the two to_client messages got delivery statuses; the comment did not.
			const statuses = ctx.sandbox.bitrix24.getDeliveryStatuses({ type: 'delivery' });
			assert.deepStrictEqual(
				statuses.map((status) => status.external_ids),
				[[String(original.id)], [String(correction.id)]],
			);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: an operator reply with two files → two Chat2Desk messages with attachments',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			const replied = reply(ctx, client, {
				text: 'Here are the documents',
				files: [
					{ name: 'invoice.pdf', content: '%PDF-1.4 invoice' },
					{ name: 'photo.png', content_base64: Buffer.from('png-bytes').toString('base64') },
				],
			});
			assert.strictEqual(replied.files.length, 2);
			const sent = await waitSent(ctx, client.client_id, 2);
			const delivered = await waitDelivered(ctx, replied.message_id, 2);
			await quiesce(ctx, workflow.id);

			const all = chat2deskSent(ctx.sandbox, client.client_id);
			assert.strictEqual(all.length, 2, JSON.stringify(all, null, 2));
			const links = replied.files.map((file) => file.link.split('#')[0]);
			assert.strictEqual(sent[0].text, 'Klaus Weber: Here are the documents');
			assert.deepStrictEqual(
				sent[0].attachments.map((a) => a.link),
				[links[0]],
			);
			assert.strictEqual(sent[1].text ?? '', '');
			assert.deepStrictEqual(
				sent[1].attachments.map((a) => a.link),
				[links[1]],
			);
			for (const message of sent) {
				assert.strictEqual(message.type, 'to_client');
				assert.strictEqual(message.channel_id, 2);
			}
			// The files are really there for Chat2Desk to fetch.
			const file = await fetch(links[0]);
			assert.strictEqual(file.status, 200);
			assert.strictEqual(await file.text(), '%PDF-1.4 invoice');
			// Bitrix24 knows both Chat2Desk messages, so an edit or delete refers to both.
			assert.deepStrictEqual(
				[...delivered.connector_mid].sort(),
				sent.map((message) => String(message.id)).sort(),
			);
			const statuses = ctx.sandbox.bitrix24.getDeliveryStatuses({ type: 'delivery' });
			assert.strictEqual(statuses.length, 1, 'one status call for the whole reply');
			// Deleting the reply: one internal comment per Chat2Desk message.
			ctx.sandbox.bitrix24.operatorDelete({ message_id: replied.message_id });
			const withComments = await waitSent(ctx, client.client_id, 4);
			await quiesce(ctx, workflow.id);
			assert.deepStrictEqual(
				withComments.slice(2).map((message) => [message.type, message.text]),
				sent.map((message) => [
					'comment',
					`Operator deleted a message in Bitrix24 (Chat2Desk message ID: ${message.id})`,
				]),
			);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: an expired Bitrix24 token is refreshed by n8n and the rotated refresh token kept',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			const bitrix = ctx.sandbox.bitrix24;
			const refreshes = () =>
				bitrix
					.getRequestsLog()
					.filter(
						(entry) => entry.method === 'oauth/token' && entry.grant_type === 'refresh_token',
					);
			bitrix.clearRequestsLog();
			for (const [round, text] of ['First answer', 'Second answer'].entries()) {
				bitrix.expireTokens();
				const replied = reply(ctx, client, { text });
				await waitDelivered(ctx, replied.message_id);
				await quiesce(ctx, workflow.id);
				// A refresh token works once: the second round only succeeds when n8n stored the new one.
				const done = refreshes();
				assert.strictEqual(
					done.length,
					round + 1,
					JSON.stringify(bitrix.getRequestsLog(), null, 2),
				);
				assert.strictEqual(done[round].http_status, 200);
			}
			const log = bitrix.getRequestsLog();
			const expired = log.filter((entry) => entry.error === 'expired_token');
			assert.ok(expired.length >= 2, `expired_token answers: ${JSON.stringify(log, null, 2)}`);
			assert.deepStrictEqual(
				log.filter((entry) => entry.http_status >= 400 && entry.error !== 'expired_token'),
				[],
			);
			const sent = chat2deskSent(ctx.sandbox, client.client_id);
			assert.deepStrictEqual(
				sent.map((message) => message.text),
				['Klaus Weber: First answer', 'Klaus Weber: Second answer'],
			);
			assert.strictEqual(bitrix.getDeliveryStatuses({ type: 'delivery' }).length, 2);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'outbound: delivery statuses survive Bitrix24 rate limiting (503 QUERY_LIMIT_EXCEEDED)',
		async run(ctx) {
			const { workflow, client } = await outboundWithChat(ctx);
			const bitrix = ctx.sandbox.bitrix24;
			bitrix.clearRequestsLog();
			const replies = await withBitrixConfig(
				ctx.sandbox,
				{ rateLimit: { burst: 1, drainPerSecond: 2 } },
				async () => {
					const list = ['One', 'Two', 'Three', 'Four'].map((text) => reply(ctx, client, { text }));
					for (const replied of list) await waitDelivered(ctx, replied.message_id);
					return list;
				},
			);
			await quiesce(ctx, workflow.id);
			const log = bitrix
				.getRequestsLog()
				.filter((e) => e.method === 'imconnector.send.status.delivery');
			const limited = log.filter((entry) => entry.http_status === 503);
			assert.ok(limited.length >= 1, `no 503 was provoked: ${JSON.stringify(log, null, 2)}`);
			assert.ok(limited.every((entry) => entry.error === 'QUERY_LIMIT_EXCEEDED'));
			assert.strictEqual(log.filter((entry) => entry.http_status === 200).length, 4);
			const sent = chat2deskSent(ctx.sandbox, client.client_id);
			assert.strictEqual(sent.length, 4);
			for (const replied of replies) {
				const message = bitrixMessage(ctx, replied.message_id);
				assert.strictEqual(message.params.SENDING, 'N');
				assert.strictEqual(message.connector_mid.length, 1);
				const match = sent.find((s) => String(s.id) === message.connector_mid[0]);
				assert.ok(match, `CONNECTOR_MID of ${replied.message_id} is a sent Chat2Desk message`);
				assert.ok(match.text.endsWith(replied.text.split('[br] ').pop()), match.text);
			}
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
];
