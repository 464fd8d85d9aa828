// Inbound template, the seed's "Don't send messages to the Open Line until an operator joins the
// dialog": client messages wait in Chat2Desk until the dialog is assigned, then go to the line in
// order, once.
const assert = require('assert');
const {
	assertNoFailedRuns,
	lineMessages,
	publishInbound,
	quiesceInbound,
	waitForLineMessages,
} = require('./lib');

const texts = (sandbox, filter) => lineMessages(sandbox, filter).map((message) => message.text);

module.exports = [
	{
		name: 'inbound: hold until an operator joins — held messages arrive in order, once',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, {
				label: 'hold',
				settings: { holdUntilOperatorJoins: true },
			});
			const first = c2d.clientWrites({ channel_id: 2, name: 'Olga', text: 'one' });
			c2d.clientWrites({ client_id: first.client_id, text: 'two' });
			c2d.clientWrites({ client_id: first.client_id, text: 'three' });
			// A second client whose dialog nobody takes: held throughout.
			const waiting = c2d.clientWrites({ channel_id: 2, text: 'still waiting' });
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(
				texts(ctx.sandbox),
				[],
				'nothing reaches the line before an operator joins',
			);

			const assigned = c2d.assignDialog(first.dialog_id, 2);
			assert.strictEqual(assigned.transferred, true);
			await waitForLineMessages(ctx.sandbox, 3);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(texts(ctx.sandbox), ['one', 'two', 'three']);

			// After the operator joined, a client message goes straight through.
			c2d.clientWrites({ client_id: first.client_id, text: 'four' });
			await waitForLineMessages(ctx.sandbox, 4);
			// A second transfer re-reads the request and sends nothing again.
			assert.strictEqual(c2d.assignDialog(first.dialog_id, 3).transferred, true);
			await quiesceInbound(ctx, workflow.id);

			const all = lineMessages(ctx.sandbox);
			assert.deepStrictEqual(
				all.map((message) => message.text),
				['one', 'two', 'three', 'four'],
			);
			assert.ok(all.every((message) => String(message.line) === '2'));
			assert.ok(all.every((message) => message.external_chat_id === String(first.client_id)));
			const ids = all.map((message) => message.external_message_id);
			assert.strictEqual(new Set(ids).size, 4, `no message twice: ${ids}`);
			assert.ok(
				!lineMessages(ctx.sandbox).some(
					(message) => message.external_chat_id === String(waiting.client_id),
				),
			);
			assert.strictEqual(c2d.events({ event: 'dialog_transferred' }).length, 2);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
	{
		name: 'inbound: hold setting off — messages go through at once and a transfer sends nothing more',
		async run(ctx) {
			const c2d = ctx.sandbox.chat2desk;
			const workflow = await publishInbound(ctx, { label: 'no-hold' });
			const first = c2d.clientWrites({ channel_id: 1, text: 'one' });
			c2d.clientWrites({ client_id: first.client_id, text: 'two' });
			await waitForLineMessages(ctx.sandbox, 2);
			c2d.assignDialog(first.dialog_id, 1);
			await quiesceInbound(ctx, workflow.id);
			assert.deepStrictEqual(texts(ctx.sandbox), ['one', 'two']);
			await assertNoFailedRuns(ctx, workflow.id);
		},
	},
];
