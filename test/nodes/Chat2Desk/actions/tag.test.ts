import { createHarness, envelope } from '../helpers';
import { api, useNock } from '../setup';

const harness = createHarness();
useNock();

describe('Chat2Desk › Tag', () => {
	it('gets many tags with offset paging', async () => {
		api()
			.get('/v1/tags')
			.query({ limit: '2', offset: '0' })
			.reply(200, envelope([{ id: 1 }, { id: 2 }]));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'tag', operation: 'getAll', returnAll: false, limit: 2 },
		});
		expect(items.map((item) => item.json.id)).toEqual([1, 2]);
	});

	it('gets a tag', async () => {
		api()
			.get('/v1/tags/3')
			.reply(200, envelope({ id: 3, label: 'VIP' }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'tag', operation: 'get', tagId: '3' },
		});
		expect(items).toEqual([{ json: { id: 3, label: 'VIP' }, pairedItem: { item: 0 } }]);
	});

	it('creates a tag with colours as hex without #', async () => {
		api()
			.post('/v1/tags', {
				tag_group_id: 2,
				tag_label: 'VIP',
				tag_description: 'Important',
				tag_bg_color: 'ff0000',
				tag_text_color: 'ffffff',
				order_show: 1,
			})
			.reply(200, envelope({ id: 9 }));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'tag',
				operation: 'create',
				tagGroupId: 2,
				label: ' VIP ',
				additionalFields: {
					description: 'Important',
					bgColor: '#FF0000',
					textColor: '#ffffff',
					orderShow: 1,
				},
			},
		});
		expect(items[0].json).toEqual({ id: 9 });
	});

	it('refuses labels over 20 characters', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: { resource: 'tag', operation: 'create', tagGroupId: 2, label: 'x'.repeat(21) },
		});
		expect(error?.message).toBe('The tag label must have 1 to 20 characters, got 21');
	});

	it('assigns several tags to a client and to a request', async () => {
		api()
			.post('/v1/tags/assign_to', { tag_ids: [3, 4], assignee_type: 'client', assignee_id: 55 })
			.reply(200, envelope({}))
			.post('/v1/tags/assign_to', { tag_ids: [5], assignee_type: 'request', assignee_id: 8 })
			.reply(200, envelope({}));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'tag',
				operation: 'assign',
				target: '={{ $json.target }}',
				targetId: '={{ $json.id }}',
				tagIds: '={{ $json.tags }}',
			},
			input: [
				{ target: 'client', id: 55, tags: [3, 4] },
				{ target: 'request', id: 8, tags: '5' },
			],
		});
		expect(items).toEqual([
			{ json: { target: 'client', targetId: 55, tagIds: [3, 4] }, pairedItem: { item: 0 } },
			{ json: { target: 'request', targetId: 8, tagIds: [5] }, pairedItem: { item: 1 } },
		]);
	});

	it('removes tags from a request, one DELETE with a JSON body per tag', async () => {
		api()
			.delete('/v1/tags/3/delete_from', { request_id: 8 })
			.reply(200, envelope({}))
			.delete('/v1/tags/4/delete_from', { request_id: 8 })
			.reply(200, envelope({}));
		const { items } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'tag',
				operation: 'remove',
				target: 'request',
				targetId: '8',
				tagIds: [3, 4],
			},
		});
		expect(items).toEqual([
			{ json: { target: 'request', targetId: 8, removedTagIds: [3, 4] }, pairedItem: { item: 0 } },
		]);
	});

	it('rejects invalid tag ids', async () => {
		const { error } = await harness.execute({
			node: 'chat2Desk',
			parameters: {
				resource: 'tag',
				operation: 'remove',
				target: 'client',
				targetId: '8',
				tagIds: '3, vip',
			},
		});
		expect(error?.message).toBe('Invalid tag IDs: vip');
	});
});
