// Small child-process helpers: run a command to completion with its output in a log file, and kill a
// whole process group.
const fs = require('fs');
const { spawn } = require('child_process');

/** Last `lines` lines of a text (or of a file, when `file` is a path that exists). */
function tail(text, lines = 60) {
	const all = String(text || '').split('\n');
	return all.slice(Math.max(0, all.length - lines)).join('\n');
}

function tailFile(file, lines = 60) {
	try {
		return tail(fs.readFileSync(file, 'utf8'), lines);
	} catch {
		return '';
	}
}

/**
 * Runs `command args` in `cwd` with `env`, appending stdout and stderr to `logFile`. Resolves when it
 * exits with 0; rejects with the log tail otherwise. The child gets its own process group and is
 * killed with it if this process exits first.
 */
function run(command, args, { cwd, env, logFile, timeoutMs = 20 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		const cleanup = () => killGroup(child.pid, 'SIGKILL');
		process.once('exit', cleanup);
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			process.removeListener('exit', cleanup);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			process.removeListener('exit', cleanup);
			fs.closeSync(out);
			if (code === 0) return resolve();
			reject(
				new Error(
					`${command} ${args.join(' ')} failed (${signal || `exit code ${code}`}); see ${logFile}\n` +
						tailFile(logFile, 40),
				),
			);
		});
	});
}

/** Sends `signal` to the process group led by `pid` (falls back to the process alone). */
function killGroup(pid, signal = 'SIGTERM', { groupOnly = false } = {}) {
	if (!pid) return false;
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		if (groupOnly) return false;
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { run, killGroup, isAlive, tail, tailFile, sleep };
