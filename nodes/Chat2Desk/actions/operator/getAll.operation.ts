import { compact } from '../../domain/params';
import { normalisePhone } from '../../../shared/domain/phone';
import { getManyOperation } from '../getMany';

export const { description, execute } = getManyOperation({
	resource: 'operator',
	endpoint: '/v1/operators',
	filters: [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
		},
		{
			displayName: 'Online',
			name: 'online',
			type: 'options',
			options: [
				{ name: 'Any', value: '' },
				{ name: 'Offline', value: '0' },
				{ name: 'Online', value: '1' },
			],
			default: '',
		},
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	],
	query: (filters) =>
		compact({
			email: filters.email,
			phone: normalisePhone(filters.phone),
			online: filters.online,
		}),
});
