import { sleep } from 'n8n-workflow';

import { DeliveryGate, type GateDecision, type GateResponse } from '../../../../nodes/shared/delivery/deliveryGate';

/** A response whose `end` is called by "n8n" when the run is done. */
function fakeResponse(): GateResponse & { ended: boolean } {
	const response = {
		statusCode: 200,
		ended: false,
		end() {
			response.ended = true;
			return response;
		},
	};
	return response;
}

const delay = async (ms: number) => await sleep(ms);

function gate(overrides: Partial<ConstructorParameters<typeof DeliveryGate>[0]> = {}) {
	// Short limits: the gate's timers must not outlive the tests by much.
	return new DeliveryGate({ waitLimitMs: 400, maxRunMs: 800, ...overrides });
}

async function admitted(decision: Promise<GateDecision>) {
	const result = await decision;
	if (result.kind !== 'run') throw new Error(`expected a run, got ${result.kind}`);
	const response = fakeResponse();
	result.watch(response);
	return { result, response };
}

describe('DeliveryGate', () => {
	it('admits runs of one chat one at a time, in arrival order', async () => {
		const g = gate();
		const order: string[] = [];
		const first = await admitted(g.enter('chat-1', 'e1'));
		order.push('run e1');
		const second = g.enter('chat-1', 'e2').then((d) => {
			order.push('run e2');
			return d;
		});
		const third = g.enter('chat-1', 'e3').then((d) => {
			order.push('run e3');
			return d;
		});
		await delay(30);
		expect(order).toEqual(['run e1']);
		first.response.end();
		const secondRun = await admitted(second);
		await delay(10);
		expect(order).toEqual(['run e1', 'run e2']);
		secondRun.response.end();
		await admitted(third);
		expect(order).toEqual(['run e1', 'run e2', 'run e3']);
	});

	it('lets different chats run at the same time', async () => {
		const g = gate();
		await admitted(g.enter('chat-1', 'a'));
		const other = await Promise.race([g.enter('chat-2', 'b'), delay(100).then(() => 'blocked')]);
		expect(other).not.toBe('blocked');
	});

	it('answers a copy of a successfully handled event as a duplicate, without a run', async () => {
		const g = gate();
		const first = await admitted(g.enter('chat-1', 'e1'));
		first.response.end();
		await delay(0);
		expect(await g.enter('chat-1', 'e1')).toMatchObject({ kind: 'duplicate' });
	});

	it('holds a copy that arrives while the first attempt runs, and drops it when the first succeeds', async () => {
		const g = gate();
		const first = await admitted(g.enter('chat-1', 'e1'));
		const copy = g.enter('chat-1', 'e1');
		await delay(20);
		first.response.end();
		expect(await copy).toMatchObject({ kind: 'duplicate' });
	});

	it('runs the copy when the first attempt failed: the copy is the retry', async () => {
		const g = gate();
		const first = await admitted(g.enter('chat-1', 'e1'));
		const copy = g.enter('chat-1', 'e1');
		first.response.statusCode = 500;
		first.response.end();
		expect((await copy).kind).toBe('run');
	});

	it('does not remember a failed event as done', async () => {
		const g = gate();
		const first = await admitted(g.enter('chat-1', 'e1'));
		first.response.statusCode = 500;
		first.response.end();
		await delay(0);
		expect((await g.enter('chat-1', 'e1')).kind).toBe('run');
	});

	it('answers busy when the previous run of the chat outlasts the wait limit, and frees its place', async () => {
		const g = gate({ waitLimitMs: 50 });
		const first = await admitted(g.enter('chat-1', 'e1'));
		expect(await g.enter('chat-1', 'e2')).toMatchObject({ kind: 'busy', retryAfterSeconds: 10 });
		const third = g.enter('chat-1', 'e3');
		first.response.end();
		// e3 waits only for e1, not for the abandoned e2.
		expect((await third).kind).toBe('run');
	});

	it('answers busy for a copy whose first attempt is still running past the wait limit', async () => {
		const g = gate({ waitLimitMs: 40 });
		await admitted(g.enter('chat-1', 'e1'));
		expect(await g.enter('chat-1', 'e1')).toMatchObject({ kind: 'busy' });
	});

	it('releases the chat when the answer never comes, without a timer per run', async () => {
		let now = 0;
		const g = gate({ now: () => now, maxRunMs: 1_000 });
		await admitted(g.enter('chat-1', 'e1'));
		now = 1_001;
		const next = await Promise.race([g.enter('chat-1', 'e2'), delay(200).then(() => 'stuck')]);
		expect(next).not.toBe('stuck');
	});

	it('release() frees the chat when the run is not started after all', async () => {
		const g = gate();
		const first = await g.enter('chat-1', 'e1');
		if (first.kind !== 'run') throw new Error('expected run');
		first.release();
		const second = await admitted(g.enter('chat-1', 'e2'));
		second.response.end();
		// Released without an answer: e1 is not remembered as done.
		expect((await g.enter('chat-1', 'e1')).kind).toBe('run');
	});

	it('forgets done events after the remember window and beyond the size bound', async () => {
		let now = 1_000;
		const g = gate({ now: () => now, rememberMs: 100, maxRemembered: 2 });
		for (const key of ['a', 'b', 'c']) {
			const run = await admitted(g.enter(`chat-${key}`, key));
			run.response.end();
		}
		await delay(0);
		expect((await g.enter('chat-a', 'a')).kind).toBe('run'); // evicted by size
		expect((await g.enter('chat-c', 'c')).kind).toBe('duplicate');
		now += 101;
		expect((await g.enter('chat-c2', 'c')).kind).toBe('run'); // expired
	});

	it('cleans up chats that have nothing queued', async () => {
		const g = gate();
		const run = await admitted(g.enter('chat-1', undefined));
		expect(g.busyChats).toBe(1);
		run.response.end();
		await delay(0);
		expect(g.busyChats).toBe(0);
	});
});
