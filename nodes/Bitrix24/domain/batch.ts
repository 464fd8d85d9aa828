/**
 * Bitrix24 `batch` maths: chunking commands into calls of at most 50 without splitting `$result[...]`
 * references, building `cmd` strings and reading the per-command sections of the reply. Pure module.
 */
import { encodeBracketQuery } from './bracketForm';

export const BATCH_MAX_COMMANDS = 50;

export interface BatchCommand {
	/** Unique key; `$result[key]` in later commands of the same call refers to this command's result. */
	key: string;
	method: string;
	params?: Record<string, unknown>;
}

export interface BatchCommandResult {
	key: string;
	ok: boolean;
	result?: unknown;
	error?: { code: string; description: string };
	total?: number;
	next?: number;
}

export class BatchPlanError extends Error {}

const REFERENCE = /\$result(?:_time|_total|_next|_error)?\[([^\]]+)\]/g;

/** Keys referenced by `$result[...]` (and `$result_total[...]` etc.) anywhere in a command's params. */
export function referencedKeys(command: BatchCommand): string[] {
	const text = JSON.stringify(command.params ?? {});
	return [...new Set(Array.from(text.matchAll(REFERENCE), (match) => match[1]))];
}

/**
 * Split commands into consecutive chunks of ≤ `size`, cutting only where no later command refers to an
 * earlier one across the cut. Throws BatchPlanError for duplicate keys, forward/unknown references, or
 * a reference chain longer than one chunk.
 */
export function chunkBatchCommands(
	commands: BatchCommand[],
	size = BATCH_MAX_COMMANDS,
): BatchCommand[][] {
	if (size < 1 || size > BATCH_MAX_COMMANDS) {
		throw new BatchPlanError(`Batch size must be between 1 and ${BATCH_MAX_COMMANDS}`);
	}
	const position = new Map<string, number>();
	commands.forEach((command, index) => {
		if (!command.key || position.has(command.key)) {
			throw new BatchPlanError(
				`Batch command keys must be unique and non-empty ("${command.key}")`,
			);
		}
		position.set(command.key, index);
	});
	// earliest[i] = smallest index referenced by command i (or i itself).
	const earliest = commands.map((command, index) => {
		let min = index;
		for (const key of referencedKeys(command)) {
			const target = position.get(key);
			if (target === undefined || target >= index) {
				throw new BatchPlanError(
					`Command "${command.key}" refers to "${key}", which is not an earlier command`,
				);
			}
			min = Math.min(min, target);
		}
		return min;
	});
	// A cut before index c is allowed when no command at ≥ c refers below c.
	const suffixMin: number[] = new Array(commands.length + 1).fill(Number.POSITIVE_INFINITY);
	for (let i = commands.length - 1; i >= 0; i--)
		suffixMin[i] = Math.min(earliest[i], suffixMin[i + 1]);
	// suffixMin[commands.length] stays +Infinity: the end of the list is always a cut.
	const cutAllowed = (c: number) => suffixMin[c] >= c;

	const chunks: BatchCommand[][] = [];
	let start = 0;
	while (start < commands.length) {
		let end = Math.min(start + size, commands.length);
		// `start` is a cut already taken (or 0), so this stops there at the latest.
		while (!cutAllowed(end)) end--;
		if (end === start) {
			throw new BatchPlanError(
				`Commands starting at "${commands[start].key}" reference each other across more than ${size} commands`,
			);
		}
		chunks.push(commands.slice(start, end));
		start = end;
	}
	return chunks;
}

/** `method?param=…` command string for one batch entry. */
export function buildBatchCommandString(command: BatchCommand): string {
	const query = encodeBracketQuery(command.params ?? {});
	return query ? `${command.method}?${query}` : command.method;
}

/** Request body of one `batch` call. */
export function buildBatchBody(
	chunk: BatchCommand[],
	halt: boolean,
): { halt: 0 | 1; cmd: Record<string, string> } {
	const cmd: Record<string, string> = {};
	for (const command of chunk) cmd[command.key] = buildBatchCommandString(command);
	return { halt: halt ? 1 : 0, cmd };
}

const hasOwn = (record: Record<string, unknown>, key: string) =>
	Object.prototype.hasOwnProperty.call(record, key);

/** A command's entry in a section; a key such as `constructor` must not read what objects inherit. */
const entryOf = (record: Record<string, unknown>, key: string) =>
	hasOwn(record, key) ? record[key] : undefined;

function section(source: unknown, name: string): Record<string, unknown> {
	// Not an object: `?.` stops at null/undefined, and any other value (text, number) has no such key.
	const value = (source as Record<string, unknown> | null | undefined)?.[name];
	// PHP serialises an empty associative array as `[]`.
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return Array.isArray(value) ? { ...value } : {};
	}
	return value as Record<string, unknown>;
}

/**
 * Map the `result` of one `batch` reply to per-command results, in the order of `chunk`.
 * Commands neither answered nor failed (skipped after `halt`) come back as `BATCH_NOT_EXECUTED` errors.
 */
export function parseBatchResult(
	chunk: BatchCommand[],
	batchResult: unknown,
): BatchCommandResult[] {
	const results = section(batchResult, 'result');
	const errors = section(batchResult, 'result_error');
	const totals = section(batchResult, 'result_total');
	const nexts = section(batchResult, 'result_next');
	return chunk.map(({ key }) => {
		const error = entryOf(errors, key) as { error?: unknown; error_description?: unknown } | undefined;
		if (error !== undefined) {
			return {
				key,
				ok: false,
				error: {
					code: String(error?.error ?? ''),
					description: String(error?.error_description ?? ''),
				},
			};
		}
		if (!hasOwn(results, key)) {
			return {
				key,
				ok: false,
				error: { code: 'BATCH_NOT_EXECUTED', description: 'The command was not executed' },
			};
		}
		const entry: BatchCommandResult = { key, ok: true, result: results[key] };
		const total = entryOf(totals, key);
		if (total !== undefined) entry.total = Number(total);
		const next = entryOf(nexts, key);
		if (next !== undefined) entry.next = Number(next);
		return entry;
	});
}
