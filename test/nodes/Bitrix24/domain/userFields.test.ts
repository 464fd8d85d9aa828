import { userFieldCode } from '../../../../nodes/Bitrix24/domain/userFields';

describe('userFieldCode', () => {
	it('adds the UF_CRM_ prefix once and upper-cases', () => {
		expect(userFieldCode('c2d client id')).toBe('UF_CRM_C2D_CLIENT_ID');
		expect(userFieldCode('C2D_UTM')).toBe('UF_CRM_C2D_UTM');
		expect(userFieldCode(' uf_crm_c2d_utm ')).toBe('UF_CRM_C2D_UTM');
		// A run of spaces is one separator.
		expect(userFieldCode('c2d   utm')).toBe('UF_CRM_C2D_UTM');
	});

	it('refuses names Bitrix24 would refuse', () => {
		expect(userFieldCode('')).toBeUndefined();
		expect(userFieldCode('UF_CRM_')).toBeUndefined();
		expect(userFieldCode('promo-code')).toBeUndefined();
		// 20 characters at most, prefix included.
		expect(userFieldCode('C2D_CLIENT_ID')).toBe('UF_CRM_C2D_CLIENT_ID');
		expect(userFieldCode('C2D_MESSAGE_ID')).toBeUndefined();
	});
});
