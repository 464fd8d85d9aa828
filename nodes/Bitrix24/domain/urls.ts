/** URL helpers for portals and incoming-webhook URLs. Pure module. */

/** `example.bitrix24.com` / `https://example.bitrix24.com/crm/` → `https://example.bitrix24.com`. */
export function normalisePortalUrl(value: unknown): string {
	const raw = String(value ?? '').trim();
	if (raw === '') return '';
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
	try {
		const url = new URL(withScheme);
		return `${url.protocol}//${url.host}`;
	} catch {
		return withScheme.replace(/\/+$/, '');
	}
}

/** REST endpoint of a portal: `https://example.bitrix24.com/rest/`. */
export function portalRestBase(portalUrl: unknown): string {
	const base = normalisePortalUrl(portalUrl);
	return base ? `${base}/rest/` : '';
}

/**
 * Incoming-webhook URL → its base ending in `/`: accepts `…/rest/1/abc`, `…/rest/1/abc/`,
 * `…/rest/1/abc/profile.json` and the REST 3 form `…/rest/api/1/abc/`.
 */
export function webhookBaseUrl(value: unknown): string {
	const raw = String(value ?? '').trim();
	if (raw === '') return '';
	// Everything up to the webhook's user id and key; whatever follows them (a method, a slash) is dropped.
	const match = /.*?\/rest\/(?:api\/)?[^/]+\/[^/]+/i.exec(raw);
	const base = match ? match[0] : raw.replace(/\/+$/, '');
	return `${base}/`;
}
