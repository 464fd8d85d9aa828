import axios, { type AxiosInstance } from 'axios';

import { createChat2DeskSimulator, type Chat2DeskSimulator } from '../../../sandbox/chat2desk';

export interface Chat2DeskWebhookSuite {
	sim: Chat2DeskSimulator;
	baseUrl: string;
	/** The API as the account (token header); answers every status instead of throwing. */
	api: AxiosInstance;
	/** The simulator's control API (no token). */
	control: AxiosInstance;
}

/**
 * The prelude of a suite about the Chat2Desk simulator's webhooks: one simulator for the file, without
 * rate limits, reset before each test to a short webhook retry schedule (50, 100, 150 ms) so retries fit
 * in a test. `started` receives the simulator and its clients before the suite's own beforeAll runs.
 */
export function useChat2DeskWebhookSimulator(
	token: string,
	started: (suite: Chat2DeskWebhookSuite) => void,
): void {
	let sim: Chat2DeskSimulator | undefined;
	beforeAll(async () => {
		sim = createChat2DeskSimulator({ token, requestsPerSecond: 0, sendRatePerSecond: 0 });
		const baseUrl = await sim.listen(0);
		const api = axios.create({
			baseURL: baseUrl,
			headers: { Authorization: token },
			validateStatus: () => true,
		});
		const control = axios.create({ baseURL: baseUrl, validateStatus: () => true });
		started({ sim, baseUrl, api, control });
	});
	afterAll(async () => {
		await sim?.close();
	});
	beforeEach(() => {
		sim?.reset();
		sim?.configure({ requestsPerSecond: 0, sendRatePerSecond: 0, retrySchedule: [50, 100, 150] });
	});
}
