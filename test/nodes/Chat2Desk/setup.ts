import nock from 'nock';

import { chat2DeskRetries } from '../../../nodes/Chat2Desk/transport';
import { BASE_URL, TOKEN } from './helpers';

/** nock without real network, no retry waits, and a check that every expected request was made. */
export function useNock(): void {
	let restoreRetries: () => void;
	beforeAll(() => {
		nock.disableNetConnect();
		restoreRetries = chat2DeskRetries.configure({ wait: async () => {}, random: () => 0.5 });
	});
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => {
		restoreRetries();
		nock.enableNetConnect();
	});
}

/** Chat2Desk API mock that only matches the raw token header. */
export const api = () => nock(BASE_URL).matchHeader('authorization', TOKEN);
