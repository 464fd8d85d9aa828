/**
 * `npm run sandbox` options: the profile, seed and per-simulator JSON options from the environment and
 * the command line.
 */
import { sandboxOptions, startSandbox } from '../../sandbox/start';

const PORTS = { CHAT2DESK_SIM_PORT: '0', BITRIX24_SIM_PORT: '0' };

describe('sandbox start options', () => {
	it('SIM_PROFILE=hostile starts both simulators hostile; the JSON options override the profile', async () => {
		const sandbox = await startSandbox({
			...PORTS,
			SIM_PROFILE: 'hostile',
			SIM_SEED: '9',
			CHAT2DESK_SIM_CONFIG: '{"signatureMode":"off"}',
			BITRIX24_SIM_CONFIG: '{"storedThenFailure":"timeout"}',
		});
		try {
			expect(sandbox.chat2desk.config).toMatchObject({
				profile: 'hostile',
				seed: 9,
				deliveryConcurrency: 4,
				retryWhileRunning: true,
				signatureMode: 'off',
				signWebhooks: false,
			});
			expect(sandbox.bitrix24.config).toMatchObject({
				profile: 'hostile',
				seed: 9,
				eventConcurrency: 4,
				storedThenFailRate: 0.3,
				storedThenFailure: 'timeout',
			});
		} finally {
			await sandbox.close();
		}
	});

	it('without any of them both simulators are friendly', async () => {
		const sandbox = await startSandbox({ ...PORTS });
		try {
			expect(sandbox.chat2desk.config).toMatchObject({
				profile: 'friendly',
				deliveryConcurrency: 1,
			});
			expect(sandbox.bitrix24.config).toMatchObject({ profile: 'friendly', storedThenFailRate: 0 });
		} finally {
			await sandbox.close();
		}
	});

	it('the command line wins over the environment', () => {
		const options = sandboxOptions(
			{ SIM_PROFILE: 'friendly', CHAT2DESK_SIM_CONFIG: '{"seed":1}' },
			['--profile', 'hostile', '--chat2desk={"seed":3}', '--bitrix24', '{"eventConcurrency":2}'],
		);
		expect(options.chat2desk).toMatchObject({ profile: 'hostile', seed: 3 });
		expect(options.bitrix24).toMatchObject({ profile: 'hostile', eventConcurrency: 2 });
	});

	it('refuses bad JSON, unknown options and unknown arguments', async () => {
		expect(() => sandboxOptions({ CHAT2DESK_SIM_CONFIG: '{oops' })).toThrow(/not valid JSON/);
		expect(() => sandboxOptions({}, ['--loud'])).toThrow(/Unknown argument/);
		await expect(
			startSandbox({ ...PORTS, BITRIX24_SIM_CONFIG: '{"eventConcurency":2}' }),
		).rejects.toThrow(/unknown option\(s\) eventConcurency/);
	});
});
