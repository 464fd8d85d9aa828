/** Chat2Desk → Message → Send Open Line Reply, and Tag → Get of Client and Request. */
import {
	bitrixAdd,
	bitrixDelete,
	bitrixTriggerItems,
	bitrixUpdate,
} from '../../../fixtures/chat2deskOpenLines.fixtures';
import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

const reply = (parameters: Record<string, unknown>, input: object[]) =>
	harness.execute({
		node: 'chat2Desk',
		parameters: { resource: 'message', operation: 'sendOperatorReply', ...parameters },
		input: input as never,
	});

describe('Chat2Desk › Message › Send Open Line Reply', () => {
	it('sends the signed text and one message per file, each with its Open Line ids', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		api()
			.post('/v1/messages', (body) => {
				bodies.push(body);
				return true;
			})
			.times(2)
			.reply(200, (_uri, body) => envelope({ message_id: 700 + bodies.length, client_id: (body as { client_id: number }).client_id }));
		const { items, error } = await reply({}, bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [bitrixAdd]));
		expect(error).toBeUndefined();
		expect(bodies).toEqual([
			expect.objectContaining({
				client_id: 17340089,
				text: 'Anna Smith: Hello there',
				attachment: 'https://portal.example.test/~aBcD1',
				type: 'to_client',
			}),
			expect.objectContaining({ client_id: 17340089, attachment: 'https://portal.example.test/~eFgH2' }),
		]);
		expect(items.map((item) => item.json.openLineMessage)).toEqual([
			expect.objectContaining({ bitrixChatId: 1807, bitrixMessageId: 86497, isDelete: false }),
			expect.objectContaining({ bitrixChatId: 1807, bitrixMessageId: 86497, isDelete: false }),
		]);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('leaves the name off when Sign Operator Name is off; an edit is a corrected message, a delete a comment', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		api()
			.post('/v1/messages', (body) => {
				bodies.push(body);
				return true;
			})
			.times(2)
			.reply(200, envelope({ message_id: 1 }));
		await reply({ signOperatorName: false }, [
			...bitrixTriggerItems('ONIMCONNECTORMESSAGEUPDATE', [bitrixUpdate]),
			...bitrixTriggerItems('ONIMCONNECTORMESSAGEDELETE', [bitrixDelete]),
		]);
		expect(bodies[0]).toMatchObject({ text: '(edited) Hello again', type: 'to_client' });
		expect(bodies[1]).toMatchObject({ type: 'comment', text: expect.stringContaining('106773577') });
	});

	it('cuts the text to Max Text Length', async () => {
		let sent = '';
		api()
			.post('/v1/messages', (body) => {
				sent = body.text;
				return true;
			})
			.reply(200, envelope({ message_id: 1 }));
		const long = { ...bitrixAdd, message: { user_id: 27, text: 'y'.repeat(100) } };
		await reply({ options: { maxTextLength: 20 } }, bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [long]));
		expect(Array.from(sent)).toHaveLength(20);
	});

	it('fails an item whose external chat is not a Chat2Desk client, before any call', async () => {
		const bad = { ...bitrixAdd, chat: { id: 'not-a-client' } };
		const { error } = await reply({}, bitrixTriggerItems('ONIMCONNECTORMESSAGEADD', [bad]));
		expect(error?.message).toMatch(/not a Chat2Desk client ID/);
	});
});

describe('Chat2Desk › Tag › Get of Client and Request', () => {
	it('reads client and request tags with names, once per client and request in a run', async () => {
		api()
			.get('/v1/clients/5')
			.once()
			.reply(200, envelope({ id: 5, tags: [{ id: 1, label: 'Sales', group_name: 'Status' }] }));
		api().get('/v1/requests/9').once().reply(200, envelope({ id: 9, tags: [2] }));
		api()
			.get('/v1/tags')
			.query(true)
			.once()
			.reply(200, envelope([{ id: 2, label: 'Spam', group_name: 'Status' }]));
		const { items, error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'tag', operation: 'getAssigned', clientId: '5', requestId: '9' },
			input: [{ json: {} }, { json: {} }] as never,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[1].json).toEqual({
			clientId: '5',
			requestId: '9',
			clientTags: [{ id: 1, name: 'Sales', group: 'Status' }],
			requestTags: [{ id: 2, name: 'Spam', group: 'Status' }],
			tags: [
				{ id: 1, name: 'Sales', group: 'Status' },
				{ id: 2, name: 'Spam', group: 'Status' },
			],
		});
	});

	it('gives no tags (and no call) for empty ids, and warns when a request has no tags field', async () => {
		api().get('/v1/requests/10').reply(200, envelope({ id: 10 }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'tag', operation: 'getAssigned', clientId: '', requestId: '10' },
		});
		expect(items[0].json).toMatchObject({ clientTags: [], requestTags: [], tags: [] });
		expect(items[0].json.warnings).toEqual([expect.stringContaining('no tags field')]);
	});
});
