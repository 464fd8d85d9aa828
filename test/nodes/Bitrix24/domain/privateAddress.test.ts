import { checkFileUrl } from '../../../../nodes/Bitrix24/domain/privateAddress';

describe('checkFileUrl', () => {
	it.each([
		'http://127.0.0.1/file.jpg',
		'http://127.1/x',
		'http://2130706433/x',
		'http://0x7f000001/x',
		'http://169.254.169.254/latest/meta-data/',
		'http://10.1.2.3/x',
		'http://172.16.0.1/x',
		'http://172.31.255.255/x',
		'http://192.168.1.10:8080/x',
		'http://100.64.0.1/x',
		'http://0.0.0.0/x',
		'http://[::1]/x',
		'http://[::ffff:127.0.0.1]/x',
		'http://[::ffff:169.254.169.254]/x',
		'http://[fd00::1]/x',
		'http://[fe80::1]/x',
		'http://localhost:5678/x',
		'http://files.localhost/x',
		'http://metadata.google.internal/x',
		'http://intranet/x',
		'file:///etc/passwd',
		'ftp://files.example.com/x',
		'gopher://example.com/x',
		'not a url',
	])('blocks %s', (url) => {
		const verdict = checkFileUrl(url);
		expect(verdict.ok).toBe(false);
	});

	it.each([
		'https://cdn.example.com/photo.jpg',
		'http://8.8.8.8/x',
		'https://172.32.0.1/x',
		'https://192.169.0.1/x',
		'https://[2001:db8::1]/x',
		'https://[2a00:1450:4001::200e]/x',
		'https://files.chat2desk.com/a/b.pdf?x=1',
	])('allows %s', (url) => {
		expect(checkFileUrl(url)).toEqual({ ok: true });
	});

	it.each([
		['http://0.1.2.3/x', '0.1.2.3 is a "this network" address (0.0.0.0/8)'],
		['http://10.0.0.1/x', '10.0.0.1 is a private address (10.0.0.0/8)'],
		['http://10.0.0.10/x', '10.0.0.10 is a private address (10.0.0.0/8)'],
		['http://0177.0.0.1/x', '127.0.0.1 is a loopback address (127.0.0.0/8)'],
		['http://169.254.0.1/x', '169.254.0.1 is a link-local address (169.254.0.0/16, cloud metadata)'],
		['http://172.16.0.1/x', '172.16.0.1 is a private address (172.16.0.0/12)'],
		['http://172.31.0.1/x', '172.31.0.1 is a private address (172.16.0.0/12)'],
		['http://192.168.0.1/x', '192.168.0.1 is a private address (192.168.0.0/16)'],
		['http://100.64.0.1/x', '100.64.0.1 is a shared address (100.64.0.0/10)'],
		['http://100.127.0.1/x', '100.127.0.1 is a shared address (100.64.0.0/10)'],
		['http://192.0.0.1/x', '192.0.0.1 is a reserved address (192.0.0.0/24)'],
		['http://198.18.0.1/x', '198.18.0.1 is a benchmarking address (198.18.0.0/15)'],
		['http://198.19.0.1/x', '198.19.0.1 is a benchmarking address (198.18.0.0/15)'],
		['http://224.0.0.1/x', '224.0.0.1 is a multicast or reserved address'],
		['http://255.255.255.255/x', '255.255.255.255 is a multicast or reserved address'],
		['http://[::]/x', '[::] is the unspecified address (::)'],
		['http://[::1]:8080/x', '[::1]:8080 is a loopback address (::1)'],
		['http://[::ffff:127.0.0.1]/x', '[::ffff:7f00:1] is a loopback address (127.0.0.0/8), IPv4-mapped'],
		['http://[::ffff:172.31.255.1]/x', '[::ffff:ac1f:ff01] is a private address (172.16.0.0/12), IPv4-mapped'],
		['http://[fc00::1]/x', '[fc00::1] is a unique local address (fc00::/7)'],
		['http://[fdff::1]/x', '[fdff::1] is a unique local address (fc00::/7)'],
		['http://[fe80::1]/x', '[fe80::1] is a link-local address (fe80::/10)'],
		['http://[febf::1]/x', '[febf::1] is a link-local address (fe80::/10)'],
		['http://[ff02::1]/x', '[ff02::1] is a multicast address (ff00::/8)'],
		['http://localhost./x', 'localhost. is a local host name'],
		['http://a.localdomain/x', 'a.localdomain is a local host name'],
		['http://printer.local/x', 'printer.local is a local host name'],
		['http://nas.home.arpa/x', 'nas.home.arpa is a local host name'],
		['http://intranet/x', 'intranet is a local host name'],
		['http://./x', 'no host'],
		['file:///etc/passwd', 'the scheme file: is not http(s)'],
		['not a url', 'not an absolute URL'],
	])('gives the reason for %s', (url, reason) => {
		expect(checkFileUrl(url)).toStrictEqual({ ok: false, reason });
	});

	it.each([
		'http://172.15.0.1/x',
		'http://100.63.0.1/x',
		'http://100.128.0.1/x',
		'http://169.253.0.1/x',
		'http://169.255.0.1/x',
		'http://192.167.0.1/x',
		'http://192.0.1.1/x',
		'http://198.17.0.1/x',
		'http://198.20.0.1/x',
		'http://223.255.255.255/x',
		'http://11.0.0.1/x',
		// The second number alone does not make a private range.
		'http://8.254.0.1/x',
		'http://8.168.0.1/x',
		'http://8.64.0.1/x',
		'http://8.18.0.1/x',
		// Names that only look like addresses.
		'http://10.0.0.x1/x',
		'http://10.0.0.1x/x',
		'http://[1::ffff:7f00:1]/x',
		'http://[::2]/x',
		'http://[1::]/x',
		'http://[::1:0]/x',
		'http://[::1:0:1]/x',
		'http://[::ffff:8.8.8.8]/x',
		'http://[::fffe:7f00:1]/x',
		'http://[fb00::1]/x',
		'http://[fe00::1]/x',
		'http://[fec0::1]/x',
		'http://[1:2:3:4:5:6:7:8]/x',
		'http://localhost.example.com/x',
		'http://xhome.arpa/x',
		'http://notlocal.example/x',
	])('allows %s, just outside a blocked range or name', (url) => {
		expect(checkFileUrl(url)).toStrictEqual({ ok: true });
	});

	it('names the reason', () => {
		expect(checkFileUrl('http://169.254.169.254/')).toEqual({
			ok: false,
			reason: expect.stringContaining('link-local'),
		});
	});
});
