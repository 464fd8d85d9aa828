import { sleep } from 'n8n-workflow';

/**
 * The delivery gate sits in a webhook trigger, in the instance that receives the webhooks (n8n's main
 * instance in single and in queue mode). It answers two questions before a run is started:
 *
 * - Is this delivery a copy of an event that is being handled, or was handled successfully, a moment ago?
 *   Chat2Desk fires a retry when an attempt outlasts its 10 s timeout, and both services may post an event
 *   twice. A copy of a successful event is answered 200 without a run. A copy of an event whose first
 *   attempt is still running waits for that attempt's outcome: if it succeeded, 200; if it failed, this
 *   copy is the retry and runs. Answering 200 before the outcome is known could lose the event.
 * - Is another delivery of the same chat still running? Runs of one chat are admitted one at a time, in
 *   arrival order, each when the previous one has been answered (the trigger answers when its run is
 *   done). In queue mode the runs execute on workers, but they are admitted here, so a chat never has two
 *   runs at once. Per-chat *message* order comes on top of that from the templates, which send the chat's
 *   unsent messages in Chat2Desk's order, whatever delivery rang the bell.
 *
 * State is in memory: it guards against concurrency and rapid repeats. What survives a restart is the
 * templates' delivery log (an n8n data table), which this gate does not replace.
 */

export interface GateOptions {
	/** How long a delivery may wait for the previous run of its chat (or its first attempt). */
	waitLimitMs: number;
	/** How long a successfully handled event is remembered as done. Chat2Desk retries for up to ~2 h. */
	rememberMs: number;
	/** Upper bound on remembered events; the oldest are forgotten first. */
	maxRemembered: number;
	/** A run whose answer never comes releases its chat after this long. */
	maxRunMs: number;
	now?: () => number;
	wait?: (ms: number) => Promise<void>;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = {
	waitLimitMs: 60_000,
	rememberMs: 6 * 60 * 60 * 1000,
	maxRemembered: 50_000,
	maxRunMs: 15 * 60 * 1000,
};

/** The part of an HTTP response the gate needs: its status and the moment it is ended. */
export interface GateResponse {
	statusCode: number;
	end: (...args: unknown[]) => unknown;
}

export type GateDecision =
	/** Start the run; call `watch(response)` so the gate learns when (and how) it was answered. */
	| { kind: 'run'; waitedMs: number; watch: (response: GateResponse) => void; release: () => void }
	/** A copy of an event that was handled successfully: answer 200, start nothing. */
	| { kind: 'duplicate'; reason: string }
	/** The chat (or the first attempt) did not finish within the wait limit: answer 503, start nothing. */
	| { kind: 'busy'; reason: string; retryAfterSeconds: number };

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

const TIMED_OUT: unique symbol = Symbol('timed out');

export class DeliveryGate {
	private readonly options: GateOptions;
	private readonly now: () => number;
	private readonly wait: (ms: number) => Promise<void>;
	/** Per chat: settles when the last admitted (or queued) delivery of the chat is answered. */
	private readonly chatTails = new Map<string, Promise<void>>();
	/** Per chat: when its latest delivery was admitted (a run that never answers is given up lazily). */
	private readonly admittedAt = new Map<string, number>();
	/** Per event: the outcome (true = answered 2xx) of the attempt that is running now. */
	private readonly running = new Map<string, Promise<boolean>>();
	/** Events answered 2xx recently, with the time they may be forgotten; in insertion order. */
	private readonly done = new Map<string, number>();

	constructor(options: Partial<GateOptions> = {}) {
		this.options = { ...DEFAULT_GATE_OPTIONS, ...options };
		this.now = options.now ?? Date.now;
		this.wait = options.wait ?? sleep;
	}

	/** Number of chats with a delivery queued or running (for tests and logs). */
	get busyChats(): number {
		return this.chatTails.size;
	}

