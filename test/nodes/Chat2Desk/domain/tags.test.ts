import {
	needsNames,
	tagDirectory,
	tagsOf,
	unionTags,
	type NamedTag,
} from '../../../../nodes/Chat2Desk/domain/tags';

const tag = (id: number | string, name = '', group = ''): NamedTag => ({ id, name, group });

describe('Chat2Desk tags', () => {
	it('reads tag objects, bare ids and id texts, each once, in order', () => {
		expect(
			tagsOf({
				tags: [
					{ id: 1, label: 'VIP', group_name: 'Status' },
					{ id: '2', name: 'Lead' },
					3,
					' 4 ',
					'x-5',
					' y-6 ',
					{ id: 1, label: 'again' },
					'1',
					null,
					'  ',
					Number.NaN,
					{ label: 'no id' },
					['7'],
				],
			}),
		).toEqual({
			tags: [
				tag(1, 'VIP', 'Status'),
				tag(2, 'Lead'),
				tag(3),
				tag(4),
				tag('x-5'),
				tag('y-6'),
			],
			present: true,
		});
	});

	it('prefers label to name and takes missing names and groups from the tag list', () => {
		const names = new Map([['3', tag(3, 'Known', 'Group')], ['4', tag(4, 'Other', 'G4')]]);
		expect(
			tagsOf(
				{
					tags: [
						{ id: 3 },
						{ id: 4, label: 'Own', name: 'ignored', group_name: 7 },
						{ id: 5, label: 5, name: 'x' },
						'3',
					],
				},
				names,
			).tags,
		).toEqual([tag(3, 'Known', 'Group'), tag(4, 'Own', 'G4'), tag(5)]);
	});

	it('reads the tags of a request embedded in a dialog item, but an own tags field wins', () => {
		expect(tagsOf({ request: { tags: [9] } })).toEqual({ tags: [tag(9)], present: true });
		expect(tagsOf({ tags: [1], request: { tags: [9] } }).tags).toEqual([tag(1)]);
		expect(tagsOf({ tags: null, request: { tags: [9] } })).toEqual({ tags: [], present: false });
		expect(tagsOf({ request: [9] })).toEqual({ tags: [], present: false });
	});

	it('says when there was no tags list at all', () => {
		expect(tagsOf({})).toEqual({ tags: [], present: false });
		expect(tagsOf({ tags: 'VIP' })).toEqual({ tags: [], present: false });
		expect(tagsOf([1, 2])).toEqual({ tags: [], present: false });
		expect(tagsOf(undefined)).toEqual({ tags: [], present: false });
		expect(tagsOf({ tags: [] })).toEqual({ tags: [], present: true });
	});

	it('keeps long digit runs as text ids', () => {
		expect(tagsOf({ tags: ['1234567890123456', '123456789012345'] }).tags).toEqual([
			tag('1234567890123456'),
			tag(123456789012345),
		]);
	});

	it('knows when names must come from the tag list', () => {
		expect(needsNames([tag(1, 'VIP'), tag(2)])).toBe(true);
		expect(needsNames([tag(1, 'VIP')])).toBe(false);
		expect(needsNames([])).toBe(false);
	});

	it('builds the id directory from GET /v1/tags rows', () => {
		const directory = tagDirectory([
			{ id: 1, label: 'VIP', group_name: 'Status' },
			{ label: 'no id' },
			{ id: '2', label: 'Lead' },
		]);
		expect([...directory.entries()]).toEqual([
			['1', tag(1, 'VIP', 'Status')],
			['2', tag(2, 'Lead')],
		]);
	});

	it('unites client and request tags, client tags first, each once', () => {
		expect(unionTags([tag(1, 'a'), tag(2, 'b')], [tag('2', 'B'), tag(3, 'c')], [])).toEqual([
			tag(1, 'a'),
			tag(2, 'b'),
			tag(3, 'c'),
		]);
		expect(unionTags()).toEqual([]);
	});
});
