/** The json of a failed item under continue-on-fail, for the regular and the error output. */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { errorJson } from '../../../../nodes/shared/execution/router';

const node: INode = {
	id: 'n1',
	name: 'Bitrix24 Open Lines',
	type: 'n8n-nodes-chat2desk-bitrix24.bitrix24OpenLines',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function apiError() {
	const error = new NodeApiError(node, { error: 'NOT_ACTIVE_LINE' } as JsonObject, {
		message: 'The connector is not active on this line',
		description: 'Activate the connector on the line first',
		httpCode: '400',
	});
	error.context.apiErrorCode = 'NOT_ACTIVE_LINE';
	return error;
}

/** n8n-core moves an item to the error output only when its json has just these keys. */
const ERROR_OUTPUT_KEYS = ['error', 'message', 'details'];

describe('errorJson', () => {
	it('keeps the details at the top level for the regular output', () => {
		expect(errorJson(apiError())).toEqual({
			error: 'The connector is not active on this line',
			description: 'Activate the connector on the line first',
			httpCode: '400',
			code: 'NOT_ACTIVE_LINE',
		});
	});

	it('nests the details for the error output, so n8n routes the item there', () => {
		const json = errorJson(apiError(), true);
		expect(json).toEqual({
			error: 'The connector is not active on this line',
			details: {
				description: 'Activate the connector on the line first',
				httpCode: '400',
				code: 'NOT_ACTIVE_LINE',
			},
		});
		expect(Object.keys(json).every((key) => ERROR_OUTPUT_KEYS.includes(key))).toBe(true);
	});

	it('has only `error` when there are no details', () => {
		const error = new NodeOperationError(node, 'Chat ID is required', { itemIndex: 0 });
		expect(errorJson(error, true)).toEqual({ error: 'Chat ID is required' });
		expect(errorJson(error)).toEqual({ error: 'Chat ID is required' });
	});
});
