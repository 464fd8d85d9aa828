'use strict';
// Leaky bucket per client (app or webhook): +1 per HTTP request, drains `drainPerSecond`; a request
// that would lift the level above `burst` is refused (HTTP 503 QUERY_LIMIT_EXCEEDED). `batch` is one request.

function createRateLimiter(getConfig) {
	const buckets = new Map();

	/** @returns {boolean} true when the request may proceed */
	function take(key, now = Date.now()) {
		const { enabled, drainPerSecond, burst } = getConfig();
		if (!enabled) return true;
		const bucket = buckets.get(key) || { level: 0, at: now };
		bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * drainPerSecond);
		bucket.at = now;
		buckets.set(key, bucket);
		if (bucket.level + 1 > burst) return false;
		bucket.level += 1;
		return true;
	}

	function snapshot() {
		const out = {};
		for (const [key, bucket] of buckets) out[key] = Number(bucket.level.toFixed(3));
		return out;
	}

	function reset() {
		buckets.clear();
	}

	return { take, snapshot, reset };
}

module.exports = { createRateLimiter };
