import type { IDataObject } from 'n8n-workflow';

import {
	clientNames,
	collectFiles,
	realPhone,
} from '../../../../nodes/Bitrix24/domain/openLineFields';

describe('collectFiles', () => {
	it('keeps each URL once, attachments first, and names files from the URL when needed', () => {
		expect(
			collectFiles(
				{
					photo: 'https://x.io/p/1.jpg',
					pdf: 'companies/1/a.pdf',
					audio: 'https://x.io/v.ogg',
				},
				[{ name: 'One', link: 'https://x.io/p/1.jpg' }, { link: 'ftp://x.io/f' }, 'junk'],
			),
		).toEqual([
			{ url: 'https://x.io/p/1.jpg', name: 'One' },
			{ url: 'https://x.io/v.ogg', name: 'v.ogg' },
		]);
		expect(collectFiles({ video: 'https://x.io/' }, undefined)).toEqual([
			{ url: 'https://x.io/', name: 'video' },
		]);
	});

	it.each([
		['http, any case', 'HTTP://x.io/a.png', 'a.png'],
		['surrounding spaces trimmed', '  https://x.io/b.png  ', 'b.png'],
		['query cut from the name', 'https://x.io/c.png?x=/y', 'c.png'],
		['fragment cut from the name', 'https://x.io/d.png#e/f', 'd.png'],
		['escapes decoded', 'https://x.io/%D1%84.txt', 'ф.txt'],
		['a malformed escape kept as it is', 'https://x.io/bad%E0%A4%A.txt', 'bad%E0%A4%A.txt'],
		['no path: the fallback', 'https://x.io/?q=1', 'photo'],
	])('names a media file: %s', (_name, url, fileName) => {
		expect(collectFiles({ photo: url }, [])).toStrictEqual([{ url: url.trim(), name: fileName }]);
	});

	it.each([
		['a storage path', 'companies/1/a.pdf'],
		['text before the scheme', 'see https://x.io/a.pdf'],
		['a space inside', 'https://x.io/a b.pdf'],
		['a scheme only', 'https://'],
		['another scheme', 'ftp://x.io/a.pdf'],
		['not a string', 42],
	])('skips %s', (_name, url) => {
		expect(collectFiles({ pdf: url }, [{ link: url }])).toStrictEqual([]);
	});

	it('reads `url` when an attachment has no `link`, and trims or replaces its name', () => {
		expect(
			collectFiles({}, [
				{ url: 'https://x.io/1.jpg', name: '  Photo  ' },
				{ url: 'https://x.io/2.jpg', name: '   ' },
				{ url: 'https://x.io/3.jpg', name: 7 },
				{ url: 'https://x.io/4' },
			]),
		).toStrictEqual([
			{ url: 'https://x.io/1.jpg', name: 'Photo' },
			{ url: 'https://x.io/2.jpg', name: '2.jpg' },
			{ url: 'https://x.io/3.jpg', name: '3.jpg' },
			{ url: 'https://x.io/4', name: '4' },
		]);
	});

	it('names a nameless attachment "file" when its URL has no file name', () => {
		expect(collectFiles({}, [{ link: 'https://x.io/' }])).toStrictEqual([
			{ url: 'https://x.io/', name: 'file' },
		]);
	});

	it('ignores attachment entries that are not objects, and attachments that are not a list', () => {
		expect(
			collectFiles({}, [
				null,
				['https://x.io/a.jpg'],
				'https://x.io/b.jpg',
				{ link: 'https://x.io/c.jpg' },
			]),
		).toStrictEqual([{ url: 'https://x.io/c.jpg', name: 'c.jpg' }]);
		expect(collectFiles({}, { link: 'https://x.io/a.jpg' })).toStrictEqual([]);
		expect(collectFiles({}, 'https://x.io/a.jpg')).toStrictEqual([]);
		expect(collectFiles({}, [5, undefined])).toStrictEqual([]);
	});

	it('counts a URL with spaces around it as the same URL', () => {
		expect(
			collectFiles({ photo: 'https://x.io/a.jpg' }, [{ link: ' https://x.io/a.jpg ', name: 'A' }]),
		).toStrictEqual([{ url: 'https://x.io/a.jpg', name: 'A' }]);
		expect(
			collectFiles({ photo: ' https://x.io/a.jpg ' }, [{ link: 'https://x.io/a.jpg', name: 'A' }]),
		).toStrictEqual([{ url: 'https://x.io/a.jpg', name: 'A' }]);
		expect(
			collectFiles({ photo: 'https://x.io/a.jpg', pdf: ' https://x.io/a.jpg' }, []),
		).toStrictEqual([{ url: 'https://x.io/a.jpg', name: 'a.jpg' }]);
	});

	it('takes the media fields in the order photo, pdf, audio, video', () => {
		expect(
			collectFiles(
				{
					video: 'https://x.io/v.mp4',
					audio: 'https://x.io/a.ogg',
					pdf: 'https://x.io/d.pdf',
					photo: 'https://x.io/p.jpg',
				},
				[],
			).map((file) => file.name),
		).toStrictEqual(['p.jpg', 'd.pdf', 'a.ogg', 'v.mp4']);
	});
});

