/** Bitrix24 Open Lines node, resource Message, against the Bitrix24 simulator. */
import type { IDataObject } from 'n8n-workflow';

import type { N8nHarness } from '../../../../helpers/n8n';
import { CONNECTOR, type SimContext, useBitrix24Simulator } from '../../helpers';

let ctx: SimContext;
let h: N8nHarness;

useBitrix24Simulator((suite) => ({ ctx, h } = suite), { connectorLines: [1, 2] });
beforeEach(() => ctx.sim.clearRequestsLog());

const sendCalls = () =>
	ctx.sim.getRequestsLog().filter((entry) => entry.method === 'imconnector.send.messages');
const batchCalls = () => ctx.sim.getRequestsLog().filter((entry) => entry.method === 'batch');

function send(parameters: Record<string, unknown>, input: IDataObject[], continueOnFail = false) {
	return h.execute({
		node: 'bitrix24OpenLines',
		parameters: {
			resource: 'message',
			operation: 'send',
			connector: CONNECTOR,
			line: '={{ $json.line }}',
			chatId: '={{ $json.client }}',
			userId: '={{ $json.client }}',
			text: '={{ $json.text }}',
			messageId: '={{ $json.mid }}',
			...parameters,
		},
		credentialTypes: ['bitrix24OAuth2Api'],
		input,
		continueOnFail,
	});
}

