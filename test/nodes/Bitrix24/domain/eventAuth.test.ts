import { flatAuthFromBody, flatAuthFromQuery } from '../../../../nodes/Bitrix24/domain/eventAuth';

describe('flat auth of a Bitrix24 event', () => {
	it('reads every auth field of an urlencoded body, decoded, first occurrence winning', () => {
		expect(
			flatAuthFromQuery(
				'event=ONIMCONNECTORMESSAGEADD&data[x]=1&auth[application_token]=tok+1&auth%5Baccess_token%5D=acc' +
					'&auth[domain]=a.bitrix24.com&auth[client_endpoint]=https%3A%2F%2Fa%2Frest%2F&auth[member_id]=m' +
					'&auth[user_id]=7&auth[domain]=second&auth[scope]=imopenlines&authx=1&auth[other]=2',
			),
		).toEqual({
			application_token: 'tok 1',
			access_token: 'acc',
			domain: 'a.bitrix24.com',
			client_endpoint: 'https://a/rest/',
			member_id: 'm',
			user_id: '7',
		});
	});

	it('reads auth fields at the start, the end and after empty parts', () => {
		expect(flatAuthFromQuery('auth[domain]=d')).toEqual({ domain: 'd' });
		expect(flatAuthFromQuery('&&auth[domain]=d&')).toEqual({ domain: 'd' });
		expect(flatAuthFromQuery('a=1&auth[domain]=')).toEqual({ domain: '' });
		expect(flatAuthFromQuery('x=auth[domain]=d')).toEqual({});
		expect(flatAuthFromQuery('auth[domain')).toEqual({});
		expect(flatAuthFromQuery('auth(domain]=d&auth[domain)=d&authXdomainY=d')).toEqual({});
		expect(flatAuthFromQuery('')).toEqual({});
	});

	it('decodes only keys spelled auth[ or auth%5B, so an encoded letter of the name does not count', () => {
		expect(flatAuthFromQuery('%61uth[domain]=first&auth[domain]=second')).toStrictEqual({ domain: 'second' });
		expect(flatAuthFromQuery('%61uth[domain]=first')).toStrictEqual({});
	});

	it('reads flat keys and a nested auth object, flat keys first', () => {
		expect(
			flatAuthFromBody({
				'auth[application_token]': 'flat',
				auth: { application_token: 'nested', domain: 'd.example.com', user_id: 7, member_id: ['m1', 'm2'] },
				'auth[access_token]': ['a1', 'a2'],
			}),
		).toEqual({
			application_token: 'flat',
			access_token: 'a1',
			domain: 'd.example.com',
			user_id: '7',
			member_id: 'm1',
		});
	});

	it('ignores values that are not text or numbers and bodies that are not objects', () => {
		expect(
			flatAuthFromBody({
				'auth[domain]': { x: 1 },
				auth: { domain: 'nested', application_token: null, user_id: true },
			}),
		).toEqual({ domain: 'nested' });
		expect(flatAuthFromBody({ auth: ['x'] })).toEqual({});
		expect(flatAuthFromBody({ auth: null, 'auth[domain]': 'd' })).toEqual({ domain: 'd' });
		expect(flatAuthFromBody({ auth: 'x', 'auth[domain]': 5 })).toEqual({ domain: '5' });
		expect(flatAuthFromBody(Object.create({ 'auth[domain]': 'inherited', auth: { domain: 'inherited' } }))).toEqual({});
		expect(flatAuthFromBody([{ auth: { domain: 'd' } }])).toEqual({});
		expect(flatAuthFromBody(null)).toEqual({});
		expect(flatAuthFromBody(undefined)).toEqual({});
		expect(flatAuthFromBody({ 'auth[domain]': 'flat only' })).toEqual({ domain: 'flat only' });
		expect(flatAuthFromBody('auth[domain]=d')).toEqual({});
	});
});
