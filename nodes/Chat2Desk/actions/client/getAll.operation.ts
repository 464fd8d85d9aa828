import { compact, parseIdList } from '../../domain/params';
import { normalisePhone } from '../../../shared/domain/phone';
import { orderField, tagsField } from '../common.descriptions';
import { getManyOperation } from '../getMany';

export const { description, execute } = getManyOperation({
	resource: 'client',
	endpoint: '/v1/clients',
	filters: [
		orderField,
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+7 900 123-45-67',
			description: 'Only clients with this phone (formatting is removed, only digits are sent)',
		},
		{
			...tagsField('tagIds', false),
			description:
				'Only clients with these tags. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	query: (filters) => {
		const tags = parseIdList(filters.tagIds).ids;
		return compact({
			phone: normalisePhone(filters.phone),
			tags: tags.length > 0 ? tags.join(',') : undefined,
			order: filters.order,
		});
	},
});