describe('message → send', () => {
	it('sends one message per item and returns the session CHAT_ID of each', async () => {
		const { items, error } = await send(
			{
				additionalFields: {
					userName: '={{ $json.name }}',
					userPhone: '+49 151 0001',
					chatName: 'WhatsApp chat',
					messageDate: '1773759161',
				},
			},
			[
				{ line: 1, client: 'c-100', text: 'Hello', mid: 'm1', name: 'Anna 😀 Maria 2' },
				{ line: 1, client: 'c-100', text: 'Are you there?', mid: 'm2', name: 'Anna 😀 Maria 2' },
			],
		);
		expect(error).toBeUndefined();
		// One imconnector.send.messages per item, carried by one `batch` request.
		expect(sendCalls()).toHaveLength(0);
		expect(batchCalls().map((call) => call.commands)).toEqual([2]);
		expect(items).toHaveLength(2);
		const [first, second] = items.map((item) => item.json);
		expect(first).toMatchObject({
			connector: CONNECTOR,
			line: '1',
			success: true,
			externalMessageId: 'm1',
			externalChatId: 'c-100',
			sessionId: expect.any(Number),
			chatId: expect.any(Number),
		});
		expect(second.chatId).toBe(first.chatId);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const stored = ctx.sim.getMessages({ external_chat_id: 'c-100', direction: 'in' });
		expect(stored.map((message) => message.text)).toEqual(['Hello', 'Are you there?']);
		expect(stored[0].user).toMatchObject({ name: 'Anna Maria', phone: '+49 151 0001' });
	});

	it('sends all items in as few calls as possible, in order, split by line and batch size', async () => {
		const input = [
			{ line: 1, client: 'c-200', text: 'one', mid: 'b1' },
			{ line: 1, client: 'c-201', text: 'two', mid: 'b2' },
			{ line: 1, client: 'c-200', text: 'three', mid: 'b3' },
			{ line: 2, client: 'c-300', text: 'four', mid: 'b4' },
			{ line: 1, client: 'c-200', text: 'five', mid: 'b5' },
		];
		const { items, error } = await send(
			{ sending: { allInOneCall: true, batchSize: 2, combineConcurrentSends: false } },
			input,
		);
		expect(error).toBeUndefined();
		// line 1: [one, two] [three]; line 2: [four]; line 1 again: [five]
		expect(sendCalls()).toHaveLength(4);
		expect(
			items.map((item) => [item.json.externalMessageId, item.json.line, item.pairedItem]),
		).toEqual([
			['b1', '1', { item: 0 }],
			['b2', '1', { item: 1 }],
			['b3', '1', { item: 2 }],
			['b4', '2', { item: 3 }],
			['b5', '1', { item: 4 }],
		]);
		expect(
			ctx.sim.getMessages({ external_chat_id: 'c-200', direction: 'in' }).map((m) => m.text),
		).toEqual(['one', 'three', 'five']);
	});

	it('combines the commands of several lines into one batch request, each item with its own result', async () => {
		const input = [
			{ line: 1, client: 'c-600', text: 'one', mid: 'k1' },
			{ line: 1, client: 'c-601', text: 'two', mid: 'k2' },
			{ line: 1, client: 'c-600', text: 'three', mid: 'k3' },
			{ line: 2, client: 'c-700', text: 'four', mid: 'k4' },
			{ line: 1, client: 'c-600', text: 'five', mid: 'k5' },
		];
		const { items, error } = await send({ sending: { allInOneCall: true, batchSize: 2 } }, input);
		expect(error).toBeUndefined();
		// line 1: [one, two] [three, five]; line 2: [four] — three commands, one HTTP request.
		expect(sendCalls()).toHaveLength(0);
		expect(batchCalls().map((call) => call.commands)).toEqual([3]);
		expect(
			items.map((item) => [item.json.externalMessageId, item.json.line, item.pairedItem]),
		).toEqual([
			['k1', '1', { item: 0 }],
			['k2', '1', { item: 1 }],
			['k3', '1', { item: 2 }],
			['k4', '2', { item: 3 }],
			['k5', '1', { item: 4 }],
		]);
		expect(
			ctx.sim.getMessages({ external_chat_id: 'c-600', direction: 'in' }).map((m) => m.text),
		).toEqual(['one', 'three', 'five']);
		expect(ctx.sim.getMessages({ external_chat_id: 'c-700', direction: 'in' })).toHaveLength(1);
	});

	it('sends files by URL, from the list and from JSON', async () => {
		const { items } = await send(
			{
				files: { file: [{ url: 'https://files.example.test/a.jpg', name: 'a.jpg' }] },
				additionalFields: { filesJson: '={{ JSON.stringify($json.files) }}' },
			},
			[
				{
					line: 1,
					client: 'c-400',
					text: '',
					mid: 'f1',
					files: [{ url: 'https://files.example.test/b.pdf', name: 'b.pdf' }],
				},
			],
		);
		expect(items[0].json.success).toBe(true);
		const [stored] = ctx.sim.getMessages({ external_chat_id: 'c-400', direction: 'in' });
		expect(stored.files.map((file) => file.name)).toEqual(['a.jpg', 'b.pdf']);
	});

	it('refuses a file URL to a link-local or loopback address unless allowed', async () => {
		const before = sendCalls().length;
		const refused = await send(
			{ files: { file: [{ url: 'http://169.254.169.254/latest/meta-data/', name: 'x' }] } },
			[{ line: 1, client: 'c-410', text: 'with a file', mid: 'p1' }],
		);
		expect(refused.error?.message ?? '').toMatch(/File URL refused: .*link-local/);
		expect(sendCalls()).toHaveLength(before);
		const viaJson = await send(
			{ additionalFields: { filesJson: '={{ JSON.stringify($json.files) }}' } },
			[
				{
					line: 1,
					client: 'c-411',
					text: '',
					mid: 'p2',
					files: [{ url: 'http://127.0.0.1:8080/a.jpg', name: 'a.jpg' }],
				},
			],
		);
		expect(viaJson.error?.message ?? '').toMatch(/loopback/);
		const allowed = await send(
			{
				files: { file: [{ url: 'http://127.0.0.1:8080/a.jpg', name: 'a.jpg' }] },
				sending: { allowPrivateFileUrls: true },
			},
			[{ line: 1, client: 'c-412', text: '', mid: 'p3' }],
		);
		expect(allowed.items[0].json.success).toBe(true);
	});

	it('fails only the invalid item with Continue On Fail and still sends the rest in one call', async () => {
		const { items, error } = await send(
			{ sending: { allInOneCall: true } },
			[
				{ line: 1, client: 'c-500', text: 'ok 1', mid: 'v1' },
				{ line: 1, client: 'c-500', text: '   ', mid: 'v2' },
				{ line: 1, client: 'c-500', text: 'ok 2', mid: 'v3' },
			],
			true,
		);
		expect(error).toBeUndefined();
		expect(sendCalls()).toHaveLength(1);
		expect(items.map((item) => item.json.error ?? item.json.externalMessageId)).toEqual([
			'v1',
			'A message needs a text or at least one file',
			'v3',
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('stops the run with the item index when Continue On Fail is off', async () => {
		const { error, items } = await send({}, [
			{ line: 1, client: 'c-600', text: 'fine', mid: 'x1' },
			{ line: 1, client: '', text: 'no chat', mid: 'x2' },
		]);
		expect(items).toEqual([]);
		expect(error?.message).toBe('User ID is required');
		expect(error?.context?.itemIndex).toBe(1);
	});

	it('reports NOT_ACTIVE_LINE for a line without the connector, for every item of the call', async () => {
		const { items } = await send(
			{ sending: { allInOneCall: true } },
			[
				{ line: 3, client: 'c-700', text: 'a', mid: 'n1' },
				{ line: 3, client: 'c-700', text: 'b', mid: 'n2' },
			],
			true,
		);
		expect(items.map((item) => item.json.code)).toEqual(['NOT_ACTIVE_LINE', 'NOT_ACTIVE_LINE']);
		expect(items[0].json.description).toMatch(/Activate/);
	});
});

describe('message → update / delete', () => {
	beforeAll(async () => {
		await send({}, [{ line: 1, client: 'c-800', text: 'original', mid: 'u1' }]);
	});

	it('updates a sent message by its external id', async () => {
		const { items, error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'message',
				operation: 'update',
				connector: CONNECTOR,
				line: '1',
				chatId: 'c-800',
				userId: 'c-800',
				messageId: 'u1',
				text: 'edited',
			},
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			connector: CONNECTOR,
			line: '1',
			success: true,
			externalMessageId: 'u1',
		});
		expect(ctx.sim.getMessages({ external_chat_id: 'c-800', direction: 'in' })[0].text).toBe(
			'edited',
		);
	});

	it('requires the external message id to update', async () => {
		const { error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'message',
				operation: 'update',
				connector: CONNECTOR,
				line: '1',
				chatId: 'c',
				userId: 'c',
				messageId: '={{ $json.mid }}',
				text: 'x',
			},
			credentialTypes: ['bitrix24OAuth2Api'],
			input: [{ mid: ' ' }],
		});
		expect(error?.message).toBe('External Message ID is required to update a message');
	});

	it('deletes a sent message', async () => {
		const { items, error } = await h.execute({
			node: 'bitrix24OpenLines',
			parameters: {
				resource: 'message',
				operation: 'deleteMessage',
				connector: CONNECTOR,
				line: '1',
				chatId: 'c-800',
				userId: 'c-800',
				messageId: 'u1',
			},
			credentialTypes: ['bitrix24OAuth2Api'],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			connector: CONNECTOR,
			line: '1',
			deleted: true,
			externalMessageId: 'u1',
			externalChatId: 'c-800',
		});
		expect(ctx.sim.getMessages({ external_chat_id: 'c-800', direction: 'in' })[0].deleted).toBe(
			true,
		);
	});
});

