import { sleep } from 'n8n-workflow';
import {
	type CommandOutcome,
	type PlannedCommand,
	planCall,
	RatePacer,
	SendCombiner,
	type SendEntry,
	type Transmit,
} from '../../../../nodes/Bitrix24/domain/combinedSend';

type Message = { id: string };

const entry = (line: string, id: string, connector = 'c2d'): SendEntry<Message> => ({
	connector,
	line,
	message: { id },
});

const job = (entries: Array<SendEntry<Message>>, messagesPerCommand = 50) => ({
	entries,
	messagesPerCommand,
	next: 0,
	outcomes: new Array(entries.length),
	remaining: entries.length,
});

const ids = (commands: Array<PlannedCommand<Message>>) =>
	commands.map((command) => `${command.line}:${command.messages.map((m) => m.id).join(',')}`);

/** A reply shaped like imconnector.send.messages: one DATA.RESULT element per message. */
const replyFor = (command: PlannedCommand<Message>) => ({
	SUCCESS: true,
	DATA: { RESULT: command.messages.map((m) => ({ SUCCESS: true, message: { id: m.id } })) },
});

function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('planCall', () => {
	it('groups by connector and line across jobs, in order, up to the smaller per-command limit', () => {
		const a = job([entry('1', 'a1'), entry('2', 'a2'), entry('1', 'a3')], 3);
		const b = job([entry('1', 'b1'), entry('1', 'b2')], 2);
		const c = job([entry('1', 'c1', 'other')]);
		const call = planCall([a, b, c]);
		// a1 and a3 share line 1 (limit 3); b1 cannot join it: it holds 2, b's limit is 2.
		expect(ids(call.commands)).toEqual(['1:a1,a3', '2:a2', '1:b1,b2', '1:c1']);
		expect(call.commands.map((command) => command.connector)).toEqual(['c2d', 'c2d', 'c2d', 'other']);
		expect([a.next, b.next, c.next]).toEqual([3, 2, 1]);
	});

	it('merges small jobs of the same line into one command', () => {
		const jobs = [job([entry('1', 'x')]), job([entry('1', 'y'), entry('1', 'z')]), job([entry('1', 'w')])];
		expect(ids(planCall(jobs).commands)).toEqual(['1:x,y,z,w']);
	});

	it('stops at the command limit and leaves the rest of a job for the next call', () => {
		const big = job(
			Array.from({ length: 7 }, (_, i) => entry('1', `m${i}`)),
			2,
		);
		const first = planCall([big], 3);
		expect(ids(first.commands)).toEqual(['1:m0,m1', '1:m2,m3', '1:m4,m5']);
		expect(big.next).toBe(6);
		expect(ids(planCall([big], 3).commands)).toEqual(['1:m6']);
	});

	it('keeps the smallest limit of the jobs in a command', () => {
		const jobs = [job([entry('1', 'a')], 2), job([entry('1', 'b')], 5), job([entry('1', 'c')], 5)];
		// a and b fill the command to a's limit of 2, though b and c allow 5.
		expect(ids(planCall(jobs).commands)).toEqual(['1:a,b', '1:c']);
	});

	it('puts one message per command when the limit is 1', () => {
		expect(ids(planCall([job([entry('1', 'a'), entry('1', 'b')], 1)]).commands)).toEqual([
			'1:a',
			'1:b',
		]);
	});
});

