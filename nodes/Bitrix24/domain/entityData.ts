/**
 * Parsing of the Open Lines chat fields `entity_id` (USER_CODE), `entity_data_1` (session data) and
 * `entity_data_2` (CRM bindings) returned by `imopenlines.dialog.get`. Pure module.
 */

export interface CrmBindings {
	leadId: number | null;
	dealId: number | null;
	contactId: number | null;
	companyId: number | null;
}

export interface SessionData {
	crmEnabled: boolean;
	crmEntityType: string | null;
	crmEntityId: number | null;
	sessionId: number | null;
	lineId: number | null;
	dateCreate: number | null;
}

export interface UserCode {
	connector: string;
	line: string;
	externalChatId: string;
	externalUserId: string;
}

function positiveId(value: string | undefined): number | null {
	// Number() ignores surrounding whitespace, reads '' as 0 and a missing part as NaN.
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : null;
}

/** `LEAD|1209|COMPANY|0|CONTACT|0|DEAL|0` → ids (0 and garbage → null). */
export function parseEntityData2(value: unknown): CrmBindings {
	const bindings: CrmBindings = { leadId: null, dealId: null, contactId: null, companyId: null };
	if (typeof value !== 'string') return bindings;
	const parts = value.split('|');
	for (let i = 0; i + 1 < parts.length; i += 2) {
		const id = positiveId(parts[i + 1]);
		switch (parts[i].trim().toUpperCase()) {
			case 'LEAD':
				bindings.leadId = id;
				break;
			case 'DEAL':
				bindings.dealId = id;
				break;
			case 'CONTACT':
				bindings.contactId = id;
				break;
			case 'COMPANY':
				bindings.companyId = id;
				break;
		}
	}
	return bindings;
}

/** `Y|LEAD|1209|N|N|343|1773682918|0|0|0` → session data. */
export function parseEntityData1(value: unknown): SessionData {
	const parts = typeof value === 'string' ? value.split('|') : [];
	const type = parts[1]?.trim();
	return {
		crmEnabled: parts[0] === 'Y',
		crmEntityType: type && type !== '0' ? type.toUpperCase() : null,
		crmEntityId: positiveId(parts[2]),
		sessionId: positiveId(parts[5]),
		dateCreate: positiveId(parts[6]),
		lineId: positiveId(parts[7]),
	};
}

/** Merge both fields: `entity_data_2` wins, `entity_data_1` fills a missing lead/deal id. */
export function crmBindingsFromDialog(dialog: {
	entity_data_1?: unknown;
	entity_data_2?: unknown;
}): CrmBindings {
	const bindings = parseEntityData2(dialog.entity_data_2);
	const session = parseEntityData1(dialog.entity_data_1);
	// Filling a null id with a null session id changes nothing, so no check for one.
	if (session.crmEntityType === 'LEAD' && bindings.leadId === null)
		bindings.leadId = session.crmEntityId;
	if (session.crmEntityType === 'DEAL' && bindings.dealId === null)
		bindings.dealId = session.crmEntityId;
	if (session.crmEntityType === 'CONTACT' && bindings.contactId === null)
		bindings.contactId = session.crmEntityId;
	if (session.crmEntityType === 'COMPANY' && bindings.companyId === null)
		bindings.companyId = session.crmEntityId;
	return bindings;
}

/** `connector|line|extChatId|extUserId` → parts; anything after the third `|` belongs to the user id. */
export function parseUserCode(value: unknown): UserCode | null {
	if (typeof value !== 'string') return null;
	const parts = value.split('|');
	if (parts.length < 4 || parts.some((part, index) => index < 2 && part === '')) return null;
	return {
		connector: parts[0],
		line: parts[1],
		externalChatId: parts[2],
		externalUserId: parts.slice(3).join('|'),
	};
}

/** What the user typed into "Chat" for a dialog lookup → the `imopenlines.dialog.get` parameter. */
export function dialogLookupParams(
	by: 'chatId' | 'dialogId' | 'sessionId' | 'userCode' | 'auto',
	value: string,
): Record<string, string> {
	const text = value.trim();
	if (by === 'auto') {
		if (/^chat\d+$/i.test(text)) return { DIALOG_ID: text.toLowerCase() };
		if (text.includes('|')) return { USER_CODE: text };
		return { CHAT_ID: text };
	}
	const key = {
		chatId: 'CHAT_ID',
		dialogId: 'DIALOG_ID',
		sessionId: 'SESSION_ID',
		userCode: 'USER_CODE',
	}[by];
	return { [key]: text };
}
