'use strict';
// Named presets of the simulators' "known unknowns" modes (see PRODUCT.md, "Known unknowns").
// `friendly` is the behaviour the simulators always had; `hostile` turns every unfriendly reading on
// at once, for the end-to-end suite. A preset only sets mode options; tokens, ports, delays and the
// retry schedule stay as they are. Select one with the `profile` option, `POST /_sim/config
// {"profile": "hostile"}` or `SIM_PROFILE=hostile npm run sandbox`.

const PROFILES = Object.freeze({
	friendly: Object.freeze({
		chat2desk: Object.freeze({
			deliveryConcurrency: 1,
			deliveryShuffleWindowMs: 0,
			deliveryDuplicateRate: 0,
			deliveryDuplicateDelayMs: 1000,
			retryWhileRunning: false,
			signatureMode: 'standard',
			sparseEvents: false,
			echoExternalId: true,
		}),
		bitrix24: Object.freeze({
			storedThenFailRate: 0,
			storedThenFailCount: 0,
			storedThenFailMethods: Object.freeze([
				'imconnector.send.messages',
				'imconnector.update.messages',
				'crm.lead.update',
				'crm.deal.update',
			]),
			storedThenFailure: '504',
			storedThenFailHoldMs: 30000,
			eventDuplicateRate: 0,
			eventDuplicateDelayMs: 1000,
			eventShuffleWindowMs: 0,
			eventConcurrency: 1,
		}),
	}),
	hostile: Object.freeze({
		chat2desk: Object.freeze({
			deliveryConcurrency: 4,
			deliveryShuffleWindowMs: 300,
			deliveryDuplicateRate: 0.3,
			deliveryDuplicateDelayMs: 1000,
			retryWhileRunning: true,
			signatureMode: 'alternate',
			sparseEvents: true,
			echoExternalId: false,
		}),
		bitrix24: Object.freeze({
			storedThenFailRate: 0.3,
			storedThenFailCount: 0,
			storedThenFailMethods: Object.freeze([
				'imconnector.send.messages',
				'imconnector.update.messages',
				'crm.lead.update',
				'crm.deal.update',
			]),
			storedThenFailure: '504',
			storedThenFailHoldMs: 30000,
			eventDuplicateRate: 0.3,
			eventDuplicateDelayMs: 1000,
			eventShuffleWindowMs: 300,
			eventConcurrency: 4,
		}),
	}),
});

/** The mode options of `profile` for one simulator (`chat2desk` or `bitrix24`); throws on an unknown name. */
function profileOptions(profile, simulator) {
	const preset = PROFILES[String(profile)];
	if (!preset) {
		throw new Error(
			`Unknown simulator profile "${profile}" (known: ${Object.keys(PROFILES).join(', ')})`,
		);
	}
	return JSON.parse(JSON.stringify(preset[simulator]));
}

module.exports = { PROFILES, profileOptions };
