import {
	densifyArrays,
	encodeBracketQuery,
	nestBracketForm,
	parseBracketQuery,
	splitBracketKey,
} from '../../../../nodes/Bitrix24/domain/bracketForm';

/** What n8n's body parser (Node querystring) hands the trigger: flat keys, string values. */
function flat(raw: string): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(raw)) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return out;
}

// ONIMCONNECTORMESSAGEADD as Bitrix24 posts it (reference §1.6/§3.1): an operator reply with an image.
const MESSAGE_ADD =
	'event=ONIMCONNECTORMESSAGEADD&event_handler_id=555' +
	'&data%5BCONNECTOR%5D=chat2desk&data%5BLINE%5D=107' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bim%5D%5Bchat_id%5D=1807&data%5BMESSAGES%5D%5B0%5D%5Bim%5D%5Bmessage_id%5D=86497' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Buser_id%5D=27' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Btext%5D=%5Bb%5DKlaus+Weber%3A%5B%2Fb%5D%5Bbr%5D+Guten+Tag%21' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Bfiles%5D%5B0%5D%5Bname%5D=photo.jpg' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Bfiles%5D%5B0%5D%5Btype%5D=image' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Bfiles%5D%5B0%5D%5Blink%5D=https%3A%2F%2Fportal.example.com%2F~AbCd%23img.jpg' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Bfiles%5D%5B0%5D%5Bsize%5D=20480' +
	'&data%5BMESSAGES%5D%5B0%5D%5Bchat%5D%5Bid%5D=channel-123' +
	'&data%5BMESSAGES%5D%5B1%5D%5Bim%5D%5Bchat_id%5D=1807&data%5BMESSAGES%5D%5B1%5D%5Bim%5D%5Bmessage_id%5D=86498' +
	'&data%5BMESSAGES%5D%5B1%5D%5Bmessage%5D%5Btext%5D=second&data%5BMESSAGES%5D%5B1%5D%5Bchat%5D%5Bid%5D=channel-123' +
	'&ts=1773759161' +
	'&auth%5Baccess_token%5D=tok&auth%5Bdomain%5D=portal.example.com&auth%5Bmember_id%5D=bac1cd5c' +
	'&auth%5Bapplication_token%5D=831c76b0';

const EXPECTED_MESSAGE_ADD = {
	event: 'ONIMCONNECTORMESSAGEADD',
	event_handler_id: '555',
	data: {
		CONNECTOR: 'chat2desk',
		LINE: '107',
		MESSAGES: [
			{
				im: { chat_id: '1807', message_id: '86497' },
				message: {
					user_id: '27',
					text: '[b]Klaus Weber:[/b][br] Guten Tag!',
					files: [
						{
							name: 'photo.jpg',
							type: 'image',
							link: 'https://portal.example.com/~AbCd#img.jpg',
							size: '20480',
						},
					],
				},
				chat: { id: 'channel-123' },
			},
			{
				im: { chat_id: '1807', message_id: '86498' },
				message: { text: 'second' },
				chat: { id: 'channel-123' },
			},
		],
	},
	ts: '1773759161',
	auth: {
		access_token: 'tok',
		domain: 'portal.example.com',
		member_id: 'bac1cd5c',
		application_token: '831c76b0',
	},
};

describe('splitBracketKey', () => {
	it.each([
		['event', ['event']],
		['data[LINE]', ['data', 'LINE']],
		['data[MESSAGES][0][im][chat_id]', ['data', 'MESSAGES', '0', 'im', 'chat_id']],
		['ids[]', ['ids', '']],
		['a[b', ['a[b']],
		['a]b[c]', ['a]b', 'c']],
		['[x]', ['[x]']],
		['a[b]c', ['a[b]c']],
	])('%s → %j', (key, segments) => {
		expect(splitBracketKey(key)).toEqual(segments);
	});
});