describe('SendCombiner', () => {
	const noWait = async () => {};

	it('makes one call at a time per lane; what arrives meanwhile goes in the next call', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const calls: string[][] = [];
		let inFlight = 0;
		let maxInFlight = 0;
		const gates: Array<ReturnType<typeof deferred<void>>> = [];
		const transmit: Transmit<Message> = async (commands) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			calls.push(ids(commands));
			const gate = deferred<void>();
			gates.push(gate);
			await gate.promise;
			inFlight--;
			return commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		};
		const first = combiner.send('portal', [entry('1', 'a')], 50, transmit);
		await Promise.resolve();
		const second = combiner.send('portal', [entry('1', 'b')], 50, transmit);
		const third = combiner.send('portal', [entry('2', 'c'), entry('1', 'd')], 50, transmit);
		const otherPortal = combiner.send('elsewhere', [entry('1', 'z')], 50, transmit);
		await sleep(0);
		expect(calls).toEqual([['1:a'], ['1:z']]);
		expect(combiner.activeLanes).toBe(2);
		gates[0].resolve();
		await sleep(0);
		// b, c and d waited together: one call, two commands.
		expect(calls[2]).toEqual(['1:b,d', '2:c']);
		gates[1].resolve();
		gates[2].resolve();
		const [r1, r2, r3, r4] = await Promise.all([first, second, third, otherPortal]);
		expect(maxInFlight).toBe(2); // one per lane
		const idOf = (outcome: { ok: boolean; itemResult?: unknown }) =>
			(outcome as { itemResult: { message: { id: string } } }).itemResult.message.id;
		expect(r1.map(idOf)).toEqual(['a']);
		expect(r2.map(idOf)).toEqual(['b']);
		// Each run gets its own results in its own order, though d went in the first command.
		expect(r3.map(idOf)).toEqual(['c', 'd']);
		expect(r4.map(idOf)).toEqual(['z']);
		expect(combiner.activeLanes).toBe(0);
	});

	it('gives a failed command its error and the other commands their results', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const refused = new Error('WRONG_LINE');
		const transmit: Transmit<Message> = async (commands) =>
			commands.map(
				(command): CommandOutcome =>
					command.line === '2' ? { ok: false, error: refused } : { ok: true, reply: replyFor(command) },
			);
		const outcomes = await combiner.send(
			'portal',
			[entry('1', 'a'), entry('2', 'b'), entry('1', 'c')],
			50,
			transmit,
		);
		expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
		expect(outcomes[1]).toEqual({ ok: false, error: refused });
	});

	it('hands an outcome-unknown error to every message of the call, unchanged, and keeps the lane usable', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const unclear = Object.assign(new Error('504'), { context: { outcomeUnknown: true } });
		let calls = 0;
		const transmit: Transmit<Message> = async (commands) => {
			calls++;
			if (calls === 1) throw unclear;
			return commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		};
		const failed = await combiner.send('portal', [entry('1', 'a'), entry('2', 'b')], 50, transmit);
		expect(failed).toEqual([
			{ ok: false, error: unclear },
			{ ok: false, error: unclear },
		]);
		const next = await combiner.send('portal', [entry('1', 'c')], 50, transmit);
		expect(next[0].ok).toBe(true);
	});

	it('answers a message the reply has no element for with the whole reply, and a missing command as an error', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const transmit: Transmit<Message> = async () => [{ ok: true, reply: { SUCCESS: false } }];
		const outcomes = await combiner.send('portal', [entry('1', 'a'), entry('2', 'b')], 50, transmit);
		expect(outcomes[0]).toEqual({ ok: true, itemResult: undefined, reply: { SUCCESS: false } });
		expect(outcomes[1]).toStrictEqual({ ok: false, error: new Error('No outcome for this command') });
	});

	it('reads results keyed by index and answers a reply without any', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const transmit: Transmit<Message> = async () => [
			{ ok: true, reply: { DATA: { RESULT: { 0: 'first', 1: 'second' } } } },
			{ ok: true, reply: undefined },
		];
		const outcomes = await combiner.send(
			'portal',
			[entry('1', 'a'), entry('1', 'b'), entry('2', 'c')],
			50,
			transmit,
		);
		expect(outcomes).toStrictEqual([
			{ ok: true, itemResult: 'first', reply: { DATA: { RESULT: { 0: 'first', 1: 'second' } } } },
			{ ok: true, itemResult: 'second', reply: { DATA: { RESULT: { 0: 'first', 1: 'second' } } } },
			{ ok: true, itemResult: undefined, reply: undefined },
		]);
	});

	it('answers an empty send at once, without a call or a lane', async () => {
		const combiner = new SendCombiner({ wait: noWait });
		const transmit = jest.fn<ReturnType<Transmit<Message>>, Parameters<Transmit<Message>>>();
		await expect(combiner.send('portal', [], 50, transmit)).resolves.toStrictEqual([]);
		expect(transmit).not.toHaveBeenCalled();
		expect(combiner.paceOf('portal')).toBeUndefined();
	});

	it('works without pacing, refusals included', async () => {
		const waits: number[] = [];
		const combiner = new SendCombiner({
			pacer: null,
			wait: async (ms) => {
				waits.push(ms);
			},
		});
		let refuse = true;
		const transmit: Transmit<Message> = async (commands, hooks) => {
			if (refuse) hooks.onRateLimited();
			refuse = false;
			return commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		};
		await combiner.send('portal', [entry('1', 'a')], 50, transmit);
		const outcomes = await combiner.send('portal', [entry('1', 'b')], 50, transmit);
		expect(outcomes.map((outcome) => outcome.ok)).toStrictEqual([true]);
		expect(waits).toStrictEqual([]);
		expect(combiner.paceOf('portal')).toBeUndefined();
	});

	it('forgets lanes idle for more than ten minutes, but never a busy one', async () => {
		let now = 0;
		const combiner = new SendCombiner({ now: () => now, wait: noWait });
		const quick: Transmit<Message> = async (commands) =>
			commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		const gate = deferred<void>();
		const slow: Transmit<Message> = async (commands) => {
			await gate.promise;
			return quick(commands, { onRateLimited: () => {} });
		};
		await combiner.send('idle', [entry('1', 'a')], 50, quick);
		const inFlight = combiner.send('busy', [entry('1', 'b')], 50, slow);
		await sleep(0);
		now += 10 * 60 * 1000;
		await combiner.send('other', [entry('1', 'c')], 50, quick);
		// Exactly ten minutes: still known.
		expect(combiner.paceOf('idle')).toBe(2);
		now += 1;
		await combiner.send('other', [entry('1', 'd')], 50, quick);
		expect(combiner.paceOf('idle')).toBeUndefined();
		expect(combiner.paceOf('busy')).toBe(2);
		gate.resolve();
		await inFlight;
		expect(combiner.paceOf('unknown')).toBeUndefined();
	});

	it('splits a job larger than one call over several calls', async () => {
		const combiner = new SendCombiner({ wait: noWait, maxCommandsPerCall: 2 });
		const calls: string[][] = [];
		const transmit: Transmit<Message> = async (commands) => {
			calls.push(ids(commands));
			return commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		};
		const entries = Array.from({ length: 5 }, (_, i) => entry('1', `m${i}`));
		const outcomes = await combiner.send('portal', entries, 2, transmit);
		expect(calls).toEqual([['1:m0,m1', '1:m2,m3'], ['1:m4']]);
		expect(outcomes).toHaveLength(5);
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
	});

	it('spaces calls only after a refusal, at the halved pace, until the estimated bucket has drained', async () => {
		let now = 0;
		const waits: number[] = [];
		const combiner = new SendCombiner({
			now: () => now,
			wait: async (ms) => {
				waits.push(ms);
				now += ms;
			},
			pacer: { ratePerSecond: 2, burst: 2, minRatePerSecond: 0.25 },
		});
		let refuseNext = false;
		const transmit: Transmit<Message> = async (commands, hooks) => {
			if (refuseNext) {
				refuseNext = false;
				hooks.onRateLimited();
			}
			return commands.map((command) => ({ ok: true, reply: replyFor(command) }));
		};
		await combiner.send('portal', [entry('1', 'a')], 50, transmit);
		await combiner.send('portal', [entry('1', 'b')], 50, transmit);
		expect(waits).toEqual([]);
		await combiner.send('portal', [entry('1', 'c')], 50, transmit);
		// Past the estimated burst, but the portal has not refused anything: no wait.
		expect(waits).toEqual([]);
		refuseNext = true;
		await combiner.send('portal', [entry('1', 'd')], 50, transmit);
		expect(combiner.paceOf('portal')).toBe(1);
		waits.length = 0;
		await combiner.send('portal', [entry('1', 'e')], 50, transmit);
		// bucket full (refusal) plus the retry: two requests at the halved pace of 1/s.
		expect(waits).toEqual([2000]);
		// An accepted call wins back a tenth of the pace.
		expect(combiner.paceOf('portal')).toBeCloseTo(1.1);
		// Once the estimated bucket has drained, calls go out unspaced again.
		now += 10_000;
		waits.length = 0;
		await combiner.send('portal', [entry('1', 'f')], 50, transmit);
		await combiner.send('portal', [entry('1', 'g')], 50, transmit);
		await combiner.send('portal', [entry('1', 'h')], 50, transmit);
		expect(waits).toEqual([]);
	});
});

