import { normaliseId, normaliseIdList } from '../../nodes/Bridge/domain/ids';
import {
	decideTags,
	hasTag,
	sourcesNeeded,
	tagIdsOf,
	type TagDecisionInput,
} from '../../nodes/Bridge/domain/tagRules';

describe('ids', () => {
	it.each([
		[7, 7],
		['7', 7],
		[' 42 ', 42],
		['abc', 'abc'],
		['', undefined],
		[Number.NaN, undefined],
		[{ id: '379158', label: 'VIP' }, 379158],
		[null, undefined],
		[[1], undefined],
	])('normaliseId(%p) → %p', (input, expected) => {
		expect(normaliseId(input)).toEqual(expected);
	});

	it.each([
		[
			[1, '1', 2, { id: 2 }, '', null],
			[1, 2],
		],
		['3, 4,,3', [3, 4]],
		[5, [5]],
		[undefined, []],
		[[{ id: 9, group_name: 'Routing' }, { label: 'no id' }], [9]],
	])('normaliseIdList(%p) → %p', (input, expected) => {
		expect(normaliseIdList(input)).toEqual(expected);
	});
});

describe('tagIdsOf', () => {
	it.each([
		[{ tags: [{ id: 1, label: 'VIP' }, { id: '2' }] }, { tagIds: [1, 2], present: true }],
		[{ tags: [3, '4'] }, { tagIds: [3, 4], present: true }],
		[{ tags: [] }, { tagIds: [], present: true }],
		[{ id: 1 }, { tagIds: [], present: false }],
		[{ tags: null }, { tagIds: [], present: false }],
		[undefined, { tagIds: [], present: false }],
	])('%p', (entity, expected) => {
		expect(tagIdsOf(entity)).toEqual(expected);
	});
});

describe('decideTags', () => {
	const cases: Array<
		[string, TagDecisionInput, { passed: boolean; matchedTagIds: Array<number | string> }]
	> = [
		[
			'ignore: everything passes',
			{ mode: 'ignoreTags', selectedTagIds: [1], clientTagIds: [] },
			{ passed: true, matchedTagIds: [] },
		],
		[
			'ignore: even with tags',
			{ mode: 'ignoreTags', selectedTagIds: [1], clientTagIds: [1] },
			{ passed: true, matchedTagIds: [] },
		],
		[
			'accept: client has the tag',
			{ mode: 'acceptTagged', selectedTagIds: [1, 2], clientTagIds: [2, 5] },
			{ passed: true, matchedTagIds: [2] },
		],
		[
			'accept: client has other tags',
			{ mode: 'acceptTagged', selectedTagIds: [1], clientTagIds: [5] },
			{ passed: false, matchedTagIds: [] },
		],
		[
			'accept: no tags at all',
			{ mode: 'acceptTagged', selectedTagIds: [1], clientTagIds: [] },
			{ passed: false, matchedTagIds: [] },
		],
		[
			'accept: ids as strings vs numbers',
			{ mode: 'acceptTagged', selectedTagIds: ['1'], clientTagIds: [{ id: 1 }] },
			{ passed: true, matchedTagIds: [1] },
		],
		[
			'accept: no tag chosen = any tag',
			{ mode: 'acceptTagged', selectedTagIds: [], clientTagIds: [7, 8] },
			{ passed: true, matchedTagIds: [7, 8] },
		],
		[
			'accept: no tag chosen, untagged',
			{ mode: 'acceptTagged', selectedTagIds: [], clientTagIds: [] },
			{ passed: false, matchedTagIds: [] },
		],
		[
			'accept all: only some present',
			{ mode: 'acceptTagged', selectedTagIds: [1, 2], clientTagIds: [1], match: 'all' },
			{ passed: false, matchedTagIds: [1] },
		],
		[
			'accept all: all present',
			{ mode: 'acceptTagged', selectedTagIds: [1, 2], clientTagIds: [2, 1, 3], match: 'all' },
			{ passed: true, matchedTagIds: [1, 2] },
		],
		[
			'reject: tagged is dropped',
			{ mode: 'rejectTagged', selectedTagIds: [1], clientTagIds: [1] },
			{ passed: false, matchedTagIds: [1] },
		],
		[
			'reject: untagged passes',
			{ mode: 'rejectTagged', selectedTagIds: [1], clientTagIds: [2] },
			{ passed: true, matchedTagIds: [] },
		],
		[
			'reject: empty tags pass',
			{ mode: 'rejectTagged', selectedTagIds: [1] },
			{ passed: true, matchedTagIds: [] },
		],
		[
			'reject all: one of two present passes',
			{ mode: 'rejectTagged', selectedTagIds: [1, 2], clientTagIds: [1], match: 'all' },
			{ passed: true, matchedTagIds: [1] },
		],
		[
			'source request ignores client tags',
			{
				mode: 'acceptTagged',
				selectedTagIds: [1],
				clientTagIds: [1],
				requestTagIds: [],
				source: 'request',
			},
			{ passed: false, matchedTagIds: [] },
		],
		[
			'source request',
			{
				mode: 'acceptTagged',
				selectedTagIds: [1],
				clientTagIds: [],
				requestTagIds: ['1'],
				source: 'request',
			},
			{ passed: true, matchedTagIds: [1] },
		],
		[
			'source client ignores request tags',
			{ mode: 'acceptTagged', selectedTagIds: [1], requestTagIds: [1], source: 'client' },
			{ passed: false, matchedTagIds: [] },
		],
		[
			'clientOrRequest: union',
			{
				mode: 'acceptTagged',
				selectedTagIds: [1, 2],
				clientTagIds: [1],
				requestTagIds: [2],
				source: 'clientOrRequest',
				match: 'all',
			},
			{ passed: true, matchedTagIds: [1, 2] },
		],
		[
			'clientOrRequest: reject on request tag',
			{
				mode: 'rejectTagged',
				selectedTagIds: [2],
				clientTagIds: [1],
				requestTagIds: [2],
				source: 'clientOrRequest',
			},
			{ passed: false, matchedTagIds: [2] },
		],
	];

	it.each(cases)('%s', (_name, input, expected) => {
		expect(decideTags(input)).toMatchObject(expected);
	});

	it('reports the considered tags without duplicates', () => {
		expect(
			decideTags({
				mode: 'acceptTagged',
				selectedTagIds: [9],
				clientTagIds: [1, 2],
				requestTagIds: ['2', 3],
				source: 'clientOrRequest',
			}).consideredTagIds,
		).toEqual([1, 2, 3]);
	});
});

describe('sourcesNeeded / hasTag', () => {
	it.each([
		['client', { client: true, request: false }],
		['request', { client: false, request: true }],
		['clientOrRequest', { client: true, request: true }],
	] as const)('%s', (source, expected) => {
		expect(sourcesNeeded(source)).toEqual(expected);
	});

	it.each([
		[[1, 2], '2', true],
		[[{ id: '5' }], 5, true],
		[[1], 3, false],
		[[], 1, false],
		[[1], '', false],
	])('hasTag(%p, %p) → %p', (tags, tag, expected) => {
		expect(hasTag(tags, tag)).toBe(expected);
	});
});
