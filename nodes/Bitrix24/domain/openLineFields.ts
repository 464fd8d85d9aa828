import type { IDataObject } from 'n8n-workflow';

import { CONNECTOR_NAME_MAX_LENGTH, sanitizeBitrixName } from './messageText';
import { normalisePhone } from '../../shared/domain/phone';

/**
 * The client and file fields of an Open Line message built from Chat2Desk data: downloadable files,
 * a real phone and a name `imconnector.send.messages` accepts. Pure.
 */

export interface OpenLineFile {
	url: string;
	name: string;
}

const MEDIA_FIELDS = ['photo', 'pdf', 'audio', 'video'];

/** Full `http(s)` URLs only: Chat2Desk media fields may hold storage-relative paths. */
const isFullUrl = (value: unknown): value is string =>
	typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim());

function fileNameOf(url: string, fallback: string): string {
	const path = url.split(/[?#]/)[0];
	const last = path.slice(path.lastIndexOf('/') + 1);
	try {
		return decodeURIComponent(last) || fallback;
	} catch {
		// Only a non-empty name can hold a malformed escape.
		return last;
	}
}

/** Files Bitrix24 can download: attachment links, then the media fields; each URL once. */
export function collectFiles(source: IDataObject, attachments: unknown): OpenLineFile[] {
	const files: OpenLineFile[] = [];
	const seen = new Set<string>();
	const add = (value: unknown, name: unknown, fallback: string) => {
		if (!isFullUrl(value)) return;
		const url = value.trim();
		if (seen.has(url)) return;
		seen.add(url);
		const given = typeof name === 'string' ? name.trim() : '';
		files.push({ url, name: given || fileNameOf(url, fallback) });
	};
	if (Array.isArray(attachments)) {
		// Entries that are no objects carry no URL string under these keys, so `add` skips them.
		for (const entry of attachments as Array<IDataObject | null | undefined>) {
			add(entry?.link ?? entry?.url, entry?.name, 'file');
		}
	}
	for (const field of MEDIA_FIELDS) add(source[field], undefined, field);
	return files;
}

/** A real phone (7–15 digits) from `client_phone`, else from a digits-only `phone`; `+` and digits. */
export function realPhone(client: IDataObject | undefined): string | undefined {
	if (!client) return undefined;
	for (const value of [client.client_phone, client.phone]) {
		// Only what looks like a phone: digits with the usual separators (a number reads as its digits).
		if (!/^\s*\+?[\d\s().-]+$/.test(String(value))) continue;
		const digits = normalisePhone(value);
		if (digits.length >= 7 && digits.length <= 15) return `+${digits}`;
	}
	return undefined;
}

/** Messenger pseudo-names such as `[tg] 807892` or a name that is just the transport identity. */
function isPseudoName(name: string, client: IDataObject): boolean {
	return /^\s*\[[^\]]*\]/.test(name) || name.trim() === String(client.phone ?? '').trim();
}

/**
 * `user.name` / `user.last_name` by the Bitrix24 rules from the operator-assigned name, else the
 * messenger name. A name longer than 25 characters keeps its last word as the last name instead of
 * being cut. With a client but no usable name: the phone digits, else `Client <id>`. Without client
 * data: nothing.
 */
export function clientNames(
	client: IDataObject | undefined,
	clientId: string,
	phone: string | undefined,
): { userName?: string; userLastName?: string } {
	if (!client) return {};
	for (const candidate of [client.assigned_name, client.name]) {
		if (typeof candidate !== 'string' || isPseudoName(candidate, client)) continue;
		// Runs of spaces leave empty words, which the filter drops with the emptied ones.
		const words = candidate
			.split(/\s/)
			.map(sanitizeBitrixName)
			.filter((word) => word !== '');
		if (words.length === 0) continue;
		const joined = words.join(' ');
		// One word never splits: each word is already cut to the limit.
		if (Array.from(joined).length > CONNECTOR_NAME_MAX_LENGTH) {
			return {
				userName: sanitizeBitrixName(words.slice(0, -1).join(' ')),
				userLastName: words[words.length - 1],
			};
		}
		return { userName: sanitizeBitrixName(joined) };
	}
	return { userName: phone ? phone.replace(/\D/g, '') : `Client ${clientId}` };
}
