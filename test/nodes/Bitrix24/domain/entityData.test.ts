import {
	crmBindingsFromDialog,
	dialogLookupParams,
	parseEntityData1,
	parseEntityData2,
	parseUserCode,
} from '../../../../nodes/Bitrix24/domain/entityData';

describe('parseEntityData2', () => {
	it.each([
		[
			'LEAD|1209|COMPANY|0|CONTACT|0|DEAL|0',
			{ leadId: 1209, dealId: null, contactId: null, companyId: null },
		],
		[
			'LEAD|0|COMPANY|7|CONTACT|15|DEAL|33',
			{ leadId: null, dealId: 33, contactId: 15, companyId: 7 },
		],
		['DEAL|5', { leadId: null, dealId: 5, contactId: null, companyId: null }],
		['lead|9|deal|x', { leadId: 9, dealId: null, contactId: null, companyId: null }],
		['', { leadId: null, dealId: null, contactId: null, companyId: null }],
		[undefined, { leadId: null, dealId: null, contactId: null, companyId: null }],
		['LEAD|', { leadId: null, dealId: null, contactId: null, companyId: null }],
		['LEAD|5|LEAD', { leadId: 5, dealId: null, contactId: null, companyId: null }],
		[' contact | 12 ', { leadId: null, dealId: null, contactId: 12, companyId: null }],
		['COMPANY|-3|DEAL|1.5', { leadId: null, dealId: null, contactId: null, companyId: null }],
		['OTHER|4|COMPANY|8', { leadId: null, dealId: null, contactId: null, companyId: 8 }],
		[42, { leadId: null, dealId: null, contactId: null, companyId: null }],
	])('%j', (input, expected) => {
		expect(parseEntityData2(input)).toStrictEqual(expected);
	});
});

describe('parseEntityData1', () => {
	it('reads the session string', () => {
		expect(parseEntityData1('Y|LEAD|1209|N|N|343|1773682918|3|0|0')).toEqual({
			crmEnabled: true,
			crmEntityType: 'LEAD',
			crmEntityId: 1209,
			sessionId: 343,
			dateCreate: 1773682918,
			lineId: 3,
		});
	});

	it('tolerates empty and short values', () => {
		expect(parseEntityData1('N|0|0|N|N|12')).toEqual({
			crmEnabled: false,
			crmEntityType: null,
			crmEntityId: null,
			sessionId: 12,
			dateCreate: null,
			lineId: null,
		});
		expect(parseEntityData1(null).sessionId).toBeNull();
	});

	it.each([
		['', { crmEnabled: false, crmEntityType: null, crmEntityId: null }],
		['Y', { crmEnabled: true, crmEntityType: null, crmEntityId: null }],
		['y| deal | 7 ', { crmEnabled: false, crmEntityType: 'DEAL', crmEntityId: 7 }],
		['Y||7', { crmEnabled: true, crmEntityType: null, crmEntityId: 7 }],
		[42, { crmEnabled: false, crmEntityType: null, crmEntityId: null }],
	])('reads %j', (input, expected) => {
		expect(parseEntityData1(input)).toStrictEqual({
			...expected,
			sessionId: null,
			dateCreate: null,
			lineId: null,
		});
	});
});

describe('crmBindingsFromDialog', () => {
	it('prefers entity_data_2 and fills gaps from entity_data_1', () => {
		expect(
			crmBindingsFromDialog({
				entity_data_1: 'Y|DEAL|88|N|N|343|1|1|0|0',
				entity_data_2: 'LEAD|0|COMPANY|0|CONTACT|4|DEAL|0',
			}),
		).toEqual({ leadId: null, dealId: 88, contactId: 4, companyId: null });
		expect(
			crmBindingsFromDialog({
				entity_data_1: 'Y|LEAD|10|N|N|343|1|1|0|0',
				entity_data_2: 'LEAD|11|COMPANY|0|CONTACT|0|DEAL|0',
			}).leadId,
		).toBe(11);
	});

	it.each([
		['CONTACT', 'LEAD|0|COMPANY|0|CONTACT|0|DEAL|2', { dealId: 2, contactId: 9 }],
		['COMPANY', 'LEAD|1|COMPANY|0|CONTACT|0|DEAL|0', { leadId: 1, companyId: 9 }],
		['LEAD', 'LEAD|0|COMPANY|0|CONTACT|3|DEAL|0', { leadId: 9, contactId: 3 }],
		['DEAL', 'LEAD|0|COMPANY|4|CONTACT|0|DEAL|0', { dealId: 9, companyId: 4 }],
		['QUOTE', 'LEAD|0|COMPANY|0|CONTACT|0|DEAL|0', {}],
	])('fills a missing %s id from entity_data_1 only', (type, entityData2, ids) => {
		expect(
			crmBindingsFromDialog({
				entity_data_1: `Y|${type}|9|N|N|343|1|1|0|0`,
				entity_data_2: entityData2,
			}),
		).toStrictEqual({ leadId: null, dealId: null, contactId: null, companyId: null, ...ids });
	});

	it.each(['LEAD', 'DEAL', 'CONTACT', 'COMPANY'])(
		'keeps a %s id of entity_data_2 over entity_data_1',
		(type) => {
			const bindings = crmBindingsFromDialog({
				entity_data_1: `Y|${type}|9|N|N|343|1|1|0|0`,
				entity_data_2: `${type}|5`,
			});
			expect(Object.values(bindings)).toStrictEqual(
				['LEAD', 'DEAL', 'CONTACT', 'COMPANY'].map((t) => (t === type ? 5 : null)),
			);
		},
	);

	it('gives no ids without dialog data', () => {
		expect(crmBindingsFromDialog({})).toStrictEqual({
			leadId: null,
			dealId: null,
			contactId: null,
			companyId: null,
		});
	});
});

describe('parseUserCode', () => {
	it.each([
		[
			'chat2desk|1|555|555',
			{ connector: 'chat2desk', line: '1', externalChatId: '555', externalUserId: '555' },
		],
		[
			'c|2|group-1|u|x',
			{ connector: 'c', line: '2', externalChatId: 'group-1', externalUserId: 'u|x' },
		],
		['livechat|1|67', null],
		['|1|2|3', null],
		['c||2|3', null],
		['c|1||', { connector: 'c', line: '1', externalChatId: '', externalUserId: '' }],
		[42, null],
	])('%j', (input, expected) => {
		expect(parseUserCode(input)).toEqual(expected);
	});
});

describe('dialogLookupParams', () => {
	it.each([
		['chatId', ' 1807 ', { CHAT_ID: '1807' }],
		['dialogId', 'chat1807', { DIALOG_ID: 'chat1807' }],
		['sessionId', '343', { SESSION_ID: '343' }],
		['userCode', 'c|1|2|2', { USER_CODE: 'c|1|2|2' }],
		['auto', 'Chat77', { DIALOG_ID: 'chat77' }],
		['auto', 'c|1|2|2', { USER_CODE: 'c|1|2|2' }],
		['auto', '77', { CHAT_ID: '77' }],
		['auto', ' chat5 ', { DIALOG_ID: 'chat5' }],
		['auto', 'xchat5', { CHAT_ID: 'xchat5' }],
		['auto', 'chat5x', { CHAT_ID: 'chat5x' }],
		['auto', 'chat', { CHAT_ID: 'chat' }],
		['auto', ' c|1|2|2 ', { USER_CODE: 'c|1|2|2' }],
	] as const)('%s %j', (by, value, expected) => {
		expect(dialogLookupParams(by, value)).toStrictEqual(expected);
	});
});
