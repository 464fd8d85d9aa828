import { NodeApiError, type IDataObject, type IHookFunctions, type JsonObject } from 'n8n-workflow';
import { z } from 'zod';

import { parseIdList } from '../domain/params';
import { chat2DeskApiRequest } from '../transport';
import { MAX_WEBHOOKS } from './events';

/**
 * Webhook registration through the Chat2Desk API (`/v1/webhooks`), StripeTrigger-style: the remote
 * webhook id lives in the node's static data, and the webhook is found again by its URL.
 */

const webhookSchema = z
	.object({
		id: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
		url: z.string().nullable().optional(),
		name: z.string().nullable().optional(),
		events: z.array(z.string()).nullable().optional(),
		channels: z
			.array(z.union([z.number(), z.string(), z.object({ id: z.unknown() }).passthrough()]))
			.nullable()
			.optional(),
		status: z.string().nullable().optional(),
	})
	.passthrough();

type RemoteWebhook = z.infer<typeof webhookSchema>;

export interface DesiredWebhook extends IDataObject {
	name: string;
	url: string;
	events: string[];
	channels?: number[];
	status: 'enable';
}

function sameUrl(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');
}

function channelIdsOf(hook: RemoteWebhook): number[] {
	return (hook.channels ?? [])
		.map((channel) =>
			Number(typeof channel === 'object' && channel !== null ? channel.id : channel),
		)
		.filter((id) => Number.isFinite(id));
}

function sameSet(a: Array<string | number>, b: Array<string | number>): boolean {
	const left = new Set(a.map(String));
	const right = new Set(b.map(String));
	return left.size === right.size && [...left].every((value) => right.has(value));
}

/** Whether a registered webhook already delivers exactly what this node wants. */
export function matchesDesired(hook: RemoteWebhook, desired: DesiredWebhook): boolean {
	return (
		sameUrl(hook.url, desired.url) &&
		(hook.status ?? 'enable') === 'enable' &&
		sameSet(hook.events ?? [], desired.events) &&
		sameSet(channelIdsOf(hook), desired.channels ?? [])
	);
}

export function desiredWebhook(this: IHookFunctions): DesiredWebhook {
	const url = this.getNodeWebhookUrl('default') as string;
	const events = this.getNodeParameter('events', []) as string[];
	const channels = parseIdList(this.getNodeParameter('channelIds', [])).ids;
	const desired: DesiredWebhook = {
		name: `n8n ${this.getWorkflow().id}`,
		url,
		events,
		status: 'enable',
	};
	if (channels.length > 0) desired.channels = channels;
	return desired;
}

async function listWebhooks(this: IHookFunctions): Promise<RemoteWebhook[]> {
	const data = await chat2DeskApiRequest.call(this, 'GET', '/v1/webhooks');
	const rows = Array.isArray(data) ? data : [];
	return rows.flatMap((row) => {
		const parsed = webhookSchema.safeParse(row);
		return parsed.success ? [parsed.data] : [];
	});
}

function remember(this: IHookFunctions, hook: { id: number }, desired: DesiredWebhook): void {
	const staticData = this.getWorkflowStaticData('node');
	staticData.webhookId = hook.id;
	staticData.webhookUrl = desired.url;
	staticData.webhookEvents = desired.events;
	staticData.webhookChannels = desired.channels ?? [];
}

function forget(this: IHookFunctions): void {
	const staticData = this.getWorkflowStaticData('node');
	delete staticData.webhookId;
	delete staticData.webhookUrl;
	delete staticData.webhookEvents;
	delete staticData.webhookChannels;
}

async function update(this: IHookFunctions, id: number, desired: DesiredWebhook): Promise<void> {
	// An update must clear a channel filter the user removed, so `channels` is always sent here.
	const body = { ...desired, channels: desired.channels ?? [] };
	await chat2DeskApiRequest.call(this, 'PUT', `/v1/webhooks/${id}`, { body });
	remember.call(this, { id }, desired);
}

