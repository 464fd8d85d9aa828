/**
 * Combining the `imconnector.send.messages` of concurrent runs. Pure module: no n8n, no HTTP, no timers
 * of its own (the wait and the clock are passed in).
 *
 * Bitrix24 allows about 2 requests per second per portal (leaky bucket, burst 50), while one
 * `imconnector.send.messages` carries many messages (and chats) and one `batch` carries 50 commands. A run
 * that sends its own message alone spends a whole request on it; under load the portal refuses the rest.
 * So the runs of one n8n instance hand their messages to a *lane* (one per portal and credential):
 *
 * - at most one call is in flight per lane; messages that arrive meanwhile wait and join the next call;
 * - the run that finds the lane free (or is first in line when it frees up) makes the next call with its
 *   own n8n context, for everyone waiting: it "leads" that call;
 * - a call is planned as commands (one per connector and line, up to a number of messages each), at most
 *   50 commands per HTTP request; the caller sends one command as a plain call and more as a `batch`;
 * - after the portal refuses a call (503), calls are paced against an estimate of its bucket, which the
 *   refusal fills up and slows;
 * - every run gets back exactly the outcome of each of its own messages, in its own order.
 */
import { messageResults } from './connectorMessages';

/** One message of a run, addressed to a connector and an Open Line. */
export interface SendEntry<M> {
	connector: string;
	line: string;
	message: M;
}

/** One `imconnector.send.messages` of a planned call: messages of one connector and line, in order. */
export interface PlannedCommand<M> {
	connector: string;
	line: string;
	messages: M[];
}

/** What became of one command: the method's reply, or an error for the whole command. */
export type CommandOutcome = { ok: true; reply: unknown } | { ok: false; error: unknown };

/**
 * What became of one message: its element of the reply's `DATA.RESULT` (undefined when the reply has none
 * for it) with the whole reply, or the error of its command.
 */
export type EntryOutcome =
	| { ok: true; itemResult: unknown; reply: unknown }
	| { ok: false; error: unknown };

/** Makes one HTTP call for the planned commands; resolves with one outcome per command, in order. */
export type Transmit<M> = (
	commands: Array<PlannedCommand<M>>,
	hooks: { onRateLimited: () => void },
) => Promise<CommandOutcome[]>;

export const MAX_COMMANDS_PER_CALL = 50;

/** Per message, the job and the position in it: what a command was made of. */
interface Member {
	job: Job<unknown>;
	entry: number;
}

interface Job<M> {
	entries: Array<SendEntry<M>>;
	/** Most messages one command of this job may carry (the node's "Messages per Call"). */
	messagesPerCommand: number;
	/** Next entry not yet planned into a call. */
	next: number;
	outcomes: EntryOutcome[];
	remaining: number;
}

interface PlannedCall<M> {
	commands: Array<PlannedCommand<M>>;
	members: Member[][];
}

/**
 * Plans the next call from the waiting jobs, oldest first: each job's messages in its order, into the
 * open command of the same connector and line while it has room (the smaller of the two jobs' limits),
 * else into a new command, up to `maxCommands`. A job that does not fit keeps its remaining messages for
 * the next call. Advances `next` of the jobs it takes from.
 */
export function planCall<M>(jobs: Array<Job<M>>, maxCommands = MAX_COMMANDS_PER_CALL): PlannedCall<M> {
	const commands: Array<PlannedCommand<M>> = [];
	const members: Member[][] = [];
	const limits: number[] = [];
	const open = new Map<string, number>();
	for (const job of jobs) {
		while (job.next < job.entries.length) {
			const entry = job.entries[job.next];
			const key = `${entry.connector}\u0000${entry.line}`;
			const index = open.get(key);
			const limit = Math.max(1, Math.floor(job.messagesPerCommand));
			if (
				index !== undefined &&
				commands[index].messages.length < Math.min(limits[index], limit)
			) {
				commands[index].messages.push(entry.message);
				members[index].push({ job: job as Job<unknown>, entry: job.next });
				limits[index] = Math.min(limits[index], limit);
			} else {
				if (commands.length >= maxCommands) return { commands, members };
				open.set(key, commands.length);
				commands.push({ connector: entry.connector, line: entry.line, messages: [entry.message] });
				members.push([{ job: job as Job<unknown>, entry: job.next }]);
				limits.push(limit);
			}
			job.next++;
		}
	}
	return { commands, members };
}

