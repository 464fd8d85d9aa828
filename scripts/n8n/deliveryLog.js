// The templates keep their delivery log in an n8n data table (the Setup template creates it). Scenarios
// that do not run Setup get a fresh, empty table here, so that one scenario's sent messages (the
// simulators restart their ids on reset) are never taken for another's.
const DELIVERY_LOG = 'Chat2Desk Bitrix24 delivery log';
const COLUMNS = ['key', 'chat', 'direction', 'remoteId'].map((name) => ({ name, type: 'string' }));

async function personalProjectId(n8n) {
	const project = await n8n.rest('GET', '/projects/personal');
	if (!project || !project.id) throw new Error(`no personal project: ${JSON.stringify(project)}`);
	return project.id;
}

async function findDeliveryLog(n8n, projectId) {
	const list = await n8n.rest('GET', `/projects/${projectId}/data-tables?take=100`);
	const tables = Array.isArray(list) ? list : (list && list.data) || [];
	return tables.filter((table) => table.name === DELIVERY_LOG);
}

/** Drops any delivery log and creates an empty one; resolves with `{projectId, id}`. */
async function resetDeliveryLog(n8n) {
	const projectId = await personalProjectId(n8n);
	for (const table of await findDeliveryLog(n8n, projectId)) {
		await n8n.rest('DELETE', `/projects/${projectId}/data-tables/${table.id}`);
	}
	const created = await n8n.rest('POST', `/projects/${projectId}/data-tables`, {
		name: DELIVERY_LOG,
		columns: COLUMNS,
	});
	if (!created || !created.id) throw new Error(`could not create the delivery log: ${JSON.stringify(created)}`);
	return { projectId, id: created.id };
}

/** Every row of the delivery log (for assertions). */
async function deliveryLogRows(n8n) {
	const projectId = await personalProjectId(n8n);
	const [table] = await findDeliveryLog(n8n, projectId);
	if (!table) return [];
	const rows = [];
	for (let skip = 0; ; skip += 500) {
		const page = await n8n.rest(
			'GET',
			`/projects/${projectId}/data-tables/${table.id}/rows?take=500&skip=${skip}`,
		);
		const data = (page && page.data) || [];
		rows.push(...data);
		if (data.length < 500) return rows;
	}
}

module.exports = { DELIVERY_LOG, resetDeliveryLog, deliveryLogRows };
