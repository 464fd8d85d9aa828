/** Default connector tile icon: an original two-bubble chat glyph. */
export const DEFAULT_CONNECTOR_ICON_SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><path fill="#ffffff" d="M12 12h30a8 8 0 0 1 8 8v12a8 8 0 0 1-8 8H28l-10 9v-9h-6a8 8 0 0 1-8-8V20a8 8 0 0 1 8-8z"/><circle cx="18" cy="26" r="3" fill="#1e88c8"/><circle cx="27" cy="26" r="3" fill="#1e88c8"/><circle cx="36" cy="26" r="3" fill="#1e88c8"/></svg>';

export const DEFAULT_CONNECTOR_ICON_COLOR = '#1E88C8';

/** SVG markup (or an existing data URI) → `data:image/svg+xml,…` as `imconnector.register` expects. */
export function svgDataUri(svgOrDataUri: string): string {
	const text = svgOrDataUri.trim();
	if (text.startsWith('data:')) return text;
	return `data:image/svg+xml,${encodeURIComponent(text)}`;
}
