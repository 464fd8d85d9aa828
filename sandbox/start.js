#!/usr/bin/env node
// `npm run sandbox`: starts the Chat2Desk and Bitrix24 simulators on loopback and keeps them running.
// Ports come from CHAT2DESK_SIM_PORT / BITRIX24_SIM_PORT (defaults 4010 / 4020); all state is in memory.
const { createChat2DeskSimulator } = require('./chat2desk');
const { createBitrix24Simulator } = require('./bitrix24');

async function startSandbox(env = process.env) {
	const host = env.SANDBOX_HOST || '127.0.0.1';
	const chat2desk = createChat2DeskSimulator({
		token: env.CHAT2DESK_SIM_TOKEN || 'sandbox-token',
	});
	const bitrix24 = createBitrix24Simulator({
		clientId: env.BITRIX24_SIM_CLIENT_ID || 'sandbox-client',
		clientSecret: env.BITRIX24_SIM_CLIENT_SECRET || 'sandbox-secret',
		webhookCode: env.BITRIX24_SIM_WEBHOOK_CODE || 'sandbox-webhook',
	});
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

module.exports = { startSandbox };

if (require.main === module) {
	startSandbox()
		.then((sandbox) => {
			console.log(`Chat2Desk simulator: ${sandbox.chat2deskUrl}  (API ${sandbox.chat2deskUrl}/v1, control ${sandbox.chat2deskUrl}/_sim)`);
			console.log(`Bitrix24 simulator:  ${sandbox.bitrix24Url}  (REST ${sandbox.bitrix24Url}/rest, control ${sandbox.bitrix24Url}/_sim)`);
			const stop = () => sandbox.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
