import { compact } from '../../domain/params';
import { normalisePhone } from '../../../shared/domain/phone';
import { getManyOperation } from '../getMany';

export const { description, execute } = getManyOperation({
	resource: 'channel',
	endpoint: '/v1/channels',
	filters: [
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			description: 'Only the channel with this phone number',
		},
	],
	query: (filters) => compact({ phone: normalisePhone(filters.phone) }),
});
