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
	])('%j', (input, expected) => {
		expect(parseEntityData2(input)).toEqual(expected);
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
	] as const)('%s %j', (by, value, expected) => {
		expect(dialogLookupParams(by, value)).toEqual(expected);
	});
});
