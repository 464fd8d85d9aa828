import type { IDataObject } from 'n8n-workflow';

export { CHAT2DESK_EVENTS, parseChat2DeskEvent } from './eventSchemas';
export type { Chat2DeskEvent, ParseResult } from './eventSchemas';

export interface NormalisedEvent extends IDataObject {
	event: string;
	eventId: string;
	eventTime: string | null;
	clientId: number | null;
	channelId: number | null;
	dialogId: number | null;
	requestId: number | null;
	operatorId: number | null;
	messageId: number | null;
	tagId: number | null;
	text: string | null;
	transport: string | null;
	messageType: string | null;
	externalId: string | null;
	attachments: IDataObject[];
	isNewRequest: boolean | null;
	isNewClient: boolean | null;
	client: IDataObject | null;
	raw: IDataObject;
}

const MESSAGE_EVENTS = new Set(['inbox', 'outbox', 'imported_message', 'comment']);
const CLIENT_EVENTS = new Set(['new_client', 'client_updated', 'client_added_to_blacklist']);
const TAG_EVENTS = new Set([
	'add_tag_to_client',
	'delete_tag_from_client',
	'add_tag_to_request',
	'delete_tag_from_request',
]);

function num(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

function str(value: unknown): string | null {
	return value === null || value === undefined ? null : String(value);
}

function flag(value: unknown): boolean | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	return ['1', 'true', 'yes'].includes(String(value).toLowerCase());
}

/**
 * A stable key for de-duplicating redeliveries: message events by `hook_type` + `message_id`, all
 * others by `hook_type` + the ids they carry + `event_time` (a redelivery repeats the same body).
 */
export function buildEventId(
	event: string,
	ids: Record<string, number | null>,
	eventTime: string | null,
): string {
	if (MESSAGE_EVENTS.has(event) && ids.message !== null) return `${event}:${ids.message}`;
	const parts = Object.entries(ids)
		.filter(([, value]) => value !== null)
		.map(([key, value]) => `${key}=${value}`);
	return [event, ...parts, eventTime ?? ''].join(':');
}

/** One normalised item for a validated body (`parseChat2DeskEvent` output). */
export function normaliseChat2DeskEvent(event: string, body: IDataObject): NormalisedEvent {
	const data = (
		event === 'outbox_status' && body.data && typeof body.data === 'object'
			? { ...(body.data as IDataObject), ...body }
			: body
	) as IDataObject;
	const nested = (body.data ?? {}) as IDataObject;
	const extra = (
		body.extra_data && typeof body.extra_data === 'object' ? body.extra_data : {}
	) as IDataObject;
	const clientObject =
		body.client && typeof body.client === 'object' ? (body.client as IDataObject) : null;
	const channels = Array.isArray(body.channels) ? (body.channels as IDataObject[]) : [];

	const isClientEvent = CLIENT_EVENTS.has(event);
	const isTagEvent = TAG_EVENTS.has(event);
	const first = (...values: unknown[]) => values.map(num).find((value) => value !== null) ?? null;

	const ids = {
		message: first(data.message_id, nested.message_id),
		client: isClientEvent
			? num(body.id)
			: first(data.client_id, nested.client_id, clientObject?.id),
		request: first(data.request_id, nested.request_id),
		dialog: first(data.dialog_id, nested.dialog_id),
		channel: first(data.channel_id, nested.channel_id, channels[0]?.id),
		operator: first(data.operator_id, nested.operator_id),
		tag: isTagEvent ? num(body.id) : null,
	};
	const eventTime = str(body.event_time);
	const attachments = Array.isArray(body.attachments) ? (body.attachments as IDataObject[]) : [];

	return {
		event,
		eventId: buildEventId(event, ids, eventTime),
		eventTime,
		clientId: ids.client,
		channelId: ids.channel,
		dialogId: ids.dialog,
		requestId: ids.request,
		operatorId: ids.operator,
		messageId: ids.message,
		tagId: ids.tag,
		text: str(data.text ?? nested.text),
		transport: str(data.transport ?? nested.transport),
		messageType: MESSAGE_EVENTS.has(event) ? str(body.type) : null,
		externalId: str(body.external_id ?? extra.external_id ?? nested.external_id),
		attachments,
		isNewRequest: flag(body.is_new_request),
		isNewClient: flag(body.is_new_client),
		client: isClientEvent ? body : clientObject,
		raw: body,
	};
}

/** Every channel id an event refers to (`channel_id`, or the `channels` list of client events). */
export function eventChannelIds(body: IDataObject): number[] {
	const ids = new Set<number>();
	const nested = (body.data ?? {}) as IDataObject;
	// A text or number in `data` has no `channel_id` property: reading it gives undefined.
	for (const value of [body.channel_id, nested.channel_id]) {
		const n = num(value);
		if (n !== null) ids.add(n);
	}
	if (Array.isArray(body.channels)) {
		for (const channel of body.channels as IDataObject[]) {
			const n = num(channel?.id);
			if (n !== null) ids.add(n);
		}
	}
	return [...ids];
}

export type FilterDecision = { pass: true } | { pass: false; reason: string };

export interface EventFilter {
	events: string[];
	channelIds: number[];
	ignoreOwnMessages: boolean;
	ownExternalIdPrefix: string;
}

/**
 * Whether a validated event should start a run:
 * - the event must be selected;
 * - with channels selected, an event naming a channel must name one of them (events that carry no
 *   channel, e.g. `close_request`, pass — they cannot be attributed);
 * - with "ignore own messages", `outbox` echoes whose external id starts with the prefix are dropped.
 */
export function filterChat2DeskEvent(
	normalised: NormalisedEvent,
	filter: EventFilter,
): FilterDecision {
	if (!filter.events.includes(normalised.event)) {
		return { pass: false, reason: `event "${normalised.event}" is not selected` };
	}
	if (filter.channelIds.length > 0) {
		const channels = eventChannelIds(normalised.raw);
		if (channels.length > 0 && !channels.some((channel) => filter.channelIds.includes(channel))) {
			return { pass: false, reason: `channel ${channels.join(', ')} is not selected` };
		}
	}
	if (
		filter.ignoreOwnMessages &&
		normalised.event === 'outbox' &&
		filter.ownExternalIdPrefix !== '' &&
		normalised.externalId?.startsWith(filter.ownExternalIdPrefix)
	) {
		return { pass: false, reason: 'own message (external id prefix)' };
	}
	return { pass: true };
}
