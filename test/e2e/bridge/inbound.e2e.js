// Inbound template: client messages from Chat2Desk reach the right Open Line.
const assert = require('assert');
const { activateConnector, lineMessages, settle, template, waitFor } = require('./lib');

module.exports = [
	{
		name: 'inbound: a client message reaches the Open Line of its channel, once',
		async run(ctx) {
			await activateConnector(ctx.sandbox);
			await ctx.importWorkflow(template('inbound'));
			const sent = ctx.sandbox.chat2desk.clientWrites({ channel_id: 2, phone: '79001112233', name: 'Peter', text: 'Hello from Telegram' });
			const messages = await waitFor(() => {
				const found = lineMessages(ctx.sandbox);
				return found.length > 0 && found;
			}, { what: 'the message in the Open Line' });
			await settle(ctx);
			const all = lineMessages(ctx.sandbox);
			assert.strictEqual(all.length, 1, JSON.stringify(all, null, 2));
			assert.strictEqual(String(all[0].line), '2');
			assert.strictEqual(all[0].text, 'Hello from Telegram');
			assert.strictEqual(String(all[0].external_message_id ?? all[0].message_id_external ?? all[0].external_id), String(sent.message_id), JSON.stringify(messages[0]));
		},
	},
];
