/**
 * Text of Open Lines messages: the operator signature Bitrix24 prepends (`[b]Name:[/b][br] text`),
 * BB codes → plain text, and the name rules of `imconnector.send.messages`. Pure module.
 */

export interface SignedText {
	/** Operator name from the `[b]Name:[/b]` prefix, if the text starts with one. */
	operatorName?: string;
	/** The text after the signature (unchanged BB codes), or the whole text without a signature. */
	body: string;
}

/**
 * `^\s*[b]\s*Name\s*:\s*[/b]\s*([br]|\r?\n)?[ \t]*`, any case, read by hand: the equivalent regular
 * expression backtracks cubically on `[b]` followed by a long run of spaces.
 */
function matchSignature(text: string): { name: string; end: number } | undefined {
	const start = text.length - text.trimStart().length;
	if (text.slice(start, start + 3).toLowerCase() !== '[b]') return undefined;
	// Only spaces come before `start`, so the first `[/b]` anywhere is the first after `[b]`. Searched
	// in `text` itself: lower-casing may lengthen it (İ) and shift the index.
	const close = text.search(/\[\/b\]/i);
	if (close === -1) return undefined;
	const inner = text.slice(start + 3, close).trimEnd();
	if (!inner.endsWith(':')) return undefined;
	const name = inner.slice(0, -1).trim();
	if (/[[\]\r\n]/.test(name)) return undefined;
	// `\s*` after `[/b]` takes every line break, so the optional `\r?\n` never has one left to take.
	let end = text.length - text.slice(close + 4).trimStart().length;
	if (text.slice(end, end + 4).toLowerCase() === '[br]') end += 4;
	// Past the end, text[end] is undefined: the loop stops there.
	while (text[end] === ' ' || text[end] === '\t') end += 1;
	return { name, end };
}

/** Split the `[b]Name:[/b]` operator signature from a message text. */
export function parseOperatorSignature(text: string): SignedText {
	const match = matchSignature(text);
	if (!match || match.name === '') return { body: text };
	return { operatorName: match.name, body: text.slice(match.end) };
}

/**
 * `regex` applied only up to the last `closeTag`: an opening tag with no closing tag after it would
 * make a lazy `[\s\S]*?` scan to the end of the text from every such opening (quadratic).
 */
function replacePaired(
	text: string,
	closeTag: string,
	regex: RegExp,
	replacer: (...args: string[]) => string,
): string {
	// One character past the last closing tag: the quote pattern also takes a line break right after
	// it. Without a closing tag `cut` is shorter than a pair, so nothing is replaced.
	const cut = text.toLowerCase().lastIndexOf(closeTag) + closeTag.length + 1;
	return text.slice(0, cut).replace(regex, replacer) + text.slice(cut);
}

/** Trailing spaces/tabs of every line, removed without a backtracking pattern. */
function trimLineEnds(text: string): string {
	return text
		.split('\n')
		.map((line) => {
			let end = line.length;
			// line[-1] is undefined, so the loop stops at the start of the line.
			while (line[end - 1] === ' ' || line[end - 1] === '\t') end -= 1;
			return line.slice(0, end);
		})
		.join('\n');
}

const BLOCK_TAGS = ['b', 'i', 'u', 's', 'del', 'code', 'left', 'right', 'center', 'justify'];
const VALUE_TAGS = [
	'color',
	'size',
	'font',
	'user',
	'chat',
	'send',
	'put',
	'call',
	'context',
	'lines',
];

/** Convert Bitrix24 chat BB codes to plain text (links keep their target in parentheses). */
export function bbCodeToPlainText(text: string): string {
	let out = text;
	out = out.replace(/\[br\]/gi, '\n');
	// Attribute values stop at `[` as well as `]`, so a failed opening costs O(1), not a scan.
	out = replacePaired(out, '[/url]', /\[url\]([\s\S]*?)\[\/url\]/gi, (_m, url: string) =>
		url.trim(),
	);
	out = replacePaired(
		out,
		'[/url]',
		/\[url=([^\][]*)\]([\s\S]*?)\[\/url\]/gi,
		(_m, url: string, label: string) => {
			const target = url.trim().replace(/^["']|["']$/g, '');
			const caption = label.trim();
			if (!caption || caption === target) return target;
			return `${caption} (${target})`;
		},
	);
	out = replacePaired(
		out,
		'[/quote]',
		/\[quote\]([\s\S]*?)\[\/quote\]\n?/gi,
		(_m, quoted: string) =>
			`${quoted
				.trim()
				.split('\n')
				.map((line) => `> ${line}`)
				.join('\n')}\n`,
	);
	// Self-closing/informational codes carry no readable text.
	out = out.replace(/\[(?:disk|icon|timestamp|attach|file)[=\s][^\][]*\]/gi, '');
	out = replacePaired(
		out,
		'[/img]',
		/\[img(?:\s[^\][]*)?\]([\s\S]*?)\[\/img\]/gi,
		(_m, url: string) => url.trim(),
	);
	for (const tag of VALUE_TAGS) {
		out = out.replace(new RegExp(`\\[${tag}(?:=[^\\][]*)?\\]`, 'gi'), '');
		out = out.replace(new RegExp(`\\[\\/${tag}\\]`, 'gi'), '');
	}
	for (const tag of BLOCK_TAGS) {
		out = out.replace(new RegExp(`\\[\\/?${tag}\\]`, 'gi'), '');
	}
	// Quote separators Bitrix24 draws around forwarded text.
	out = out.replace(/^-{6,}$/gm, '');
	return trimLineEnds(out)
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** Plain text of an operator message: signature removed, BB codes converted. */
export function operatorMessagePlainText(text: string): {
	operatorName?: string;
	textPlain: string;
} {
	const { operatorName, body } = parseOperatorSignature(text);
	return { operatorName, textPlain: bbCodeToPlainText(body) };
}

export const CONNECTOR_NAME_MAX_LENGTH = 25;

/**
 * Sanitise `user.name` / `user.last_name` for `imconnector.send.messages`: letters, spaces, hyphens and
 * apostrophes only, at most 25 characters (Unicode-aware). Returns undefined when nothing is left.
 */
export function sanitizeConnectorName(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const cleaned = String(value)
		.normalize('NFC')
		.replace(/[’ʼ`]/g, "'")
		.replace(/[^\p{L}\p{M} '-]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	// A space left at the cut goes with the trailing punctuation below.
	const limited = Array.from(cleaned).slice(0, CONNECTOR_NAME_MAX_LENGTH).join('');
	const result = limited.replace(/^[-' ]+|[-' ]+$/g, '');
	return result === '' ? undefined : result;
}

/** `sanitizeConnectorName` for fields that want a string: empty when nothing is left. */
export function sanitizeBitrixName(name: unknown): string {
	return sanitizeConnectorName(name) ?? '';
}

/** Remove a URL fragment (Bitrix24 appends `#img.jpg` to image links). */
export function stripUrlFragment(url: string): string {
	const hash = url.indexOf('#');
	return hash === -1 ? url : url.slice(0, hash);
}
