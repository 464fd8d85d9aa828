#!/usr/bin/env node
// `npm run screenshots`: docs/screenshots/<template>.png — each template as the n8n editor draws it.
//
// Needs the running demo (`npm run demo` in another terminal) and a Chromium (Debian:
// `apt-get install chromium`; or set CHROMIUM=/path/to/chrome). Each template is imported as shipped
// (unpublished, credentials pointed at the demo's) into the demo's n8n, shot, and deleted again — so
// the pictures show the templates, not the demo's changes to them. Chromium runs headless and is
// driven over its DevTools protocol (Node's built-in WebSocket, no extra package): sign in as the
// demo's owner, open /workflow/<id>, wait for the canvas, zoom to fit, 1600×900 PNG.
//
// Options: --out <dir>   where to write the PNGs (default docs/screenshots)
//          --only <key>  one template: setup, inbound, outbound or crm
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { loadWorkflow, rewriteCredentials, toApiWorkflow } = require('./n8n/workflows');

const ROOT = path.resolve(__dirname, '..');
const STATE_FILE = path.join(ROOT, '.demo', 'demo.json');
const WIDTH = 1600;
const HEIGHT = 900;
const TEMPLATES = {
	setup: 'setup-open-lines-connector',
	inbound: 'chat2desk-to-open-lines',
	outbound: 'open-lines-to-chat2desk',
	crm: 'open-lines-crm-fields',
};

const log = (message) => process.stderr.write(`[screenshots] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseArgs(argv) {
	const args = { out: path.join(ROOT, 'docs', 'screenshots'), only: '' };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
		else if (argv[i] === '--only') args.only = argv[++i];
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	return args;
}

function findChromium() {
	const candidates = [
		process.env.CHROMIUM,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
		'/usr/bin/google-chrome',
	].filter(Boolean);
	const found = candidates.find((candidate) => fs.existsSync(candidate));
	if (!found) {
		throw new Error(
			'no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM=<path>',
		);
	}
	return found;
}

/** Starts headless Chromium on a free DevTools port; resolves `{ws, process, profile}`. */
async function launchChromium() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshots-'));
	const child = spawn(
		findChromium(),
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			'--hide-scrollbars',
			`--user-data-dir=${profile}`,
			`--window-size=${WIDTH},${HEIGHT}`,
			'--remote-debugging-port=0',
			'about:blank',
		],
		{ stdio: ['ignore', 'ignore', 'pipe'], detached: true },
	);
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const portFile = path.join(profile, 'DevToolsActivePort');
	const deadline = Date.now() + 30000;
	while (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8').split('\n').length < 2) {
		if (child.exitCode !== null) throw new Error(`Chromium exited: ${stderr.slice(-800)}`);
		if (Date.now() > deadline)
			throw new Error(`Chromium did not open DevTools: ${stderr.slice(-800)}`);
		await sleep(100);
	}
	const [port, browserPath] = fs.readFileSync(portFile, 'utf8').trim().split('\n');
	return { url: `ws://127.0.0.1:${port}${browserPath}`, child, profile };
}

/** A minimal DevTools protocol client over one browser WebSocket (flat sessions). */
async function connect(url) {
	const socket = new WebSocket(url);
	await new Promise((resolve, reject) => {
		socket.addEventListener('open', resolve, { once: true });
		socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), {
			once: true,
		});
	});
	let nextId = 1;
	const pending = new Map();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(typeof event.data === 'string' ? event.data : String(event.data));
		if (message.id && pending.has(message.id)) {
			const { resolve, reject, method } = pending.get(message.id);
			pending.delete(message.id);
			if (message.error) reject(new Error(`${method}: ${message.error.message}`));
			else resolve(message.result);
		}
	});
	const send = (method, params = {}, sessionId) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject, method });
			socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		});
	return { send, close: () => socket.close() };
}

