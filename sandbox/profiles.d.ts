// Type declarations for the simulator profiles (plain CommonJS in profiles.js).
import type { Chat2DeskSimulatorOptions } from './chat2desk';
import type { Bitrix24ModeOptions } from './bitrix24';

export type ProfileName = 'friendly' | 'hostile';

export interface SimulatorProfile {
	chat2desk: Required<
		Pick<
			Chat2DeskSimulatorOptions,
			| 'deliveryConcurrency'
			| 'deliveryShuffleWindowMs'
			| 'deliveryDuplicateRate'
			| 'deliveryDuplicateDelayMs'
			| 'retryWhileRunning'
			| 'signatureMode'
			| 'echoExternalId'
		>
	> & { sparseEvents: boolean };
	bitrix24: Required<Bitrix24ModeOptions>;
}

export const PROFILES: Readonly<Record<ProfileName, SimulatorProfile>>;
export function profileOptions(
	profile: string,
	simulator: 'chat2desk',
): SimulatorProfile['chat2desk'];
export function profileOptions(
	profile: string,
	simulator: 'bitrix24',
): SimulatorProfile['bitrix24'];