function isUrlTaken(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || error.httpCode !== '400') return false;
	const text = `${error.message} ${error.description ?? ''}`.toLowerCase();
	return text.includes('url') && (text.includes('already') || text.includes('used'));
}

function isNotFound(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const text = `${error.message} ${error.description ?? ''}`.toLowerCase();
	return error.httpCode === '404' || text.includes('not_found') || text.includes('not found');
}

/** True when a webhook with our URL, events and channels is registered (its id is then remembered). */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const desired = desiredWebhook.call(this);
	const hooks = await listWebhooks.call(this);
	const existing = hooks.find((hook) => sameUrl(hook.url, desired.url));
	if (!existing) {
		forget.call(this);
		return false;
	}
	if (!matchesDesired(existing, desired)) return false;
	remember.call(this, existing, desired);
	return true;
}

/**
 * Registers the webhook. A webhook already registered for our URL is adopted and updated (PUT);
 * when the company already has the maximum number of webhooks, a clear error is raised.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const desired = desiredWebhook.call(this);
	if (desired.events.length === 0) {
		throw new NodeApiError(this.getNode(), {} as JsonObject, {
			message: 'Choose at least one event for the Chat2Desk Trigger',
		});
	}
	const hooks = await listWebhooks.call(this);
	const existing = hooks.find((hook) => sameUrl(hook.url, desired.url));
	if (existing) {
		await update.call(this, existing.id, desired);
		return true;
	}
	if (hooks.length >= MAX_WEBHOOKS) {
		const names = hooks
			.map((hook) => `"${hook.name ?? hook.id}" (${hook.url ?? 'no URL'})`)
			.join(', ');
		throw new NodeApiError(this.getNode(), { hooks: names } as JsonObject, {
			message: `Chat2Desk allows at most ${MAX_WEBHOOKS} webhooks per company, and ${hooks.length} are already registered`,
			description: `Registered webhooks: ${names}. Delete one you no longer need in Chat2Desk, or deactivate another workflow that uses a Chat2Desk Trigger, then activate this workflow again.`,
		});
	}
	try {
		const data = await chat2DeskApiRequest.call(this, 'POST', '/v1/webhooks', { body: desired });
		const parsed = webhookSchema.safeParse(data);
		if (!parsed.success) {
			throw new NodeApiError(this.getNode(), (data ?? {}) as JsonObject, {
				message: 'Chat2Desk did not return the id of the new webhook',
			});
		}
		remember.call(this, parsed.data, desired);
		return true;
	} catch (error) {
		if (!isUrlTaken(error)) throw new NodeApiError(this.getNode(), error as JsonObject);
		// Registered concurrently (e.g. by another n8n main instance): adopt it.
		this.logger.warn(
			`Chat2Desk says the webhook URL is already registered; adopting it: ${desired.url}`,
		);
		const again = (await listWebhooks.call(this)).find((hook) => sameUrl(hook.url, desired.url));
		if (!again) throw new NodeApiError(this.getNode(), error as JsonObject);
		await update.call(this, again.id, desired);
		return true;
	}
}

/** Removes the webhook; a webhook that is already gone counts as removed. */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	let id = staticData.webhookId === undefined ? undefined : Number(staticData.webhookId);
	try {
		if (id === undefined) {
			const url = this.getNodeWebhookUrl('default') as string;
			id = (await listWebhooks.call(this)).find((hook) => sameUrl(hook.url, url))?.id;
		}
		if (id !== undefined) await chat2DeskApiRequest.call(this, 'DELETE', `/v1/webhooks/${id}`);
	} catch (error) {
		if (!isNotFound(error)) {
			this.logger.warn(
				`Could not delete Chat2Desk webhook ${id ?? '(unknown id)'}: ${(error as Error).message}`,
			);
			forget.call(this);
			return false;
		}
		this.logger.debug(`Chat2Desk webhook ${id} was already gone`);
	}
	forget.call(this);
	return true;
}