/**
 * Hands each message its outcome: the reply's `DATA.RESULT[i]` for the i-th message of a command, or the
 * command's error. A missing outcome (a transmit that answered for fewer commands) becomes an error, so no
 * run waits for ever.
 */
export function distribute<M>(call: PlannedCall<M>, outcomes: CommandOutcome[]): void {
	const settle = (member: Member, outcome: EntryOutcome) => {
		member.job.outcomes[member.entry] = outcome;
		member.job.remaining--;
	};
	call.members.forEach((members, index) => {
		const outcome: CommandOutcome = outcomes[index] ?? {
			ok: false,
			error: new Error('No outcome for this command'),
		};
		if (!outcome.ok) {
			for (const member of members) settle(member, { ok: false, error: outcome.error });
			return;
		}
		const results = messageResults(outcome.reply);
		members.forEach((member, position) =>
			settle(member, { ok: true, itemResult: results[position], reply: outcome.reply }),
		);
	});
}

export interface PacerOptions {
	/** Requests per second the portal drains (Bitrix24: 2; Enterprise plans: 5). */
	ratePerSecond: number;
	/** Requests the bucket holds before the portal refuses (Bitrix24: 50). */
	burst: number;
	/** Slowest pace the pacer slows down to after refusals. */
	minRatePerSecond: number;
}

export const DEFAULT_PACER_OPTIONS: PacerOptions = { ratePerSecond: 2, burst: 50, minRatePerSecond: 0.25 };

/**
 * Estimate of the portal's leaky bucket as seen from this n8n instance. Other instances (queue-mode workers,
 * other apps on the same portal) fill the same bucket unseen, so a refusal counts as proof that the bucket
 * is full: the estimate is set to full and the pace is halved; each accepted call wins a little back.
 *
 * Nothing is spaced until the portal refuses a request: its real limit depends on the plan (2/s, 5/s on
 * Enterprise) and on what else uses it, and a refusal (503 QUERY_LIMIT_EXCEEDED) is rejected before
 * processing, so the transport repeats it safely. After a refusal, requests are spaced at the estimated
 * pace until the estimated bucket has drained empty; then the portal is trusted again.
 */
export class RatePacer {
	private level = 0;
	/** The portal refused a request and the estimated bucket has not drained since. */
	private limited = false;
	private at: number;
	private rate: number;

	constructor(
		private readonly options: PacerOptions = DEFAULT_PACER_OPTIONS,
		private readonly now: () => number = Date.now,
	) {
		this.at = now();
		this.rate = options.ratePerSecond;
	}

	/** Current pace estimate, requests per second. */
	get pace(): number {
		return this.rate;
	}

	private drain(): void {
		const now = this.now();
		this.level = Math.max(0, this.level - ((now - this.at) / 1000) * this.rate);
		this.at = now;
		if (this.level === 0) this.limited = false;
	}

	/** Milliseconds to wait before the next request fits the estimated bucket. */
	delayBeforeNext(): number {
		this.drain();
		if (!this.limited) return 0;
		const excess = this.level + 1 - this.options.burst;
		return Math.max(0, Math.ceil((excess / this.rate) * 1000));
	}

	/** A request is being made. */
	recordRequest(): void {
		this.drain();
		this.level += 1;
	}

	/** A request was accepted: win back some pace lost to refusals. */
	recordAccepted(): void {
		this.rate = Math.min(this.options.ratePerSecond, this.rate * 1.1);
	}

	/** The portal refused a request for its rate limit. */
	recordRefusal(): void {
		this.drain();
		this.level = this.options.burst;
		this.limited = true;
		this.rate = Math.max(this.options.minRatePerSecond, this.rate / 2);
	}
}

export interface CombinerOptions {
	maxCommandsPerCall: number;
	/** The portal's limit to pace against; null: no pacing (the transport's retries on 503 only). */
	pacer: PacerOptions | null;
	now: () => number;
	wait: (ms: number) => Promise<void>;
}

