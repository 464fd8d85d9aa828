/**
 * An in-memory stand-in for n8n's database-backed de-duplication store, so operations that use
 * `this.helpers.checkProcessedAndRecord` can run in the harness. Keys are kept per scope
 * (node id or workflow id), like n8n's `processed_data` table.
 */
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

export class MemoryDeduplicator implements IDataDeduplicator {
	readonly stores = new Map<string, Set<string>>();

	private store(scope: DeduplicationScope, context: ICheckProcessedContextData): Set<string> {
		const key = scope === 'node' ? `node:${context.workflow.id}:${context.node?.id}` : `workflow:${context.workflow.id}`;
		let store = this.stores.get(key);
		if (!store) this.stores.set(key, (store = new Set()));
		return store;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<IDeduplicationOutput> {
		const store = this.store(scope, context);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const key = String(item);
			if (store.has(key)) output.processed.push(item);
			else {
				store.add(key);
				output.new.push(item);
			}
		}
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		const store = this.store(scope, context);
		for (const item of items) store.delete(String(item));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<void> {
		this.store(scope, context).clear();
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<number> {
		return this.store(scope, context).size;
	}
}

let shared: MemoryDeduplicator | undefined;

/** Installs (once per test file) and returns the in-memory store; n8n-core allows one instance. */
export async function useMemoryDeduplication(): Promise<MemoryDeduplicator> {
	if (!shared) {
		shared = new MemoryDeduplicator();
		await DataDeduplicationService.init(shared);
	}
	return shared;
}
