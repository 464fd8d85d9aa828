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

	it('names the reason', () => {
		expect(checkFileUrl('http://169.254.169.254/')).toEqual({
			ok: false,
			reason: expect.stringContaining('link-local'),
		});
	});
});
