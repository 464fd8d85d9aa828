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

// Tolerant: any case, optional spaces, optional [br] / newline after the colon block. The part between
// the tags excludes `[`, so it has one way to match: the former `\s*(…*?)\s*:\s*` split a run of
// spaces three ways and took 22.8 s on `[b]` followed by 4,000 spaces.
const SIGNATURE = /^\s*\[b\]([^[\]]*)\[\/b\][ \t]*(?:\[br\]|\r?\n)?[ \t]*/i;

/** Split the `[b]Name:[/b]` operator signature from a message text. */
export function parseOperatorSignature(text: string): SignedText {
	const match = SIGNATURE.exec(text);
	if (!match) return { body: text };
	const inner = match[1].trim();
	if (!inner.endsWith(':')) return { body: text };
	const name = inner.slice(0, -1).trim();
	if (name === '' || /[\r\n]/.test(name)) return { body: text };
	return { operatorName: name, body: text.slice(match[0].length) };
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
	out = out.replace(/\[url\]([\s\S]*?)\[\/url\]/gi, (_m, url: string) => url.trim());
	out = out.replace(/\[url=([^\]]*)\]([\s\S]*?)\[\/url\]/gi, (_m, url: string, label: string) => {
		const target = url.trim().replace(/^["']|["']$/g, '');
		const caption = label.trim();
		if (!caption || caption === target) return target;
		return `${caption} (${target})`;
	});
	out = out.replace(
		/\[quote\]([\s\S]*?)\[\/quote\]\n?/gi,
		(_m, quoted: string) =>
			`${quoted
				.trim()
				.split('\n')
				.map((line) => `> ${line}`)
				.join('\n')}\n`,
	);
	// Self-closing/informational codes carry no readable text.
	out = out.replace(/\[(?:disk|icon|timestamp|attach|file)[=\s][^\]]*\]/gi, '');
	out = out.replace(/\[img(?:\s[^\]]*)?\]([\s\S]*?)\[\/img\]/gi, (_m, url: string) => url.trim());
	for (const tag of VALUE_TAGS) {
		out = out.replace(new RegExp(`\\[${tag}(?:=[^\\]]*)?\\]`, 'gi'), '');
		out = out.replace(new RegExp(`\\[\\/${tag}\\]`, 'gi'), '');
	}
	for (const tag of BLOCK_TAGS) {
		out = out.replace(new RegExp(`\\[\\/?${tag}\\]`, 'gi'), '');
	}
	// Quote separators Bitrix24 draws around forwarded text.
	out = out.replace(/^-{6,}$/gm, '');
	return out
		.replace(/[ \t]+\n/g, '\n')
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
		.replace(/[^\p{L}\p{M} '-]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const limited = Array.from(cleaned).slice(0, CONNECTOR_NAME_MAX_LENGTH).join('').trim();
	const result = limited.replace(/^[-' ]+|[-' ]+$/g, '');
	return result === '' ? undefined : result;
}

/** Remove a URL fragment (Bitrix24 appends `#img.jpg` to image links). */
export function stripUrlFragment(url: string): string {
	const hash = url.indexOf('#');
	return hash === -1 ? url : url.slice(0, hash);
}