describe('message → send with "Skip Messages Already Sent"', () => {
	const dedupe = { sending: { skipAlreadySent: true, allInOneCall: true, batchSize: 20 } };

	it('sends each external message id once across executions and within one input', async () => {
		const { useMemoryDeduplication } = await import('../../../../helpers/deduplication');
		await useMemoryDeduplication();
		const first = await send(dedupe, [
			{ line: 1, client: 'c-dedupe-1', text: 'One', mid: 'd1' },
			{ line: 1, client: 'c-dedupe-1', text: 'One again', mid: 'd1' },
			{ line: 1, client: 'c-dedupe-1', text: 'Two', mid: 'd2' },
		]);
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.skipped ?? false)).toEqual([false, true, false]);
		expect(first.items[1].json).toMatchObject({
			reason: 'repeated in this input',
			messageId: 'd1',
			chatId: 'c-dedupe-1',
		});

		const replay = await send(dedupe, [
			{ line: 1, client: 'c-dedupe-1', text: 'One', mid: 'd1' },
			{ line: 1, client: 'c-dedupe-1', text: 'Three', mid: 'd3' },
		]);
		expect(replay.items.map((item) => item.json.skipped ?? false)).toEqual([true, false]);
		expect(replay.items[0].json).toMatchObject({ reason: 'already sent', messageId: 'd1' });

		const texts = ctx.sim
			.getMessages({ connector: CONNECTOR, external_chat_id: 'c-dedupe-1', direction: 'in' })
			.map((message) => message.text);
		expect(texts).toEqual(['One', 'Two', 'Three']);
	});

	it('forgets a message whose send failed, so a later attempt sends it', async () => {
		const { useMemoryDeduplication } = await import('../../../../helpers/deduplication');
		await useMemoryDeduplication();
		ctx.sim.addFault({
			method: 'imconnector.send.messages',
			status: 400,
			error: 'NOT_ACTIVE_LINE',
			error_description: 'inactive',
			count: 1,
		});
		const failed = await send(
			dedupe,
			[{ line: 1, client: 'c-dedupe-2', text: 'Retry me', mid: 'f1' }],
			true,
		);
		expect(failed.items[0].json.error).toBeDefined();
		const retried = await send(dedupe, [
			{ line: 1, client: 'c-dedupe-2', text: 'Retry me', mid: 'f1' },
		]);
		expect(retried.error).toBeUndefined();
		expect(retried.items[0].json.skipped).toBeUndefined();
		const texts = ctx.sim
			.getMessages({ connector: CONNECTOR, external_chat_id: 'c-dedupe-2', direction: 'in' })
			.map((message) => message.text);
		expect(texts).toEqual(['Retry me']);
	});
});
