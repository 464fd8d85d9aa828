import {
	BatchPlanError,
	buildBatchBody,
	buildBatchCommandString,
	chunkBatchCommands,
	parseBatchResult,
	referencedKeys,
	type BatchCommand,
} from '../../../../nodes/Bitrix24/domain/batch';

const cmd = (key: string, params: Record<string, unknown> = {}): BatchCommand => ({
	key,
	method: 'crm.lead.get',
	params,
});

const keysOf = (chunks: BatchCommand[][]) =>
	chunks.map((chunk) => chunk.map((command) => command.key));

describe('chunkBatchCommands', () => {
	it('cuts 120 independent commands into 50 + 50 + 20', () => {
		const commands = Array.from({ length: 120 }, (_, i) => cmd(`c${i}`, { id: i }));
		const chunks = chunkBatchCommands(commands);
		expect(chunks.map((chunk) => chunk.length)).toEqual([50, 50, 20]);
		expect(chunks.flat().map((command) => command.key)).toEqual(
			commands.map((command) => command.key),
		);
	});

	it('returns no chunks for no commands and one chunk for exactly 50', () => {
		expect(chunkBatchCommands([])).toEqual([]);
		expect(chunkBatchCommands(Array.from({ length: 50 }, (_, i) => cmd(`c${i}`))).length).toBe(1);
	});

	it('moves the cut so that a $result reference stays in the same call', () => {
		// c4 refers to c2: with size 3 the natural cut after c2 would separate them.
		const commands = [
			cmd('c0'),
			cmd('c1'),
			cmd('c2'),
			cmd('c3'),
			cmd('c4', { id: '$result[c2][ID]' }),
		];
		expect(keysOf(chunkBatchCommands(commands, 3))).toEqual([
			['c0', 'c1'],
			['c2', 'c3', 'c4'],
		]);
	});

	it('handles references nested in params and the other $result_* sections', () => {
		const commands = [
			cmd('find'),
			cmd('a'),
			cmd('b', { fields: { LINK: ['$result_total[find]'] } }),
			cmd('c'),
		];
		// b refers to find, two commands back: find, a and b must share one call.
		expect(() => chunkBatchCommands(commands, 2)).toThrow(BatchPlanError);
		expect(keysOf(chunkBatchCommands(commands, 3))).toEqual([['find', 'a', 'b'], ['c']]);
		expect(referencedKeys(commands[2])).toEqual(['find']);
	});

	it('throws when a reference chain cannot fit into one call', () => {
		const commands = [cmd('a'), cmd('b', { x: '$result[a]' }), cmd('c', { x: '$result[a]' })];
		expect(() => chunkBatchCommands(commands, 2)).toThrow(BatchPlanError);
	});

	it.each([
		[[cmd('a'), cmd('a')], /unique/],
		[[cmd('')], /unique/],
		[[cmd('a', { x: '$result[b]' }), cmd('b')], /not an earlier command/],
		[[cmd('a', { x: '$result[zzz]' })], /not an earlier command/],
		[[cmd('a', { x: '$result[a]' })], /not an earlier command/],
	])('rejects an invalid plan %#', (commands, message) => {
		expect(() => chunkBatchCommands(commands as BatchCommand[])).toThrow(message);
	});

	it('rejects sizes outside 1..50', () => {
		expect(() => chunkBatchCommands([cmd('a')], 51)).toThrow(BatchPlanError);
		expect(() => chunkBatchCommands([cmd('a')], 0)).toThrow(BatchPlanError);
	});
});

describe('cmd strings', () => {
	it('encodes params with PHP brackets and keeps references', () => {
		expect(
			buildBatchCommandString({
				key: 'u',
				method: 'crm.lead.update',
				params: {
					id: '$result[find][0][ID]',
					fields: { UTM_SOURCE: 'google ads', PHONE: [{ VALUE: '+49 1' }] },
				},
			}),
		).toBe(
			'crm.lead.update?id=$result[find][0][ID]&fields[UTM_SOURCE]=google%20ads&fields[PHONE][0][VALUE]=%2B49%201',
		);
		expect(buildBatchCommandString({ key: 'x', method: 'app.info' })).toBe('app.info');
	});

	it('builds the batch body with halt flag', () => {
		expect(buildBatchBody([cmd('a', { id: 1 }), cmd('b', { id: 2 })], true)).toEqual({
			halt: 1,
			cmd: { a: 'crm.lead.get?id=1', b: 'crm.lead.get?id=2' },
		});
		expect(buildBatchBody([cmd('a')], false).halt).toBe(0);
	});
});

describe('parseBatchResult', () => {
	const chunk = [cmd('a'), cmd('b'), cmd('c'), cmd('d')];

	it('maps results, per-command errors, totals and skipped commands in order', () => {
		const reply = {
			result: { a: { ID: '1' }, d: false },
			result_error: {
				b: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
			},
			result_total: { a: 3 },
			result_next: { a: 50 },
			result_time: {},
		};
		expect(parseBatchResult(chunk, reply)).toEqual([
			{ key: 'a', ok: true, result: { ID: '1' }, total: 3, next: 50 },
			{
				key: 'b',
				ok: false,
				error: { code: 'ERROR_BATCH_LENGTH_EXCEEDED', description: 'Max batch length exceeded' },
			},
			{
				key: 'c',
				ok: false,
				error: { code: 'BATCH_NOT_EXECUTED', description: 'The command was not executed' },
			},
			{ key: 'd', ok: true, result: false },
		]);
	});

	it('treats PHP empty arrays as empty sections', () => {
		expect(
			parseBatchResult([cmd('a')], {
				result: { a: 5 },
				result_error: [],
				result_total: [],
				result_next: [],
			}),
		).toEqual([{ key: 'a', ok: true, result: 5 }]);
	});

	it('reads list-style sections (numeric command keys)', () => {
		expect(parseBatchResult([cmd('0'), cmd('1')], { result: [10, 20], result_error: [] })).toEqual([
			{ key: '0', ok: true, result: 10 },
			{ key: '1', ok: true, result: 20 },
		]);
	});
});

