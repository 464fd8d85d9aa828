import { gateKeys } from '../../../../nodes/Bitrix24/trigger/gate';

describe('Bitrix24 Open Lines Trigger › delivery gate keys', () => {
	const reply = (text: string, messageId = 501) => ({
		event: 'ONIMCONNECTORMESSAGEADD',
		line: '1',
		chatId: 77,
		messageId,
		externalChatId: '11',
		text,
	});

	it('groups events by the Open Line chat', () => {
		expect(gateKeys('wf:n', [reply('a')])?.chatKey).toBe('wf:n:chat:77');
	});

	it('gives a repeated post the same event key and an edit with other text another one', () => {
		expect(gateKeys('wf:n', [reply('hello')])?.eventKey).toBe(gateKeys('wf:n', [reply('hello')])?.eventKey);
		expect(gateKeys('wf:n', [{ ...reply('hello'), event: 'ONIMCONNECTORMESSAGEUPDATE' }])?.eventKey).not.toBe(
			gateKeys('wf:n', [{ ...reply('hello!'), event: 'ONIMCONNECTORMESSAGEUPDATE' }])?.eventKey,
		);
		expect(gateKeys('wf:n', [reply('a', 1)])?.eventKey).not.toBe(gateKeys('wf:n', [reply('a', 2)])?.eventKey);
	});

	it('leaves events without a chat alone', () => {
		expect(gateKeys('wf:n', [{ event: 'ONIMCONNECTORLINEDELETE', line: '1' }])).toBeUndefined();
		expect(gateKeys('wf:n', [])).toBeUndefined();
	});
});
