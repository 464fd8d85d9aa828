/** Bitrix24 chat BB codes → plain text for messengers. Pure module. */

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
};

/** Decodes the HTML entities Bitrix24 may leave in message texts. */
export function decodeHtmlEntities(text: string): string {
	return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]+);/gi, (whole, entity: string) => {
		if (entity[0] === '#') {
			const code =
				entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		const name = entity.toLowerCase();
		// Own entries only: `&constructor;` must not reach Object.prototype.
		return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : whole;
	});
}

/** The value of `name=` in an attribute list that starts with a space. */
function attribute(attributes: string, name: string): string | undefined {
	// The value ends before the next ` word=`; spaces left at its end are trimmed below.
	const match = new RegExp(`\\s${name}=(.*?)(?=\\s\\w+=|$)`, 'i').exec(attributes);
	return match ? match[1].trim().replace(/^["']|["']$/g, '') : undefined;
}

function formatTimestamp(seconds: string): string {
	const date = new Date(Number(seconds) * 1000);
	return Number.isFinite(date.getTime())
		? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
		: '';
}

const FORMATTING_TAGS = [
	'b',
	'i',
	'u',
	's',
	'del',
	'color',
	'size',
	'font',
	'left',
	'right',
	'center',
	'justify',
	'p',
	'list',
];
/** Marks code blocks while the other codes are converted (a private-use character). */
const PLACEHOLDER = '\uE000';
const LABEL_TAGS = ['user', 'chat', 'send', 'put', 'call', 'context', 'lines'];

/**
 * Bitrix24 chat BB codes → plain text for a messenger. Formatting is dropped, line breaks become
 * newlines, links keep their target (`label (url)`), mentions and buttons keep their label, quotes get
 * `> `, code keeps its content verbatim, images become their URL, icons their title, timestamps a UTC
 * date; `[disk=…]` (a file shown separately) is removed. Unknown bracketed text is kept.
 */
export function bbCodeToPlain(text: string, options: { decodeEntities?: boolean } = {}): string {
	const codeBlocks: string[] = [];
	let out = (text ?? '').replace(/\[code\]([\s\S]*?)\[\/code\]/gi, (_match, code: string) => {
		codeBlocks.push(code.replace(/^\r?\n|\r?\n$/g, ''));
		return `${PLACEHOLDER}${codeBlocks.length - 1}${PLACEHOLDER}`;
	});

	out = out.replace(/\[br\s*\/?\]/gi, '\n');
	out = out.replace(/\[\*\]\s*/g, '\n- ');
	out = out.replace(
		new RegExp(`\\[\\/?(?:${FORMATTING_TAGS.join('|')})(?:=[^\\][]*)?\\]`, 'gi'),
		'',
	);
	out = out.replace(/\[url\]([\s\S]*?)\[\/url\]/gi, (_match, url: string) => url.trim());
	out = out.replace(
		/\[url=([^\][]*)\]([\s\S]*?)\[\/url\]/gi,
		(_match, url: string, label: string) => {
			const target = url.trim().replace(/^["']|["']$/g, '');
			const caption = label.trim();
			return caption === '' || caption === target ? target : `${caption} (${target})`;
		},
	);
	for (const tag of LABEL_TAGS) {
		out = out.replace(
			new RegExp(`\\[${tag}(?:=([^\\][]*))?\\]([\\s\\S]*?)\\[\\/${tag}\\]`, 'gi'),
			(_match, value: string | undefined, label: string) =>
				label.trim() !== '' ? label : (value ?? '').trim().replace(/^["']|["']$/g, ''),
		);
	}
	out = out.replace(/\[img(?:\s[^\][]*)?\]([\s\S]*?)\[\/img\]/gi, (_match, url: string) =>
		url.trim(),
	);
	out = out.replace(
		/\[icon=([^\][]*)\]/gi,
		(_match, attributes: string) => attribute(` ${attributes}`, 'title') ?? '',
	);
	out = out.replace(/\[timestamp=(\d+)[^\][]*\]/gi, (_match, seconds: string) =>
		formatTimestamp(seconds),
	);
	out = out.replace(/\[(?:disk|attach|file)=[^\][]*\]/gi, '');

	// Innermost quotes first, so nested quotes get one `> ` per level.
	const quote = /\[quote\]((?:(?!\[quote\])[\s\S])*?)\[\/quote\]/i;
	while (quote.test(out)) {
		out = out.replace(
			quote,
			(_match, body: string) =>
				`\n${body
					.trim()
					.split(/\r?\n/)
					.map((line) => `> ${line}`)
					.join('\n')}\n`,
		);
	}

	if (options.decodeEntities !== false) out = decodeHtmlEntities(out);
	out = out.replace(
		new RegExp(`${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'),
		(_match, index: string) => codeBlocks[Number(index)],
	);
	return trimLineEnds(out).replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Spaces and tabs at the end of every line removed, in one pass: `/[ \t]+\r?\n/g` rescans a run of
 * spaces from each of its positions and took seconds on a long one.
 */
function trimLineEnds(text: string): string {
	return text
		.split('\n')
		.map((line) => {
			let end = line.endsWith('\r') ? line.length - 1 : line.length;
			// At the start `line[-1]` is undefined, which ends the walk.
			while (line[end - 1] === ' ' || line[end - 1] === '\t') end--;
			return line.slice(0, end);
		})
		.join('\n');
}