interface Lane {
	pending: Array<Job<unknown>>;
	busy: boolean;
	waiters: Array<() => void>;
	pacer: RatePacer | undefined;
	/** When the lane was last used (lanes of portals no longer sent to are forgotten). */
	usedAt: number;
}

/** Lanes idle for this long are dropped with their pacing estimate. */
const LANE_IDLE_MS = 10 * 60 * 1000;

export class SendCombiner {
	private readonly lanes = new Map<string, Lane>();
	private readonly options: CombinerOptions;

	constructor(options: Partial<CombinerOptions> & Pick<CombinerOptions, 'wait'>) {
		this.options = {
			maxCommandsPerCall: MAX_COMMANDS_PER_CALL,
			pacer: DEFAULT_PACER_OPTIONS,
			now: Date.now,
			...options,
		};
	}

	/**
	 * Number of lanes with a call planned or in flight (for tests). Messages wait only on a busy lane:
	 * a run that finds its lane free leads at once.
	 */
	get activeLanes(): number {
		return [...this.lanes.values()].filter((lane) => lane.busy).length;
	}

	/** The pacing estimate of a lane (for tests and logs). */
	paceOf(laneKey: string): number | undefined {
		return this.lanes.get(laneKey)?.pacer?.pace;
	}

	/**
	 * Sends `entries` together with whatever other runs have waiting on the same lane; resolves with one
	 * outcome per entry, in order. `transmit` is this run's way to make a call: used only if this run leads
	 * one.
	 */
	async send<M>(
		laneKey: string,
		entries: Array<SendEntry<M>>,
		messagesPerCommand: number,
		transmit: Transmit<M>,
	): Promise<EntryOutcome[]> {
		// Nothing to send touches no lane.
		if (entries.length === 0) return [];
		const job: Job<M> = {
			entries,
			messagesPerCommand,
			next: 0,
			// Filled by position as the calls answer; complete once `remaining` is 0.
			outcomes: [],
			remaining: entries.length,
		};
		const lane = this.lane(laneKey);
		lane.pending.push(job as Job<unknown>);
		while (job.remaining > 0) {
			if (lane.busy) {
				await new Promise<void>((resolve) => lane.waiters.push(resolve));
				continue;
			}
			lane.busy = true;
			try {
				await this.lead(lane, transmit as Transmit<unknown>);
			} finally {
				lane.busy = false;
				lane.usedAt = this.options.now();
				// Everyone waiting looks again: finished runs return, the first unfinished one leads.
				const waiters = lane.waiters.splice(0);
				for (const wake of waiters) wake();
			}
		}
		return job.outcomes;
	}

	private lane(key: string): Lane {
		const now = this.options.now();
		// A lane with messages waiting is busy, or was used just now (`usedAt` is set when a call ends).
		for (const [other, lane] of this.lanes) {
			if (!lane.busy && now - lane.usedAt > LANE_IDLE_MS) this.lanes.delete(other);
		}
		let lane = this.lanes.get(key);
		if (!lane) {
			lane = {
				pending: [],
				busy: false,
				waiters: [],
				pacer: this.options.pacer ? new RatePacer(this.options.pacer, this.options.now) : undefined,
				usedAt: now,
			};
			this.lanes.set(key, lane);
		}
		return lane;
	}

	/** One call for what is waiting, after the pace allows it (messages arriving meanwhile join it). */
	private async lead(lane: Lane, transmit: Transmit<unknown>): Promise<void> {
		const delay = lane.pacer?.delayBeforeNext() ?? 0;
		if (delay > 0) await this.options.wait(delay);
		const call = planCall(lane.pending, this.options.maxCommandsPerCall);
		lane.pending = lane.pending.filter((job) => job.next < job.entries.length);
		if (call.commands.length === 0) return;
		lane.pacer?.recordRequest();
		let refused = false;
		let outcomes: CommandOutcome[];
		try {
			outcomes = await transmit(call.commands, {
				onRateLimited: () => {
					refused = true;
					lane.pacer?.recordRefusal();
					lane.pacer?.recordRequest();
				},
			});
		} catch (error) {
			outcomes = call.commands.map(() => ({ ok: false, error }));
		}
		if (!refused) lane.pacer?.recordAccepted();
		distribute(call, outcomes);
	}
}
