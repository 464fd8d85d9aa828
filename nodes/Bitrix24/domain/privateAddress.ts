/**
 * Is a file URL safe to hand to Bitrix24? Bitrix24 downloads the files of `imconnector.send.messages`
 * itself, so a link to `127.0.0.1`, `169.254.169.254` (cloud metadata) or a private network would make
 * an on-premise portal fetch from inside its own network (SSRF). Only literal addresses and local
 * names can be judged without DNS (a public name that resolves to a private address is not caught).
 * Pure module.
 */

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal|home\.arpa)$/i;

function ipv4Private(parts: number[]): string | undefined {
	const [a, b] = parts;
	if (a === 0) return 'a "this network" address (0.0.0.0/8)';
	if (a === 10) return 'a private address (10.0.0.0/8)';
	if (a === 127) return 'a loopback address (127.0.0.0/8)';
	if (a === 169 && b === 254) return 'a link-local address (169.254.0.0/16, cloud metadata)';
	if (a === 172 && b >= 16 && b <= 31) return 'a private address (172.16.0.0/12)';
	if (a === 192 && b === 168) return 'a private address (192.168.0.0/16)';
	if (a === 100 && b >= 64 && b <= 127) return 'a shared address (100.64.0.0/10)';
	if (a === 192 && b === 0 && parts[2] === 0) return 'a reserved address (192.0.0.0/24)';
	if (a === 198 && (b === 18 || b === 19)) return 'a benchmarking address (198.18.0.0/15)';
	if (a >= 224) return 'a multicast or reserved address';
	return undefined;
}

/**
 * The four numbers of an IPv4 host. The URL parser has already turned every host whose last label is a
 * number into a canonical dotted quad (or refused the URL), so that label alone tells an IPv4 host.
 */
function parseIpv4(host: string): number[] | undefined {
	const labels = host.split('.');
	return /^\d+$/.test(labels[labels.length - 1]) ? labels.map(Number) : undefined;
}

/**
 * Expand an IPv6 literal to eight 16-bit groups. Input comes from the URL parser, which has already
 * validated and serialised it canonically (lower-case hex groups, at most one `::`, embedded IPv4
 * written as hex), so nothing is left to check here.
 */
function parseIpv6(host: string): number[] {
	const [head, tail] = host.split('::').map((half) => (half === '' ? [] : half.split(':')));
	const groups =
		tail === undefined
			? head
			: [...head, ...new Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
	return groups.map((group) => parseInt(group, 16));
}

function ipv6Private(groups: number[]): string | undefined {
	if (groups.every((group) => group === 0)) return 'the unspecified address (::)';
	if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1)
		return 'a loopback address (::1)';
	if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
		const mapped = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255];
		const reason = ipv4Private(mapped);
		return reason ? `${reason}, IPv4-mapped` : undefined;
	}
	if ((groups[0] & 0xfe00) === 0xfc00) return 'a unique local address (fc00::/7)';
	if ((groups[0] & 0xffc0) === 0xfe80) return 'a link-local address (fe80::/10)';
	if ((groups[0] & 0xff00) === 0xff00) return 'a multicast address (ff00::/8)';
	return undefined;
}

/**
 * Verdict for a URL Bitrix24 would fetch: http(s) only, and not a loopback, private, link-local or
 * otherwise internal address or name. The WHATWG URL parser already turns `http://2130706433/`,
 * `http://0x7f.1/` and friends into dotted IPv4, so those forms are caught too.
 */
export function checkFileUrl(value: string): AddressVerdict {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { ok: false, reason: 'not an absolute URL' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { ok: false, reason: `the scheme ${url.protocol} is not http(s)` };
	}
	// An IPv6 hostname is the only one with brackets, always one pair around it.
	const host = url.hostname.replace(/[[\]]/g, '').replace(/\.$/, '');
	if (host === '') return { ok: false, reason: 'no host' };
	const ipv4 = parseIpv4(host);
	const reason = ipv4
		? ipv4Private(ipv4)
		: host.includes(':')
			? ipv6Private(parseIpv6(host))
			: LOCAL_NAMES.test(host) || !host.includes('.')
				? 'a local host name'
				: undefined;
	return reason ? { ok: false, reason: `${url.host} is ${reason}` } : { ok: true };
}