/** Deletes a workflow copy (n8n 2.x archives a workflow before it can be deleted). */
async function removeCopy(api, id) {
	if (!id) return;
	await api('POST', `/workflows/${id}/archive`).catch(() => null);
	await api('DELETE', `/workflows/${id}`);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	let state;
	try {
		state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		throw new Error('no demo found: start it first with `npm run demo`');
	}
	const health = await fetch(`${state.n8nUrl}/healthz`).catch(() => null);
	if (!health || !health.ok)
		throw new Error(`n8n does not answer at ${state.n8nUrl}: is \`npm run demo\` running?`);

	const keys = Object.keys(TEMPLATES).filter((key) => !args.only || key === args.only);
	fs.mkdirSync(args.out, { recursive: true });
	const cleanupIds = [];
	let api = async () => null;
	const chromium = await launchChromium();
	const cdp = await connect(chromium.url);
	try {
		const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
		const page = (method, params) => cdp.send(method, params, sessionId);
		const evaluate = async (expression) => {
			const result = await page('Runtime.evaluate', {
				expression,
				awaitPromise: true,
				returnByValue: true,
			});
			if (result.exceptionDetails) {
				throw new Error(
					`page: ${result.exceptionDetails.exception?.description || result.exceptionDetails.text}`,
				);
			}
			return result.result.value;
		};
		const waitFor = async (what, expression, timeoutMs = 30000) => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const value = await evaluate(expression).catch(() => undefined);
				if (value) return value;
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
				await sleep(250);
			}
		};
		await page('Page.enable');
		await page('Runtime.enable');
		await page('Emulation.setDeviceMetricsOverride', {
			width: WIDTH,
			height: HEIGHT,
			deviceScaleFactor: 1,
			mobile: false,
		});

		// Sign in the way the editor does: same origin, with the editor's browser id.
		await page('Page.navigate', { url: `${state.n8nUrl}/signin` });
		await waitFor('the sign-in page', 'document.readyState === "complete"');
		const signedIn = await evaluate(`(async () => {
			let id = localStorage.getItem('n8n-browserId');
			if (!id) { id = crypto.randomUUID(); localStorage.setItem('n8n-browserId', id); }
			const response = await fetch('/rest/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': id },
				body: JSON.stringify(${JSON.stringify({ emailOrLdapLoginId: state.owner.email, password: state.owner.password })}),
			});
			return response.status;
		})()`);
		if (signedIn !== 200) throw new Error(`sign-in as ${state.owner.email} answered ${signedIn}`);

		api = async (method, route, body) => {
			const response = await fetch(`${state.n8nUrl}/api/v1${route}`, {
				method,
				headers: { 'x-n8n-api-key': state.apiKey, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (!response.ok)
				throw new Error(`${method} /api/v1${route} -> ${response.status}: ${text.slice(0, 300)}`);
			return text ? JSON.parse(text) : null;
		};
		for (const key of keys) {
			const definition = rewriteCredentials(
				loadWorkflow(`workflows/${TEMPLATES[key]}.json`),
				state.credentials || [],
			);
			const workflow = await api('POST', '/workflows', toApiWorkflow(definition));
			cleanupIds.push(workflow.id);
			const nodeCount = definition.nodes.length;
			await page('Page.navigate', { url: `${state.n8nUrl}/workflow/${workflow.id}` });
			await waitFor(
				`the canvas of "${workflow.name}" (${nodeCount} nodes)`,
				`document.querySelectorAll('.vue-flow__node').length >= ${nodeCount}`,
				60000,
			);
			// Let the canvas settle (icons, edges, fonts), close anything that pops up, then fit.
			await sleep(1500);
			await evaluate(`(() => {
				for (const el of document.querySelectorAll('[data-test-id="close-button"], .el-dialog__headerbtn, .el-message-box__headerbtn')) el.click();
				return true;
			})()`);
			await page('Input.dispatchKeyEvent', {
				type: 'keyDown',
				key: 'Escape',
				code: 'Escape',
				windowsVirtualKeyCode: 27,
			});
			await page('Input.dispatchKeyEvent', {
				type: 'keyUp',
				key: 'Escape',
				code: 'Escape',
				windowsVirtualKeyCode: 27,
			});
			const fitted = await evaluate(`(() => {
				const button = document.querySelector('[data-test-id="zoom-to-fit"]');
				if (button) { button.click(); return 'button'; }
				return '';
			})()`);
			if (!fitted) {
				// The editor's "zoom to fit" shortcut is the 1 key on the canvas.
				await page('Input.dispatchMouseEvent', { type: 'mouseMoved', x: WIDTH / 2, y: HEIGHT / 2 });
				await page('Input.dispatchKeyEvent', {
					type: 'keyDown',
					key: '1',
					code: 'Digit1',
					text: '1',
					windowsVirtualKeyCode: 49,
				});
				await page('Input.dispatchKeyEvent', {
					type: 'keyUp',
					key: '1',
					code: 'Digit1',
					windowsVirtualKeyCode: 49,
				});
			}
			await sleep(1000);
			// Fit-to-view can leave nodes under the floating "Execute workflow" button or the zoom
			// controls: zoom out a step at a time until no node touches them (and never above 100 %).
			for (let i = 0; i < 4; i++) {
				const covered = await evaluate(`(() => {
					const pane = document.querySelector('.vue-flow__transformationpane');
					const match = pane && /scale\\(([0-9.]+)\\)/.exec(pane.style.transform);
					if (match && Number(match[1]) > 1.05) return true;
					const overlays = [...document.querySelectorAll('[data-test-id="execute-workflow-button"], [data-test-id="canvas-controls"]')]
						.map((element) => element.getBoundingClientRect());
					// A node's label is drawn below its box: count 56 px for it (sticky notes have none).
					const hits = (a, b, below) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom + below;
					return [...document.querySelectorAll('.vue-flow__node')].some((node) => {
						const box = node.getBoundingClientRect();
						const below = node.querySelector('[data-test-id="sticky"]') ? 0 : 56;
						return overlays.some((overlay) => hits(box, overlay, below));
					});
				})()`);
				if (!covered) break;
				await evaluate(
					`document.querySelector('[data-test-id="zoom-out-button"]')?.click() ?? true`,
				);
				await sleep(400);
			}
			await sleep(800);
			const shot = await page('Page.captureScreenshot', {
				format: 'png',
				clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT, scale: 1 },
			});
			const file = path.join(args.out, `${TEMPLATES[key]}.png`);
			fs.writeFileSync(file, Buffer.from(shot.data, 'base64'));
			log(`${path.relative(ROOT, file)}: "${workflow.name}" (${nodeCount} nodes)`);
			await removeCopy(api, cleanupIds.pop());
		}
	} finally {
		for (const id of cleanupIds) await removeCopy(api, id).catch(() => {});
		cdp.close();
		try {
			process.kill(-chromium.child.pid, 'SIGKILL');
		} catch {
			chromium.child.kill('SIGKILL');
		}
		await sleep(200);
		fs.rmSync(chromium.profile, { recursive: true, force: true });
	}
}

main().catch((error) => {
	log(error.message);
	process.exit(1);
});
