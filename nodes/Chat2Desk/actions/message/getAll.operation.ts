import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MAX_PAGE_SIZE, toDayMonthYear } from '../../domain/messages';
import { compact } from '../../domain/params';
import { chat2DeskApiRequest, chat2DeskGetMessagesByStartId } from '../../transport';
import {
	channelField,
	operatorField,
	orderField,
	readLimit,
	returnAllOrLimit,
	toOptionalId,
	transportField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				...channelField(),
				description:
					'Only messages of this channel. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
			{ displayName: 'Dialog ID', name: 'dialogId', type: 'string', default: '' },
			{
				displayName: 'From Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description: 'Only messages created on or after this day',
			},
			{
				...operatorField(),
				description:
					'Only messages of this operator. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				...orderField,
				description:
					'Ascending pages through all messages with start_id. Descending returns the newest messages; beyond 200 they are read ascending and reversed.',
			},
			{
				displayName: 'Read Status',
				name: 'read',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Read', value: '1' },
					{ name: 'Unread', value: '0' },
				],
				default: '',
			},
			{
				displayName: 'Start ID',
				name: 'startId',
				type: 'string',
				default: '',
				description:
					'Only messages with this ID or a higher one (resume after the last message you saw + 1)',
			},
			{
				displayName: 'To Date',
				name: 'finishDate',
				type: 'dateTime',
				default: '',
				description: 'Only messages created on or before this day',
			},
			{
				...transportField(),
				description:
					'Only messages of this messenger. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'Autoreply', value: 'autoreply' },
					{ name: 'Comment', value: 'comment' },
					{ name: 'From Client', value: 'from_client' },
					{ name: 'System', value: 'system' },
					{ name: 'To Client', value: 'to_client' },
				],
				default: '',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// https://help.chat2desk.com.br/api-and-webhooks/messages-get — `offset` is ignored there; page by start_id.
	const limit = readLimit.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		client_id: toOptionalId.call(this, filters.clientId, 'Client ID', i),
		dialog_id: toOptionalId.call(this, filters.dialogId, 'Dialog ID', i),
		channel_id: toOptionalId.call(this, filters.channelId, 'Channel', i),
		operator_id: toOptionalId.call(this, filters.operatorId, 'Operator', i),
		type: filters.type,
		transport: filters.transport,
		read: filters.read,
		start_date: toDayMonthYear(filters.startDate),
		finish_date: toDayMonthYear(filters.finishDate),
		start_id: toOptionalId.call(this, filters.startId, 'Start ID', i),
	});
	if (filters.order !== 'desc') {
		return await chat2DeskGetMessagesByStartId.call(this, qs, limit, { itemIndex: i });
	}
	if (limit !== undefined && limit <= MAX_PAGE_SIZE) {
		const rows = await chat2DeskApiRequest.call(
			this,
			'GET',
			'/v1/messages',
			{ qs: { ...qs, order: 'desc', limit } },
			{ itemIndex: i },
		);
		return Array.isArray(rows) ? (rows as IDataObject[]) : [];
	}
	const ascending = await chat2DeskGetMessagesByStartId.call(this, qs, undefined, { itemIndex: i });
	const newestFirst = ascending.reverse();
	return limit === undefined ? newestFirst : newestFirst.slice(0, limit);
}