describe('RatePacer', () => {
	it('never spaces requests before a refusal; after one, spaces them until the bucket has drained', () => {
		let now = 0;
		const pacer = new RatePacer({ ratePerSecond: 2, burst: 3, minRatePerSecond: 0.5 }, () => now);
		for (let i = 0; i < 5; i++) {
			expect(pacer.delayBeforeNext()).toBe(0);
			pacer.recordRequest();
		}
		pacer.recordRefusal(); // bucket full, pace halved to 1/s
		expect(pacer.delayBeforeNext()).toBe(1000);
		now += 1000;
		expect(pacer.delayBeforeNext()).toBe(0);
		pacer.recordRequest();
		expect(pacer.delayBeforeNext()).toBe(1000);
		now += 10_000; // drained empty: the portal is trusted again
		for (let i = 0; i < 5; i++) {
			expect(pacer.delayBeforeNext()).toBe(0);
			pacer.recordRequest();
		}
	});

	it('drains the estimated bucket at the current pace', () => {
		let now = 0;
		const pacer = new RatePacer({ ratePerSecond: 4, burst: 3, minRatePerSecond: 0.5 }, () => now);
		pacer.recordRefusal(); // level 3 of 3, pace 2/s
		expect(pacer.delayBeforeNext()).toBe(500);
		now += 500;
		expect(pacer.delayBeforeNext()).toBe(0);
		now += 250; // level 1.5: below the burst, no wait (and never a negative one)
		expect(pacer.delayBeforeNext()).toBe(0);
	});

	it('drains up to each request before counting it, at the pace of the time', () => {
		let now = 0;
		const pacer = new RatePacer({ ratePerSecond: 2, burst: 3, minRatePerSecond: 0.5 }, () => now);
		pacer.recordRefusal(); // level 3, pace 1/s
		now += 1000;
		pacer.recordRequest(); // 3 - 1 + 1 = 3
		pacer.recordAccepted(); // pace 1.1/s from here on
		expect(pacer.delayBeforeNext()).toBe(910);
	});

	it('fills the bucket on a refusal from the time of the refusal', () => {
		let now = 0;
		const pacer = new RatePacer({ ratePerSecond: 2, burst: 3, minRatePerSecond: 0.5 }, () => now);
		now += 10_000;
		pacer.recordRefusal();
		expect(pacer.delayBeforeNext()).toBe(1000);
	});

	it('never slows below the minimum and wins the pace back on accepted calls', () => {
		const pacer = new RatePacer({ ratePerSecond: 2, burst: 50, minRatePerSecond: 0.5 }, () => 0);
		for (let i = 0; i < 5; i++) pacer.recordRefusal();
		expect(pacer.pace).toBe(0.5);
		for (let i = 0; i < 40; i++) pacer.recordAccepted();
		expect(pacer.pace).toBe(2);
	});
});
