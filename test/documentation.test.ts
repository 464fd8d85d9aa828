/**
 * n8n's verification asks for an English-only node UI and README. The README stays short (≤ 12 KB) and
 * for n8n users; the only page that may carry the seed's original (Russian) setting names is
 * docs/seed-settings.md.
 */
import {
	readRepoBytes,
	readRepoText,
	repoFileExists,
	repoFilesUnder,
	requireRepoModule,
} from './documentation.files';
import { loadPackageNodes, readPackageJson, readTemplates } from './workflows.files';

const README_LIMIT_BYTES = 12 * 1024;
const SEED_SETTINGS_PAGE = 'docs/seed-settings.md';
const CYRILLIC = /[\u0400-\u04FF]/;

/** `file:line: text` for every line with Cyrillic letters. */
function cyrillicLines(file: string, text: string): string[] {
	return text
		.split('\n')
		.map((line, index) => ({ line, index }))
		.filter(({ line }) => CYRILLIC.test(line))
		.map(({ line, index }) => `${file}:${index + 1}: ${line.trim().slice(0, 80)}`);
}

/** Every string inside a value (descriptions, options, defaults, hints …), with its path. */
function stringsOf(value: unknown, at: string): Array<[string, string]> {
	if (typeof value === 'string') return [[at, value]];
	if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${at}[${i}]`));
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, item]) => stringsOf(item, `${at}.${key}`));
	}
	return [];
}

function credentialInstances(): Array<{ file: string; instance: object }> {
	const pkg = readPackageJson();
	return (pkg.n8n.credentials as string[]).flatMap((file) => {
		const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		return Object.values(requireRepoModule(source))
			.filter((value): value is new () => object => typeof value === 'function')
			.map((Type) => ({ file: source, instance: new Type() }));
	});
}

describe('README', () => {
	const readme = readRepoBytes('README.md');

	it(`stays within ${README_LIMIT_BYTES} bytes`, () => {
		expect(readme.byteLength).toBeLessThanOrEqual(README_LIMIT_BYTES);
	});

	it('links only to docs pages that exist', () => {
		const links = [...readme.toString('utf8').matchAll(/\]\(((?:docs\/|CHANGELOG)[^)#\s]*)/g)];
		expect(links.length).toBeGreaterThan(0);
		const missing = links.map(([, target]) => target).filter((target) => !repoFileExists(target));
		expect(missing).toEqual([]);
	});
});

describe('English only', () => {
	it(`README, CHANGELOG and docs/ have no Cyrillic text (except ${SEED_SETTINGS_PAGE})`, () => {
		const files = ['README.md', 'CHANGELOG.md', ...repoFilesUnder('docs', /\.md$/)].filter(
			(file) => file !== SEED_SETTINGS_PAGE,
		);
		expect(files.length).toBeGreaterThan(3);
		const found = files.flatMap((file) => cyrillicLines(file, readRepoText(file)));
		expect(found).toEqual([]);
	});

	it('node descriptions have no Cyrillic text', () => {
		const nodes = loadPackageNodes();
		expect(nodes.length).toBe(readPackageJson().n8n.nodes.length);
		const found = nodes.flatMap(({ source, description }) =>
			stringsOf(description, description.name)
				.filter(([, text]) => CYRILLIC.test(text))
				.map(([at, text]) => `${source} ${at}: ${text.slice(0, 80)}`),
		);
		expect(found).toEqual([]);
	});

	it('credential descriptions have no Cyrillic text', () => {
		const credentials = credentialInstances();
		expect(credentials.length).toBe(readPackageJson().n8n.credentials.length);
		const found = credentials.flatMap(({ file, instance }) =>
			stringsOf(instance, file)
				.filter(([, text]) => CYRILLIC.test(text))
				.map(([at, text]) => `${at}: ${text.slice(0, 80)}`),
		);
		expect(found).toEqual([]);
	});

	it('sources under nodes/ and credentials/ have no Cyrillic text (messages, hints, comments)', () => {
		const files = [
			...repoFilesUnder('nodes', /\.(ts|json)$/),
			...repoFilesUnder('credentials', /\.ts$/),
		];
		expect(files.length).toBeGreaterThan(20);
		const found = files.flatMap((file) => cyrillicLines(file, readRepoText(file)));
		expect(found).toEqual([]);
	});

	it(`${SEED_SETTINGS_PAGE} is the page with the original setting names, each at a node of a template`, () => {
		const page = readRepoText(SEED_SETTINGS_PAGE);
		expect(page).not.toMatch(/TODO|template rework/);
		const rows = page.split('\n').filter((line) => CYRILLIC.test(line) && line.startsWith('|'));
		expect(rows.length).toBeGreaterThanOrEqual(9);
		const nodeNames = new Set(
			(readTemplates() as Array<{ json: { nodes: Array<{ name: string }> } }>).flatMap(
				(template) => template.json.nodes.map((node) => node.name),
			),
		);
		for (const row of rows) {
			const where = row.split('|').at(-2) ?? '';
			const named = [...where.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1]);
			expect(named.length).toBeGreaterThan(0);
			for (const name of named) expect(nodeNames).toContain(name);
		}
	});
});

describe('codex files', () => {
	// The Bridge nodes are being retired and keep their codex until they go.
	const appNodes = (readPackageJson().n8n.nodes as string[]).filter(
		(file) => !file.startsWith('dist/nodes/Bridge/'),
	);

	it.each(appNodes)('%s has an app-node codex with documentation links', (file) => {
		const source = file.replace(/^dist\//, '').replace(/\.js$/, '.json');
		const codex = JSON.parse(readRepoText(source));
		expect(codex.node).toMatch(/^n8n-nodes-chat2desk-bitrix24\.[a-zA-Z0-9]+$/);
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(['Communication', 'Sales']).toContain(category);
		expect(JSON.stringify(codex)).not.toMatch(/Core Nodes/i);
		expect(codex.subcategories).toBeUndefined();
		const urls = [
			...codex.resources.primaryDocumentation,
			...codex.resources.credentialDocumentation,
		].map((link: { url: string }) => link.url);
		expect(urls.length).toBeGreaterThanOrEqual(3);
		for (const url of urls) expect(url).toMatch(/^https:\/\//);
		const ownDocs = urls.filter((url: string) => url.includes('/blob/main/docs/nodes.md#'));
		const anchors = readRepoText('docs/nodes.md')
			.split('\n')
			.filter((line) => line.startsWith('#'))
			.map((line) =>
				line
					.replace(/^#+\s*/, '')
					.toLowerCase()
					.replace(/[^a-z0-9 -]/g, '')
					.replace(/ /g, '-'),
			);
		for (const url of ownDocs) expect(anchors).toContain(url.split('#')[1]);
	});
});
