/**
 * Runs tasks one after another within this n8n instance. n8n keeps a node's "already processed" list as one
 * stored value that every call reads, changes and writes back; two runs doing that at the same time
 * overwrite each other's changes. Chaining the calls makes them safe within one n8n instance (regular
 * mode, or one worker); across instances the templates rely on the delivery log data table instead.
 */
let tail: Promise<unknown> = Promise.resolve();

export async function exclusive<T>(task: () => Promise<T>): Promise<T> {
	const run = tail.then(task, task);
	tail = run.then(
		() => undefined,
		() => undefined,
	);
	return await run;
}
