// Credentials of a startN8n instance (see index.js): imported with `n8n import:credentials` before the
// first start (n8n encrypts the plain data and, on a new database, runs its migrations), then looked up
// or created on the running instance through the public API.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { run } = require('./proc');

/** Stable n8n-style id (16 alphanumerics) for a credential, so re-imports update instead of duplicating. */
function credentialId(credential) {
	const digest = crypto
		.createHash('sha256')
		.update(`${credential.type}\n${credential.name}`)
		.digest();
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[digest[i] % alphabet.length];
	return id;
}

/**
 * Imports `credentials` ([{id?, name, type, data}]) into the instance's database; without `id`, a stable
 * id is derived from type + name. Resolves with the list as imported (ids filled in) and how long it took
 * (0 when there was nothing to import).
 */
async function importCredentials({
	n8n,
	userFolder,
	env,
	logFile,
	credentials: given = [],
	failure,
}) {
	const credentials = given.map((credential) => ({
		...credential,
		id: credential.id || credentialId(credential),
	}));
	if (credentials.length > 0) {
		const file = path.join(userFolder, 'e2e-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		const t0 = Date.now();
		try {
			await run(n8n.node.bin, [n8n.bin, 'import:credentials', `--input=${file}`], {
				cwd: userFolder,
				env,
				logFile,
				timeoutMs: 180000,
			});
		} catch (error) {
			throw failure(`n8n import:credentials failed: ${error.message.split('\n')[0]}`, error);
		} finally {
			fs.rmSync(file, { force: true });
		}
		return { credentials, importMs: Date.now() - t0 };
	}
	return { credentials, importMs: 0 };
}

/** credentialFor(type, name?) and createCredential({name, type, data}) on the handle. */
function attachCredentialApi(handle) {
	/** The credential of `type` (the one named `name` when given) known to this instance. */
	handle.credentialFor = (type, name) =>
		handle.credentials.find(
			(credential) => credential.type === type && (!name || credential.name === name),
		);

	/** Creates a credential on the running instance through the public API; returns {id, name, type}. */
	handle.createCredential = async ({ name, type, data }) => {
		const created = await handle.api('POST', '/credentials', {
			name,
			type,
			data,
		});
		const entry = { id: created.id, name: created.name, type: created.type };
		handle.credentials.push(entry);
		return entry;
	};
}

module.exports = { credentialId, importCredentials, attachCredentialApi };
