// Inbound template, the seed's "Send past messages to the Open Line after a tag is assigned": with the
// tag mode accepting only requests tagged Sales, a tag put on the request replays the client's
// messages that never reached the line — in order, once.
const assert = require('assert');
const {
	assertNoFailedRuns,
	lineMessages,
	publishInbound,
	quiesceInbound,
	waitForLineMessages,
} = require('./lib');

const SALES = 1;
const SUPPORT = 2;

const acceptSalesRequests = { tagMode: 'acceptTagged', tags: [String(SALES)], tagSource: 'request' };

const texts = (sandbox) => lineMessages(sandbox).map((message) => message.text);

module.exports = [
	{
		name: 'inbound: replay — a tag on the request sends the earlier unsent messages in order, once',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, {
				label: 'replay',
				settings: acceptSalesRequests,
			});

			// An earlier request of the client, closed before the tag is put on the next one.
			const old = c2d.clientWrites({ channel_id: 2, text: 'old request: hello' });
			c2d.closeDialog(old.dialog_id);
			const first = c2d.clientWrites({ client_id: old.client_id, text: 'first' });
			c2d.clientWrites({ client_id: old.client_id, text: 'second' });
			assert.notStrictEqual(first.request_id, old.request_id, 'a new request was opened');
			// Someone else's untagged messages stay out of the line throughout.
			c2d.clientWrites({ channel_id: 2, text: 'another client' });
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(texts(ctx.sandbox), [], 'untagged requests are filtered out');

			c2d.assignTag({ tag_id: SALES, request_id: first.request_id });
			await waitForLineMessages(ctx.sandbox, 3);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(texts(ctx.sandbox), ['old request: hello', 'first', 'second']);

			// Live messages of the tagged request now go straight through.
			c2d.clientWrites({ client_id: old.client_id, text: 'after the tag' });
			await waitForLineMessages(ctx.sandbox, 4);
			// Another tag, and the same tag removed and put again: replays that find nothing new.
			c2d.assignTag({ tag_id: SUPPORT, request_id: first.request_id });
			c2d.removeTag({ tag_id: SALES, request_id: first.request_id });
			c2d.assignTag({ tag_id: SALES, request_id: first.request_id });
			await quiesceInbound(ctx, workflow.id);

			const all = lineMessages(ctx.sandbox);
			assert.deepStrictEqual(
				all.map((message) => message.text),
				['old request: hello', 'first', 'second', 'after the tag'],
			);
			assert.ok(all.every((message) => String(message.line) === '2'));
			const ids = all.map((message) => message.external_message_id);
			assert.strictEqual(new Set(ids).size, ids.length, `no message twice: ${ids}`);
			const tagEvents = c2d.events({ event: 'add_tag_to_request' }).length;
			assert.strictEqual(tagEvents, 3);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: replay — 460 past messages (3 pages of 200) arrive in order, none twice',
		timeoutMs: 90000,
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const COUNT = 460;
			// Written before the workflow is published: the backlog exists, no webhook carries it.
			const first = c2d.clientWrites({ channel_id: 1, phone: '79004445566', text: 'msg 001' });
			for (let n = 2; n <= COUNT; n++) {
				c2d.clientWrites({ client_id: first.client_id, text: `msg ${String(n).padStart(3, '0')}` });
			}
			const workflow = await publishInbound(ctx, {
				label: 'replay-460',
				settings: acceptSalesRequests,
			});
			c2d.clearRequestsLog();

			c2d.assignTag({ tag_id: SALES, request_id: first.request_id });
			await waitForLineMessages(ctx.sandbox, COUNT, { timeoutMs: 60000 });
			await quiesceInbound(ctx, workflow.id);
			const expected = Array.from(
				{ length: COUNT },
				(_, i) => `msg ${String(i + 1).padStart(3, '0')}`,
			);
			assert.deepStrictEqual(texts(ctx.sandbox), expected);

			// The backlog was read page by page with start_id.
			const pages = c2d.requestsLog({ method: 'GET', path: '/v1/messages' });
			assert.strictEqual(pages.length, 3, JSON.stringify(pages.map((page) => page.params)));
			assert.deepStrictEqual(
				pages.map((page) => Number(page.params.limit)),
				[200, 200, 200],
			);
			// Sent in batches, well under Bitrix24's burst.
			const sends = ctx.sandbox.bitrix24
				.getRequestsLog()
				.filter((entry) => entry.method === 'imconnector.send.messages');
			assert.ok(sends.length <= Math.ceil(COUNT / 20), `${sends.length} send calls`);

			// A second tag replays nothing.
			c2d.assignTag({ tag_id: SUPPORT, request_id: first.request_id });
			await quiesceInbound(ctx, workflow.id);
			assert.strictEqual(lineMessages(ctx.sandbox).length, COUNT);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
];