describe('batch boundaries', () => {
	it('batch size 1 puts every independent command in its own call', () => {
		expect(keysOf(chunkBatchCommands([cmd('a'), cmd('b'), cmd('c')], 1))).toEqual([
			['a'],
			['b'],
			['c'],
		]);
		expect(() => chunkBatchCommands([cmd('a'), cmd('b', { x: '$result[a]' })], 1)).toThrow(
			'Commands starting at "a" reference each other across more than 1 commands',
		);
	});

	it('accepts the size limits 1 and 50 and names the range when refusing', () => {
		expect(chunkBatchCommands([cmd('a')], 50)).toHaveLength(1);
		expect(() => chunkBatchCommands([cmd('a')], 51)).toThrow('Batch size must be between 1 and 50');
		expect(() => chunkBatchCommands([cmd('a')], 0)).toThrow('Batch size must be between 1 and 50');
		expect(() => chunkBatchCommands([], 0)).toThrow('Batch size must be between 1 and 50');
		// 51 commands at the default size: one full call and one more.
		const commands = Array.from({ length: 51 }, (_, i) => cmd(`c${i}`));
		expect(chunkBatchCommands(commands).map((chunk) => chunk.length)).toEqual([50, 1]);
	});

	it('a reference chain exactly as long as the size fits in one call', () => {
		const commands = [cmd('a'), cmd('b'), cmd('c', { x: '$result[a]' }), cmd('d')];
		expect(keysOf(chunkBatchCommands(commands, 3))).toEqual([['a', 'b', 'c'], ['d']]);
		// A reference to the command just before keeps exactly those two together.
		expect(keysOf(chunkBatchCommands([cmd('a'), cmd('b'), cmd('c', { x: '$result[b]' })], 2))).toEqual([
			['a'],
			['b', 'c'],
		]);
	});

	it('names the offending keys in plan errors', () => {
		expect(() => chunkBatchCommands([cmd('a'), cmd('a')])).toThrow(
			'Batch command keys must be unique and non-empty ("a")',
		);
		expect(() => chunkBatchCommands([cmd('a', { x: '$result[zzz]' })])).toThrow(
			'Command "a" refers to "zzz", which is not an earlier command',
		);
	});

	it('reads every $result section once per key, call after call', () => {
		const command = cmd('x', {
			a: '$result_time[t]',
			b: ['$result_next[n]', '$result_error[e]', '$result[t][ID]'],
			c: 'plain $result text',
		});
		expect(referencedKeys(command)).toEqual(['t', 'n', 'e']);
		expect(referencedKeys(command)).toEqual(['t', 'n', 'e']);
		expect(referencedKeys({ key: 'y', method: 'm' })).toEqual([]);
	});

	it('reads errors without fields, string totals and replies that are not objects', () => {
		expect(
			parseBatchResult([cmd('a'), cmd('b')], {
				result: { b: [] },
				result_error: { a: {} },
				result_total: { b: '7' },
				result_next: { b: '50' },
			}),
		).toEqual([
			{ key: 'a', ok: false, error: { code: '', description: '' } },
			{ key: 'b', ok: true, result: [], total: 7, next: 50 },
		]);
		expect(parseBatchResult([cmd('a')], { result_error: { a: null } })).toEqual([
			{ key: 'a', ok: false, error: { code: '', description: '' } },
		]);
		const notExecuted = { key: 'a', ok: false, error: { code: 'BATCH_NOT_EXECUTED', description: 'The command was not executed' } };
		expect(parseBatchResult([cmd('a')], null)).toEqual([notExecuted]);
		expect(parseBatchResult([cmd('a')], 'oops')).toEqual([notExecuted]);
		expect(parseBatchResult([cmd('a')], { result: 'a' })).toEqual([notExecuted]);
		expect(parseBatchResult([cmd('a')], { result: null })).toEqual([notExecuted]);
		// A text section is no list of results, even for a command keyed `0`.
		expect(parseBatchResult([cmd('0')], { result: 'x' })).toEqual([{ ...notExecuted, key: '0' }]);
		// An empty PHP list has a length, but no command of that name ran.
		expect(parseBatchResult([cmd('length')], { result: [] })).toEqual([{ ...notExecuted, key: 'length' }]);
	});

	it('reads only the keys a section has, not what every object inherits', () => {
		expect(
			parseBatchResult([cmd('constructor'), cmd('toString'), cmd('valueOf')], {
				result: { toString: 1, valueOf: 2 },
				result_error: {},
				result_total: { valueOf: 9 },
				result_next: {},
			}),
		).toStrictEqual([
			{
				key: 'constructor',
				ok: false,
				error: { code: 'BATCH_NOT_EXECUTED', description: 'The command was not executed' },
			},
			{ key: 'toString', ok: true, result: 1 },
			{ key: 'valueOf', ok: true, result: 2, total: 9 },
		]);
	});
});