describe('realPhone', () => {
	it.each([
		[{ client_phone: '+7 (900) 765-43-21', phone: '79001112233' }, '+79007654321'],
		[{ client_phone: null, phone: '79001112233' }, '+79001112233'],
		[{ phone: '[tg] 807892' }, undefined],
		[{ phone: '[chat] 1d0bb2e221762cfcc05c' }, undefined],
		[{ phone: '120363025246125486' }, undefined],
		[{ client_phone: 'call me', phone: 'abc' }, undefined],
		[{ phone: 79001112233 }, '+79001112233'],
		[undefined, undefined],
		// 7 and 15 digits are the bounds of a real phone.
		[{ phone: '1234567' }, '+1234567'],
		[{ phone: '123456' }, undefined],
		[{ phone: '123456789012345' }, '+123456789012345'],
		[{ phone: '1234567890123456' }, undefined],
		[{ phone: '  +49 151 1234567' }, '+491511234567'],
		[{ phone: 'tel 79001112233' }, undefined],
		[{ phone: '79001112233 ext' }, undefined],
		[{ phone: '+7 900 123.45.67' }, '+79001234567'],
		[{ client_phone: '12', phone: '79001112233' }, '+79001112233'],
		[{ client_phone: true, phone: '79001112233' }, '+79001112233'],
	])('%p → %p', (client, expected) => {
		expect(realPhone(client as IDataObject | undefined)).toBe(expected);
	});
});

describe('clientNames', () => {
	it.each([
		[
			'assigned name first',
			{ assigned_name: 'Peter (VIP)', name: 'peter_tg' },
			{ userName: 'Peter VIP' },
		],
		['messenger name', { assigned_name: null, name: 'Анна Петрова' }, { userName: 'Анна Петрова' }],
		['emoji and digits dropped', { name: 'Kate 🌸 2000' }, { userName: 'Kate' }],
		[
			'long name keeps the last word as last name',
			{ name: 'Maximilian Alexander von Hohenberg' },
			{ userName: 'Maximilian Alexander von', userLastName: 'Hohenberg' },
		],
		[
			'pseudo name → phone digits',
			{ name: '[tg] 807892', phone: '[tg] 807892' },
			{ userName: '79001112233' },
		],
		[
			'name equal to the phone → fallback',
			{ name: '79001112233', phone: '79001112233' },
			{ userName: '79001112233' },
		],
		['nothing printable, no phone', { name: '🙂🙂' }, { userName: 'Client 42' }],
	])('%s', (_name, client, expected) => {
		const phone = (client as IDataObject).phone ? '+79001112233' : undefined;
		expect(clientNames(client as IDataObject, '42', phone)).toEqual(expected);
	});

	it.each([
		[
			'exactly 25 characters stay one name',
			'Abcdefghijkl Mnopqrstuvwx',
			{ userName: 'Abcdefghijkl Mnopqrstuvwx' },
		],
		[
			'26 characters split off the last word',
			'Abcdefghijkl Mnopqrstuvwxy',
			{ userName: 'Abcdefghijkl', userLastName: 'Mnopqrstuvwxy' },
		],
		[
			'one long word is cut, not split',
			'Abcdefghijklmnopqrstuvwxyzabc',
			{ userName: 'Abcdefghijklmnopqrstuvwxy' },
		],
		[
			'a first part over 25 characters is cut',
			'Abcdefghijklmn Opqrstuvwxyzab Last',
			{ userName: 'Abcdefghijklmn Opqrstuvwx', userLastName: 'Last' },
		],
		['letters counted, not UTF-16 units', '𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜 Abcdef', { userName: '𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜 Abcdef' }],
		['a pseudo name after spaces', '  [wa] Bob', { userName: 'Client 42' }],
		['a bracket later in the name is kept', 'Bob [wa]', { userName: 'Bob wa' }],
		['the name undefined without a phone', 'undefined', { userName: 'undefined' }],
	])('%s', (_name, name, expected) => {
		expect(clientNames({ name }, '42', undefined)).toStrictEqual(expected);
	});

	it('takes a name that is the phone with spaces around it for the phone', () => {
		expect(clientNames({ name: ' Anna ', phone: ' Anna ' }, '42', undefined)).toStrictEqual({
			userName: 'Client 42',
		});
		expect(clientNames({ name: ' Anna', phone: 'Anna ' }, '42', undefined)).toStrictEqual({
			userName: 'Client 42',
		});
	});

	it('skips a non-string or unusable assigned name for the messenger name', () => {
		expect(clientNames({ assigned_name: 5, name: 'Bob' }, '42', undefined)).toStrictEqual({
			userName: 'Bob',
		});
		expect(clientNames({ assigned_name: '🙂', name: 'Bob' }, '42', undefined)).toStrictEqual({
			userName: 'Bob',
		});
	});

	it('falls back to the digits of the phone, else the client id', () => {
		expect(clientNames({}, '42', '+7 (900) 111-22-33')).toStrictEqual({
			userName: '79001112233',
		});
		expect(clientNames({}, '42', '')).toStrictEqual({ userName: 'Client 42' });
	});

	it('gives no name without client data', () => {
		expect(clientNames(undefined, '42', undefined)).toEqual({});
	});
});
