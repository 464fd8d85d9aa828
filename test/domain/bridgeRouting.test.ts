import {
	describeRouteProblems,
	routeByChannel,
	routeByTag,
} from '../../nodes/Bridge/domain/routing';

describe('routeByChannel', () => {
	const routes = [
		{ channelId: 17, lineId: '3' },
		{ channelId: '18', lineId: 5 },
		{ channelId: 17, lineId: '9' },
		{ channelId: '', lineId: '11' },
		{ channelId: 19, lineId: '' },
	];

	it.each([
		[
			'first route of a channel wins',
			17,
			undefined,
			{ lineId: 3, reason: 'channel', channelId: 17, routeIndex: 0 },
		],
		[
			'channel id as string',
			'17',
			undefined,
			{ lineId: 3, reason: 'channel', channelId: 17, routeIndex: 0 },
		],
		[
			'route channel as string',
			18,
			undefined,
			{ lineId: 5, reason: 'channel', channelId: 18, routeIndex: 1 },
		],
		['route without a line is skipped → default', 19, '7', { lineId: 7, reason: 'default' }],
		['unknown channel → default', 99, '7', { lineId: 7, reason: 'default' }],
		['unknown channel, no default → unrouted', 99, '', undefined],
		['missing channel id → default', undefined, 7, { lineId: 7, reason: 'default' }],
		['missing channel id, no default', null, undefined, undefined],
	])('%s', (_name, channelId, defaultLine, expected) => {
		expect(routeByChannel(channelId, routes, defaultLine)).toEqual(expected);
	});

	it('never routes with an empty table and no default', () => {
		expect(routeByChannel(17, [])).toBeUndefined();
	});
});

describe('routeByTag', () => {
	const routes = [
		{ tagId: 100, lineId: '1' },
		{ tagId: '200', lineId: '2' },
		{ tagId: 300, lineId: '3' },
	];

	it.each([
		[
			'order of routes wins, not order of tags',
			[300, 200],
			undefined,
			{ lineId: 2, reason: 'tag', tagId: 200, routeIndex: 1 },
		],
		[
			'tag objects',
			[{ id: '100', label: 'Sales' }],
			undefined,
			{ lineId: 1, reason: 'tag', tagId: 100, routeIndex: 0 },
		],
		['no matching tag → default', [999], '8', { lineId: 8, reason: 'default' }],
		['no tags → default', [], '8', { lineId: 8, reason: 'default' }],
		['no tags, no default → unrouted', [], undefined, undefined],
		[
			'comma-separated ids',
			'5, 300',
			undefined,
			{ lineId: 3, reason: 'tag', tagId: 300, routeIndex: 2 },
		],
	])('%s', (_name, tags, defaultLine, expected) => {
		expect(routeByTag(tags, routes, defaultLine)).toEqual(expected);
	});
});

describe('describeRouteProblems', () => {
	it('reports empty rows and repeated keys', () => {
		expect(
			describeRouteProblems(
				[
					{ channelId: 1, lineId: '1' },
					{ channelId: '1', lineId: '2' },
					{ channelId: '', lineId: '3' },
					{ channelId: 4, lineId: '' },
				],
				'channelId',
			),
		).toEqual([
			'Route 2 repeats the channel of route 1 and is never used',
			'Route 3 has no channel',
			'Route 4 has no Open Line',
		]);
	});

	it('is silent for a clean table', () => {
		expect(
			describeRouteProblems(
				[
					{ tagId: 1, lineId: 1 },
					{ tagId: 2, lineId: 1 },
				],
				'tagId',
			),
		).toEqual([]);
	});
});
