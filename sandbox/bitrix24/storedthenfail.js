'use strict';
// "Stored, then failed": a REST call that the portal fully applies (messages stored, fields written,
// events fired) but whose answer never reaches the caller intact, as when a proxy in front of the
// portal gives up (504), the portal crashes after committing (500) or the connection just dies
// (timeout). A client that retries such a call must not create duplicates.
//
// Applies to top-level calls only: a `batch` sub-command is never picked on its own (the batch
// itself is picked when `batch` is in `storedThenFailMethods`), because a proxy fails the whole
// HTTP exchange, not one command inside it.

const GATEWAY_TIMEOUT_PAGE =
	'<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n' +
	'<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function createStoredThenFail(core) {
	const held = new Set(); // sockets held open by the `timeout` failure

	/** Decides (and counts) whether this successful top-level call is answered with an error. */
	function pick(method) {
		const config = core.config;
		const name = String(method).toLowerCase();
		if (!config.storedThenFailMethods.includes(name)) return false;
		if (config.storedThenFailCount > 0) {
			config.storedThenFailCount -= 1;
			return true;
		}
		return core.random.chance(config.storedThenFailRate);
	}

	/** Writes the failure reply (or holds and then drops the connection). Returns the status logged. */
	function reply(req, res) {
		const failure = core.config.storedThenFailure;
		if (failure === 'timeout') {
			const socket = req.socket;
			held.add(socket);
			const timer = setTimeout(() => {
				held.delete(socket);
				socket.destroy();
			}, core.config.storedThenFailHoldMs);
			socket.once('close', () => {
				clearTimeout(timer);
				held.delete(socket);
			});
			return 0;
		}
		if (failure === '500') {
			const text = JSON.stringify({
				error: 'INTERNAL_SERVER_ERROR',
				error_description: 'Internal server error',
			});
			res.writeHead(500, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(text),
			});
			res.end(text);
			return 500;
		}
		res.writeHead(504, {
			'Content-Type': 'text/html',
			'Content-Length': Buffer.byteLength(GATEWAY_TIMEOUT_PAGE),
		});
		res.end(GATEWAY_TIMEOUT_PAGE);
		return 504;
	}

	/** Drops every held connection (reset, close). */
	function reset() {
		for (const socket of held) socket.destroy();
		held.clear();
	}

	return { pick, reply, reset };
}

module.exports = { createStoredThenFail, GATEWAY_TIMEOUT_PAGE };