describe('nestBracketForm', () => {
	it('re-nests a flat ONIMCONNECTORMESSAGEADD body with files into arrays and objects', () => {
		expect(nestBracketForm(flat(MESSAGE_ADD))).toEqual(EXPECTED_MESSAGE_ADD);
	});

	it('gives the same result from the raw form string', () => {
		expect(parseBracketQuery(MESSAGE_ADD)).toEqual(EXPECTED_MESSAGE_ADD);
	});

	it('accepts an already nested body (numeric-key objects become arrays)', () => {
		const nested = {
			event: 'ONIMCONNECTORMESSAGEADD',
			data: {
				CONNECTOR: 'c',
				LINE: 1,
				MESSAGES: { '0': { im: { chat_id: 5 } }, '1': { im: { chat_id: 6 } } },
			},
		};
		expect(nestBracketForm(nested)).toEqual({
			event: 'ONIMCONNECTORMESSAGEADD',
			data: {
				CONNECTOR: 'c',
				LINE: '1',
				MESSAGES: [{ im: { chat_id: '5' } }, { im: { chat_id: '6' } }],
			},
		});
	});

	it('merges a mix of flat and nested keys', () => {
		expect(
			nestBracketForm({ 'auth[domain]': 'x.test', auth: { member_id: 'm' }, event: 'E' }),
		).toEqual({
			auth: { domain: 'x.test', member_id: 'm' },
			event: 'E',
		});
	});

	it('keeps a scalar data for ONIMCONNECTORLINEDELETE', () => {
		expect(nestBracketForm(flat('event=ONIMCONNECTORLINEDELETE&data=107&ts=1'))).toEqual({
			event: 'ONIMCONNECTORLINEDELETE',
			data: '107',
			ts: '1',
		});
	});

	it('keeps lower-case keys of ONIMCONNECTORSTATUSDELETE', () => {
		expect(
			nestBracketForm(
				flat('event=ONIMCONNECTORSTATUSDELETE&data%5Bconnector%5D=c2d&data%5Bline%5D=3'),
			),
		).toEqual({ event: 'ONIMCONNECTORSTATUSDELETE', data: { connector: 'c2d', line: '3' } });
	});

	it('treats empty attachments (`[]`, dropped by form encoding) as absent and keeps a rich-link object', () => {
		const body = nestBracketForm(
			flat(
				'data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Battachments%5D%5BLINK%5D=https%3A%2F%2Fx.test' +
					'&data%5BMESSAGES%5D%5B0%5D%5Bmessage%5D%5Battachments%5D%5BNAME%5D=X' +
					'&data%5BMESSAGES%5D%5B1%5D%5Bmessage%5D%5Btext%5D=no+attachments',
			),
		);
		expect(body).toEqual({
			data: {
				MESSAGES: [
					{ message: { attachments: { LINK: 'https://x.test', NAME: 'X' } } },
					{ message: { text: 'no attachments' } },
				],
			},
		});
	});

	it('appends `[]` keys and repeated flat keys in order', () => {
		expect(nestBracketForm({ 'ids[]': ['a', 'b'], 'x[]': 'c' })).toEqual({
			ids: ['a', 'b'],
			x: ['c'],
		});
		expect(parseBracketQuery('id%5B%5D=1&id%5B%5D=2&id%5B%5D=3')).toEqual({ id: ['1', '2', '3'] });
	});

	it('keeps sparse numeric keys as an object', () => {
		expect(nestBracketForm({ 'a[0]': 'x', 'a[2]': 'y' })).toEqual({ a: { '0': 'x', '2': 'y' } });
		expect(nestBracketForm({ 'a[1]': 'x' })).toEqual({ a: { '1': 'x' } });
	});

	it('ignores prototype-polluting segments', () => {
		const result = nestBracketForm({
			'__proto__[polluted]': 'yes',
			'a[constructor][x]': '1',
			b: '2',
		});
		expect(result).toEqual({ b: '2' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('returns an empty object for non-objects', () => {
		expect(nestBracketForm(undefined)).toEqual({});
		expect(nestBracketForm(null)).toEqual({});
		expect(nestBracketForm('x=1')).toEqual({});
		expect(nestBracketForm(['a'])).toEqual({});
	});

	it('decodes + as space and survives malformed percent escapes', () => {
		expect(parseBracketQuery('a=hello+world&b=%E0%A4%A&c')).toEqual({
			a: 'hello world',
			b: '%E0%A4%A',
			c: '',
		});
	});
});

describe('densifyArrays', () => {
	it('converts nested dense objects only', () => {
		expect(densifyArrays({ '0': { '0': 'a', '1': 'b' }, '1': 'c' })).toEqual([['a', 'b'], 'c']);
		expect(densifyArrays({ '01': 'a' })).toEqual({ '01': 'a' });
		// Numbered objects inside lists become lists too.
		expect(densifyArrays([{ '0': 'a', '1': 'b' }])).toStrictEqual([['a', 'b']]);
		expect(nestBracketForm({ list: [{ '0': 'a' }] })).toStrictEqual({ list: [['a']] });
		// An empty object stays an object: nothing says it was a list.
		expect(densifyArrays({})).toStrictEqual({});
		expect(nestBracketForm({ a: {} })).toStrictEqual({ a: {} });
	});
});

describe('encodeBracketQuery', () => {
	it('encodes nested params in PHP http_build_query style', () => {
		expect(
			encodeBracketQuery({
				id: 5,
				fields: { TITLE: 'A & B', PHONE: [{ VALUE: '+1 555', VALUE_TYPE: 'WORK' }], OPENED: true },
				select: ['ID', 'UF_*'],
				skip: null,
				empty: [],
			}),
		).toBe(
			'id=5&fields[TITLE]=A%20%26%20B&fields[PHONE][0][VALUE]=%2B1%20555&fields[PHONE][0][VALUE_TYPE]=WORK' +
				'&fields[OPENED]=1&select[0]=ID&select[1]=UF_*',
		);
	});

	it('leaves $result references readable', () => {
		expect(encodeBracketQuery({ id: '$result[find][0][ID]', flag: false })).toBe(
			'id=$result[find][0][ID]&flag=0',
		);
	});

	it('round-trips through the parser', () => {
		const params = { filter: { '>ID': '10', '%TITLE': 'x y' }, order: { ID: 'ASC' } };
		expect(parseBracketQuery(encodeBracketQuery(params))).toEqual(params);
	});
});
