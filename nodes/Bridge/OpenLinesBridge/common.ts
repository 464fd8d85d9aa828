import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** What an operation makes of one input item: output items, or the reason it was skipped. */
export type OperationResult = { items: IDataObject[] } | { skipped: string };

/** The "Drop Skipped Items" option every operation offers. */
export function dropSkippedOption(description: string): INodeProperties {
	return {
		displayName: 'Drop Skipped Items',
		name: 'dropSkipped',
		type: 'boolean',
		default: false,
		description: `Whether to ${description.charAt(0).toLowerCase()}${description.slice(1)}`,
	};
}
