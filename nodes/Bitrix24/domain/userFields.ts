/** CRM user-field names: Bitrix24 stores lead and deal user fields as `UF_CRM_<NAME>`. */
export const USER_FIELD_PREFIX = 'UF_CRM_';

/** Bitrix24's limit for the whole code, prefix included (so 13 characters are left for the name). */
export const USER_FIELD_CODE_MAX_LENGTH = 20;

/**
 * The full code of a user field from what a user types: `c2d client id`, `C2D_CLIENT_ID` and
 * `UF_CRM_C2D_CLIENT_ID` all give `UF_CRM_C2D_CLIENT_ID`. Returns undefined for a name Bitrix24 would
 * refuse: only Latin letters, digits and underscores, at most 20 characters with the prefix.
 */
export function userFieldCode(name: string): string | undefined {
	const upper = name.trim().toUpperCase().replace(/\s+/g, '_');
	if (!/^[A-Z0-9_]+$/.test(upper)) return undefined;
	const code = upper.startsWith(USER_FIELD_PREFIX) ? upper : `${USER_FIELD_PREFIX}${upper}`;
	if (code === USER_FIELD_PREFIX || code.length > USER_FIELD_CODE_MAX_LENGTH) return undefined;
	return code;
}
