// Type declarations for `npm run sandbox` (plain CommonJS in start.js), for TypeScript tests.
import type { Chat2DeskSimulator, Chat2DeskSimulatorOptions } from './chat2desk';
import type { Bitrix24Simulator, Bitrix24SimulatorOptions } from './bitrix24';

export interface Sandbox {
	chat2desk: Chat2DeskSimulator;
	bitrix24: Bitrix24Simulator;
	chat2deskUrl: string;
	bitrix24Url: string;
	close(): Promise<void>;
}

/** Env: SIM_PROFILE, SIM_SEED, CHAT2DESK_SIM_CONFIG, BITRIX24_SIM_CONFIG (JSON), ports, tokens; argv: --profile, --seed, --chat2desk, --bitrix24. */
export function startSandbox(
	env?: Record<string, string | undefined>,
	argv?: string[],
): Promise<Sandbox>;

export function sandboxOptions(
	env?: Record<string, string | undefined>,
	argv?: string[],
): { chat2desk: Chat2DeskSimulatorOptions; bitrix24: Bitrix24SimulatorOptions };