	async enter(chatKey: string, eventKey: string | undefined): Promise<GateDecision> {
		const started = this.now();
		if (eventKey !== undefined) {
			if (this.isDone(eventKey)) {
				return { kind: 'duplicate', reason: 'this event was handled successfully a moment ago' };
			}
			const first = this.running.get(eventKey);
			if (first) {
				const outcome = await this.within(first, this.options.waitLimitMs);
				if (outcome === true) {
					return { kind: 'duplicate', reason: 'the first attempt of this event succeeded meanwhile' };
				}
				if (outcome === TIMED_OUT) {
					return {
						kind: 'busy',
						reason: 'the first attempt of this event is still running',
						retryAfterSeconds: 10,
					};
				}
				// The first attempt failed: this copy is the retry and runs like any delivery.
			}
		}

		const answered = deferred<boolean>();
		// A run whose answer never came (n8n lost it) releases its chat after maxRunMs: checked here
		// rather than with a timer per run, so nothing keeps the instance busy.
		const lastAdmitted = this.admittedAt.get(chatKey);
		if (lastAdmitted !== undefined && this.now() - lastAdmitted > this.options.maxRunMs) {
			this.chatTails.delete(chatKey);
		}
		const previous = this.chatTails.get(chatKey) ?? Promise.resolve();
		const tail = previous.then(() => answered.promise.then(() => undefined));
		this.chatTails.set(chatKey, tail);
		void tail.then(() => {
			if (this.chatTails.get(chatKey) === tail) {
				this.chatTails.delete(chatKey);
				this.admittedAt.delete(chatKey);
			}
		});
		if (eventKey !== undefined) this.running.set(eventKey, answered.promise);

		let settled = false;
		const settle = (ok: boolean) => {
			if (settled) return;
			settled = true;
			if (eventKey !== undefined) {
				if (this.running.get(eventKey) === answered.promise) this.running.delete(eventKey);
				if (ok) this.remember(eventKey);
			}
			answered.resolve(ok);
		};

		const turn = await this.within(previous, Math.max(0, this.options.waitLimitMs - (this.now() - started)));
		if (turn === TIMED_OUT) {
			// Give the place up at once, so deliveries queued behind this one wait only for the real runs.
			settle(false);
			return {
				kind: 'busy',
				reason: 'the previous run of this chat is still running',
				retryAfterSeconds: 10,
			};
		}

		this.admittedAt.set(chatKey, this.now());
		const watch = (response: GateResponse) => {
			const originalEnd = response.end.bind(response);
			response.end = (...args: unknown[]) => {
				const result = originalEnd(...args);
				settle(response.statusCode >= 200 && response.statusCode < 300);
				return result;
			};
		};
		return { kind: 'run', waitedMs: this.now() - started, watch, release: () => settle(false) };
	}

	private isDone(eventKey: string): boolean {
		const until = this.done.get(eventKey);
		if (until === undefined) return false;
		if (until > this.now()) return true;
		this.done.delete(eventKey);
		return false;
	}

	private remember(eventKey: string): void {
		this.done.delete(eventKey);
		this.done.set(eventKey, this.now() + this.options.rememberMs);
		const now = this.now();
		for (const [key, until] of this.done) {
			if (this.done.size <= this.options.maxRemembered && until > now) break;
			this.done.delete(key);
		}
	}

	private async within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
		if (ms <= 0) {
			// Still take an already settled promise.
			return await Promise.race<T | typeof TIMED_OUT>([promise, Promise.resolve(TIMED_OUT)]);
		}
		return await Promise.race<T | typeof TIMED_OUT>([
			promise,
			this.wait(ms).then(() => TIMED_OUT),
		]);
	}
}

/** The prefix that keeps one workflow's trigger from waiting for another's: workflow id and node id. */
export function gateScope(context: {
	getWorkflow(): { id?: string };
	getNode(): { id?: string; name: string };
}): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

/**
 * One gate per instance: n8n loads a node's module once, and every workflow's trigger shares it. Keys are
 * prefixed with the workflow and node, so two workflows never wait for each other.
 */
export const deliveryGate = new DeliveryGate();
