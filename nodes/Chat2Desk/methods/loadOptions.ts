import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { chat2DeskApiRequest, chat2DeskApiRequestAllItems } from '../transport';

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Channels of the company: "Name (phone)". */
export async function getChannels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await chat2DeskApiRequestAllItems.call(this, '/v1/channels');
	return rows
		.map((row) => {
			const name = text(row.name) || `Channel ${row.id}`;
			const phone = text(row.phone);
			return { name: phone ? `${name} (${phone})` : name, value: Number(row.id) };
		})
		.sort(byName);
}

/** Operators: "First Last (email)". */
export async function getOperators(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await chat2DeskApiRequestAllItems.call(this, '/v1/operators');
	return rows
		.map((row) => {
			const name = [text(row.first_name), text(row.last_name)].filter(Boolean).join(' ');
			const email = text(row.email);
			const label = name || email || `Operator ${row.id}`;
			return { name: name && email ? `${label} (${email})` : label, value: Number(row.id) };
		})
		.sort(byName);
}

export async function getOperatorGroups(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const rows = await chat2DeskApiRequestAllItems.call(this, '/v1/operators_groups');
	return rows
		.map((row) => ({ name: text(row.name) || `Group ${row.id}`, value: Number(row.id) }))
		.sort(byName);
}

/** Tags: "Group: Label", so equal labels in different groups stay apart. */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await chat2DeskApiRequestAllItems.call(this, '/v1/tags');
	return rows
		.map((row) => {
			const label = text(row.label) || `Tag ${row.id}`;
			const group = text(row.group_name);
			return {
				name: group ? `${group}: ${label}` : label,
				value: Number(row.id),
				description: text(row.description) || undefined,
			};
		})
		.sort(byName);
}

/** Tag groups, taken from the tags (a tag-group list endpoint is not documented). */
export async function getTagGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await chat2DeskApiRequestAllItems.call(this, '/v1/tags');
	const groups = new Map<number, string>();
	for (const row of rows) {
		const id = Number(row.group_id);
		if (Number.isFinite(id) && !groups.has(id))
			groups.set(id, text(row.group_name) || `Group ${id}`);
	}
	return [...groups].map(([value, name]) => ({ name, value })).sort(byName);
}

/** Transport codes (`GET /v1/help/transports`; items may be strings or `{name}` objects). */
export async function getTransports(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const data = await chat2DeskApiRequest.call(this, 'GET', '/v1/help/transports');
	const rows = Array.isArray(data) ? data : [];
	const values = rows
		.map((row) =>
			typeof row === 'object' && row !== null
				? text((row as IDataObject).name ?? (row as IDataObject).value)
				: text(row),
		)
		.filter((value) => value !== '');
	return [...new Set(values)].map((value) => ({ name: value, value })).sort(byName);
}

export async function getCustomClientFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const data = await chat2DeskApiRequest.call(this, 'GET', '/v1/custom_client_fields');
	const rows = (Array.isArray(data) ? data : []) as IDataObject[];
	return rows
		.filter((row) => row.editable !== false)
		.map((row) => ({
			name: text(row.name) || `Field ${row.id}`,
			value: String(row.id),
			description: text(row.type) || undefined,
		}))
		.sort(byName);
}
