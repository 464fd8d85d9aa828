#!/usr/bin/env node
// `npm run sandbox`: starts the Chat2Desk and Bitrix24 simulators on loopback and keeps them running.
// Ports come from CHAT2DESK_SIM_PORT / BITRIX24_SIM_PORT (defaults 4010 / 4020); all state is in memory.
//
// Modes ("known unknowns", see sandbox/profiles.js and the simulators' READMEs), from the environment
// or the command line (the command line wins):
//   SIM_PROFILE=hostile             --profile hostile         preset for both simulators (default friendly)
//   SIM_SEED=7                      --seed 7                  PRNG seed for both simulators
//   CHAT2DESK_SIM_CONFIG='{"…"}'    --chat2desk '{"…"}'       Chat2Desk options (JSON), over the profile
//   BITRIX24_SIM_CONFIG='{"…"}'     --bitrix24 '{"…"}'        Bitrix24 options (JSON), over the profile
// e.g. `SIM_PROFILE=hostile CHAT2DESK_SIM_CONFIG='{"signatureMode":"off"}' npm run sandbox`.
// Everything can also be changed at run time with `POST /_sim/config` on either simulator.
const { createChat2DeskSimulator } = require('./chat2desk');
const { createBitrix24Simulator } = require('./bitrix24');

/** `--name value` / `--name=value` pairs of the flags above. */
function parseArgs(argv) {
	const known = ['profile', 'seed', 'chat2desk', 'bitrix24'];
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const match = /^--([a-z0-9]+)(?:=(.*))?$/.exec(argv[i]);
		if (!match || !known.includes(match[1])) throw new Error(`Unknown argument ${argv[i]}`);
		const value = match[2] !== undefined ? match[2] : argv[++i];
		if (value === undefined) throw new Error(`--${match[1]} needs a value`);
		out[match[1]] = value;
	}
	return out;
}

function parseJsonOptions(text, name) {
	if (text === undefined || text === '') return {};
	let value;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`${name} is not valid JSON: ${error.message}`);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw new Error(`${name} must be a JSON object`);
	return value;
}

/** The options each simulator is created with, from the environment and the command line. */
function sandboxOptions(env = process.env, argv = []) {
	const args = parseArgs(argv);
	const profile = args.profile || env.SIM_PROFILE || undefined;
	const seedText = args.seed !== undefined ? args.seed : env.SIM_SEED;
	const modes = {};
	if (profile) modes.profile = profile;
	if (seedText !== undefined && seedText !== '') modes.seed = Number(seedText);
	return {
		chat2desk: {
			token: env.CHAT2DESK_SIM_TOKEN || 'sandbox-token',
			...modes,
			...parseJsonOptions(
				args.chat2desk !== undefined ? args.chat2desk : env.CHAT2DESK_SIM_CONFIG,
				'CHAT2DESK_SIM_CONFIG',
			),
		},
		bitrix24: {
			clientId: env.BITRIX24_SIM_CLIENT_ID || 'sandbox-client',
			clientSecret: env.BITRIX24_SIM_CLIENT_SECRET || 'sandbox-secret',
			webhookCode: env.BITRIX24_SIM_WEBHOOK_CODE || 'sandbox-webhook',
			...modes,
			...parseJsonOptions(
				args.bitrix24 !== undefined ? args.bitrix24 : env.BITRIX24_SIM_CONFIG,
				'BITRIX24_SIM_CONFIG',
			),
		},
	};
}

/** A typo in a JSON option would otherwise be ignored silently. */
function rejectUnknownKeys(options, config, name) {
	const unknown = Object.keys(options).filter((key) => !(key in config));
	if (unknown.length > 0) throw new Error(`${name}: unknown option(s) ${unknown.join(', ')}`);
}

async function startSandbox(env = process.env, argv = []) {
	const host = env.SANDBOX_HOST || '127.0.0.1';
	const options = sandboxOptions(env, argv);
	const chat2desk = createChat2DeskSimulator(options.chat2desk);
	const bitrix24 = createBitrix24Simulator(options.bitrix24);
	rejectUnknownKeys(options.chat2desk, chat2desk.config, 'Chat2Desk simulator');
	rejectUnknownKeys(options.bitrix24, bitrix24.config, 'Bitrix24 simulator');
	const chat2deskUrl = await chat2desk.listen(Number(env.CHAT2DESK_SIM_PORT || 4010), host);
	const bitrix24Url = await bitrix24.listen(Number(env.BITRIX24_SIM_PORT || 4020), host);
	return {
		chat2desk,
		bitrix24,
		chat2deskUrl,
		bitrix24Url,
		async close() {
			await Promise.all([chat2desk.close(), bitrix24.close()]);
		},
	};
}

module.exports = { startSandbox, sandboxOptions };

if (require.main === module) {
	startSandbox(process.env, process.argv.slice(2))
		.then((sandbox) => {
			console.log(
				`Chat2Desk simulator: ${sandbox.chat2deskUrl}  (API ${sandbox.chat2deskUrl}/v1, control ${sandbox.chat2deskUrl}/_sim, profile ${sandbox.chat2desk.config.profile})`,
			);
			console.log(
				`Bitrix24 simulator:  ${sandbox.bitrix24Url}  (REST ${sandbox.bitrix24Url}/rest, control ${sandbox.bitrix24Url}/_sim, profile ${sandbox.bitrix24.config.profile})`,
			);
			const stop = () => sandbox.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(error.message || error);
			process.exit(1);
		});
}
