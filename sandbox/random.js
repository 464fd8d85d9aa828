'use strict';
// A small seedable PRNG (mulberry32) shared by the simulators, so that the unfriendly delivery modes
// (shuffles, duplicates, stored-then-failed calls) give the same sequence for the same seed.

/** Returns `{ next(): number in [0, 1), int(maxExclusive), chance(rate), shuffle(list) }`. */
function createRandom(seed) {
	let state = Number.isFinite(Number(seed)) ? Number(seed) >>> 0 : 1;
	function next() {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	return {
		next,
		/** An integer in [0, maxExclusive). */
		int(maxExclusive) {
			return Math.floor(next() * Math.max(0, maxExclusive));
		},
		/** True with probability `rate` (0 never draws, so a rate of 0 leaves the sequence untouched). */
		chance(rate) {
			if (!(rate > 0)) return false;
			if (rate >= 1) return true;
			return next() < rate;
		},
		/** Fisher–Yates, in place; returns the list. */
		shuffle(list) {
			for (let i = list.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[list[i], list[j]] = [list[j], list[i]];
			}
			return list;
		},
	};
}

module.exports = { createRandom };
