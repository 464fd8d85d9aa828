import {
	jsonDepthExceeds,
	MAX_BODY_DEPTH,
	parseChat2DeskEvent,
} from '../../../../nodes/Chat2Desk/domain/eventSchemas';

/** An object nested `depth` levels deep (a flat object is one level). */
function nested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: 1 };
	for (let level = 1; level < depth; level++) value = { child: value };
	return value;
}

function errorOf(body: unknown): string {
	const parsed = parseChat2DeskEvent(body);
	if (parsed.ok) throw new Error('expected a rejection');
	return parsed.error;
}

describe('Chat2Desk event schemas: ids', () => {
	it.each([
		['77', true],
		[77, true],
		['0', true],
		[' 77', false],
		['77 ', false],
		['-5', false],
		['1e3', false],
		['7.5', false],
		[7.5, false],
		['', false],
		[true, false],
		[['5'], false],
	])('takes the message id %p: %p', (messageId, ok) => {
		expect(parseChat2DeskEvent({ hook_type: 'inbox', message_id: messageId }).ok).toBe(ok);
	});

	it('names the field and says what is wrong', () => {
		expect(errorOf({ hook_type: 'inbox', message_id: 'abc' })).toBe('message_id: Expected a numeric ID');
		expect(errorOf({ hook_type: 'inbox' })).toBe('message_id: Required');
		expect(errorOf({ hook_type: 'inbox', message_id: 1, client: { id: 'x' } })).toBe(
			'client.id: Expected a numeric ID',
		);
		expect(errorOf({ hook_type: 7 })).toBe('hook_type: Expected string, received number');
	});

	it('lists at most five problems, separated by semicolons', () => {
		const error = errorOf({
			hook_type: 'inbox',
			message_id: 'a',
			client_id: 'b',
			channel_id: 'c',
			dialog_id: 'd',
			request_id: 'e',
			operator_id: 'f',
		});
		expect(error.split('; ')).toHaveLength(5);
		expect(error).toMatch(/^client_id: Expected a numeric ID; channel_id: /);
		expect(error).not.toContain('message_id');
	});

	it('keeps null references and the values of unknown fields', () => {
		expect(
			parseChat2DeskEvent({ hook_type: 'outbox', message_id: '5', client_id: null, extra: { a: 1 } }),
		).toEqual({
			ok: true,
			event: 'outbox',
			body: { hook_type: 'outbox', message_id: 5, client_id: null, extra: { a: 1 } },
		});
	});

	it('checks the fields of every event kind', () => {
		expect(errorOf({ hook_type: 'new_request', request_id: 1, by_client: {} })).toContain('by_client');
		expect(errorOf({ hook_type: 'client_updated', id: 1, channels: [{ id: 'x' }] })).toBe(
			'channels.0.id: Expected a numeric ID',
		);
		expect(errorOf({ hook_type: 'outbox_status', data: { message_id: 'x' } })).toBe(
			'data.message_id: Expected a numeric ID',
		);
		expect(errorOf({ hook_type: 'close_dialog', dialog_id: 'x' })).toBe(
			'dialog_id: Expected a numeric ID',
		);
		expect(errorOf({ hook_type: 'comment', message_id: 1, extra_data: 'x' })).toContain('extra_data');
		expect(parseChat2DeskEvent({ hook_type: 'comment', message_id: 1, extra_data: [] }).ok).toBe(true);
		expect(errorOf({ hook_type: 'imported_message', message_id: 1, text: 5 })).toContain('text');
		expect(errorOf({ hook_type: 'add_tag_to_request', id: 'x' })).toBe('id: Expected a numeric ID');
		expect(errorOf({ hook_type: 'inbox', message_id: 1, event_time: 5 })).toContain('event_time');
	});

	it('reads only its own table entries for a hook type', () => {
		for (const hookType of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			expect(parseChat2DeskEvent({ hook_type: hookType, id: 'x' })).toEqual({
				ok: true,
				event: hookType,
				body: { hook_type: hookType, id: 'x' },
			});
		}
	});
});

describe('Chat2Desk event schemas: nesting depth', () => {
	it('counts levels up to the limit and stops past it', () => {
		expect(jsonDepthExceeds(nested(3), 3)).toBe(false);
		expect(jsonDepthExceeds(nested(4), 3)).toBe(true);
		expect(jsonDepthExceeds([[[1]]], 3)).toBe(false);
		expect(jsonDepthExceeds([[[[1]]]], 3)).toBe(true);
		expect(jsonDepthExceeds({ a: 1, b: 'x', c: null }, 1)).toBe(false);
		expect(jsonDepthExceeds({ a: { b: 1 } }, 1)).toBe(true);
		expect(jsonDepthExceeds({ a: null, b: { c: null } }, 2)).toBe(false);
		expect(jsonDepthExceeds('text', 0)).toBe(false);
		expect(jsonDepthExceeds(null, 0)).toBe(false);
		expect(jsonDepthExceeds({}, 0)).toBe(true);
	});

	it('follows every branch, not only the last', () => {
		expect(jsonDepthExceeds({ deep: nested(3), flat: 1 }, 3)).toBe(true);
		expect(jsonDepthExceeds({ flat: 1, deep: nested(3) }, 3)).toBe(true);
	});

	it('accepts a body exactly as deep as the limit and rejects one level more', () => {
		expect(parseChat2DeskEvent({ hook_type: 'custom', ...nested(MAX_BODY_DEPTH) }).ok).toBe(true);
		expect(parseChat2DeskEvent({ hook_type: 'custom', ...nested(MAX_BODY_DEPTH + 1) })).toEqual({
			ok: false,
			error: 'body: nested deeper than 32 levels',
		});
	});
});
