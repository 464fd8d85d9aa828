/**
 * Message texts between Chat2Desk and Bitrix24 Open Lines: group-chat sender prefixes, the operator
 * signature Bitrix24 prepends, BB codes → plain text (`./bbCode`), delivery-error notices. Pure.
 */

export class MessageFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MessageFormatError';
	}
}

/**
 * Group chats: the Chat2Desk client is the group and the sender's phone travels as a text prefix whose
 * exact format is undocumented. Accepted by default: `+79001234567: text`, `79001234567 - text`,
 * `+7 (900) 123-45-67: text`, `+79001234567⏎text` (7–15 digits).
 */
export const DEFAULT_GROUP_SENDER_PATTERN =
	/^\s*\+?(\d[\d ().-]{5,22}\d)[ \t]*(?::|[-\u2013\u2014](?=\s)|\r?\n)\s*/;

export interface GroupSenderSplit {
	/** Digits of the sender's phone, when the text had a sender prefix. */
	senderPhone?: string;
	/** The text without the prefix (unchanged when there was none). */
	text: string;
}

function toPattern(pattern: string | RegExp | undefined): RegExp {
	if (pattern === undefined || pattern === '') return DEFAULT_GROUP_SENDER_PATTERN;
	// A copy, also of a RegExp: its `lastIndex` starts at 0, so a global or sticky flag cannot make
	// `exec` start in the middle of the text.
	let problem: string;
	try {
		return new RegExp(pattern);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new MessageFormatError(`Invalid sender pattern "${pattern}": ${problem}`);
}

/**
 * Splits the sender prefix off a group-chat message. A custom pattern may name its phone group
 * `phone`; otherwise the first group is the phone. The matched span is removed from the text.
 */
export function splitGroupSender(
	text: string,
	options: { pattern?: string | RegExp } = {},
): GroupSenderSplit {
	const source = text ?? '';
	const pattern = toPattern(options.pattern);
	const match = pattern.exec(source);
	if (!match || match[0] === '') return { text: source };
	const rawPhone = match.groups?.phone ?? match[1];
	const digits = rawPhone ? rawPhone.replace(/\D/g, '') : '';
	if (pattern === DEFAULT_GROUP_SENDER_PATTERN && (digits.length < 7 || digits.length > 15)) {
		return { text: source };
	}
	const rest = source.slice(0, match.index) + source.slice(match.index + match[0].length);
	return { senderPhone: digits === '' ? undefined : digits, text: rest };
}

/** `+<phone>: <text>` when signing is on and a phone with digits is known; else the text as is. */
export function signGroupMessage(text: string, senderPhone: unknown, sign: boolean): string {
	const body = text ?? '';
	// `String(undefined)` and `String(null)` have no digits, so a missing phone leaves none.
	const digits = String(senderPhone).replace(/\D/g, '');
	if (!sign || digits === '') return body;
	return body === '' ? `+${digits}:` : `+${digits}: ${body}`;
}

/**
 * Bitrix24 prepends `[b]Name:[/b][br] text` (or `[b]Name:[/b] [br]text`, or just `[b]Name:[/b]` for
 * file-only messages) to operator messages. Only a bold `Name:` that is followed by a line break or the
 * end of the text counts, so an operator's own bold "[b]Note:[/b] …" at the start is left alone.
 *
 * Read by hand in one pass: the regular expression this replaces had three adjacent quantifiers over
 * the same characters and took 22.8 s on `[b]` followed by 4,000 spaces.
 */
export function stripOperatorSignature(text: string): { operatorName?: string; text: string } {
	const source = text ?? '';
	const none = { text: source };
	let at = skipWhitespace(source, 0);
	if (source.slice(at, at + 3).toLowerCase() !== '[b]') return none;
	at += 3;
	const lower = source.toLowerCase();
	const close = lower.indexOf('[/b]', at);
	if (close === -1) return none;
	const inner = source.slice(at, close);
	// One line, and no other bold tag inside the signature.
	if (/[\r\n]/.test(inner) || lower.slice(at, close).includes('[b]')) return none;
	const beforeColon = inner.replace(/[ \t]+$/, '');
	if (!beforeColon.endsWith(':')) return none;
	const name = beforeColon.slice(0, -1).trim();
	if (name === '') return none;
	let rest = close + 4;
	while (source[rest] === ' ' || source[rest] === '\t') rest++;
	if (lower.startsWith('[br]', rest)) rest += 4;
	else if (source.startsWith('\r\n', rest)) rest += 2;
	else if (source[rest] === '\n') rest += 1;
	else if (rest !== source.length) return none;
	return { operatorName: name, text: source.slice(skipWhitespace(source, rest)) };
}

function skipWhitespace(text: string, from: number): number {
	let at = from;
	// Past the end `charCodeAt` is NaN, which is no whitespace: the walk stops there.
	while (isWhitespace(text.charCodeAt(at))) at++;
	return at;
}

function isWhitespace(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff;
}

/** Puts the operator's name into the text with `{name}` / `{text}` placeholders, when signing is on. */
export function signOperatorName(
	text: string,
	name: unknown,
	sign: boolean,
	format = '{name}: {text}',
): string {
	const body = text ?? '';
	const operator = typeof name === 'string' ? name.trim() : '';
	if (!sign || operator === '') return body;
	const template = format.includes('{text}') ? format : `${format}{text}`;
	const signed = template.replace(/\{(name|text)\}/g, (_match, key: string) =>
		key === 'name' ? operator : body,
	);
	return body === '' ? signed.trim() : signed;
}

/**
 * Makes the BB codes of a client's text inert, so `[URL=…]`, `[USER=1]`, `[img]` (a tracking pixel
 * would show operators' IP addresses) and a fake bold "Operator:" signature render as the characters
 * the client typed. A zero-width space after the bracket stops Bitrix24 from reading a tag; the text
 * looks the same. Linear: one pass, no backtracking.
 */
export function neutraliseBbCodes(text: string): string {
	return (text ?? '').replace(/\[(?=\/?[a-z*])/gi, '[\u200b');
}

/** Cuts a text to at most `max` characters (code points, so emoji and Cyrillic never split). */
export function truncateText(text: string, max: number): string {
	const source = text ?? '';
	if (source.length <= max) return source;
	// Walks code points only as far as needed: a 256 KB text costs no more than the cap.
	let index = 0;
	let count = 0;
	let keep = 0;
	while (index < source.length) {
		if (count === Math.max(0, max - 1)) keep = index;
		if (count === max) break;
		const code = source.charCodeAt(index);
		// A lone high surrogate at the very end moves the index past the end, which ends the walk too.
		index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
		count++;
	}
	if (index >= source.length && count <= max) return source;
	return `${source.slice(0, keep).trimEnd()}…`;
}

export interface DeliveryErrorInput {
	/** Why Chat2Desk could not deliver (from `outbox_status`); empty → "reason unknown". */
	reason?: unknown;
	/** The undelivered text, quoted in the notice (shortened). */
	text?: unknown;
	messageId?: unknown;
	/** Longest quoted excerpt; default 200 characters. */
	maxTextLength?: number;
}

/** The text posted into the Open Line when an operator's message could not be delivered. */
export function deliveryErrorNotice(input: DeliveryErrorInput): string {
	const reasonText =
		typeof input.reason === 'string' || typeof input.reason === 'number'
			? String(input.reason).trim()
			: '';
	const lines = [
		`⚠ Message was not delivered to the client: ${reasonText === '' ? 'reason unknown' : reasonText}`,
	];
	const text = typeof input.text === 'string' ? input.text.trim() : '';
	if (text !== '')
		lines.push(`Message: "${truncateText(text.replace(/\s+/g, ' '), input.maxTextLength ?? 200)}"`);
	const messageId =
		typeof input.messageId === 'string' || typeof input.messageId === 'number'
			? String(input.messageId).trim()
			: '';
	if (messageId !== '') lines.push(`Chat2Desk message ID: ${messageId}`);
	return lines.join('\n');
}

/**
 * Fills `{placeholder}`s of a user template from `values`. Unknown placeholders stay as written;
 * known ones without a value become empty, and the whitespace that leaves at either end is trimmed.
 */
export function fillTemplate(template: string, values: Record<string, unknown>): string {
	const filled = (template ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => {
		if (!Object.prototype.hasOwnProperty.call(values, key)) return whole;
		const value = values[key];
		return value === undefined || value === null ? '' : String(value);
	});
	return filled.trim();
}
