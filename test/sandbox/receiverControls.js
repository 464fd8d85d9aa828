'use strict';
// What the simulators' test receivers share: waiting for recorded requests, clearing and closing.
// Plain JS because it needs timers.

/** `received` is the receiver's request list; call `notify()` after every request is recorded. */
function receiverControls(server, received) {
	const waiters = [];
	const concurrency = { now: 0, max: 0 };
	return {
		/** Call when a request arrives and when it is answered; `maxInFlight()` is the peak overlap. */
		requestStarted() {
			concurrency.now += 1;
			concurrency.max = Math.max(concurrency.max, concurrency.now);
		},
		requestEnded() {
			concurrency.now -= 1;
		},
		maxInFlight() {
			return concurrency.max;
		},
		notify() {
			for (const waiter of waiters.slice()) waiter.check();
		},
		/** Resolves with the requests once `predicate(received)` holds (default: at least `count`). */
		waitFor(countOrPredicate, timeoutMs = 3000) {
			const predicate =
				typeof countOrPredicate === 'function'
					? countOrPredicate
					: (list) => list.length >= countOrPredicate;
			return new Promise((resolve, reject) => {
				const waiter = {
					check() {
						if (predicate(received)) {
							clearTimeout(timer);
							waiters.splice(waiters.indexOf(waiter), 1);
							resolve(received.slice());
						}
					},
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(
						new Error(
							`Receiver timed out after ${timeoutMs} ms with ${received.length} request(s)`,
						),
					);
				}, timeoutMs);
				waiters.push(waiter);
				waiter.check();
			});
		},
		clear() {
			received.length = 0;
			concurrency.max = concurrency.now;
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
			});
		},
	};
}

module.exports = { receiverControls };
