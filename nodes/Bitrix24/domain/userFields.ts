/** CRM user-field names: Bitrix24 stores lead and deal user fields as `UF_CRM_<NAME>`. */
export const USER_FIELD_PREFIX = 'UF_CRM_';

/**
 * The full code of a user field from what a user types: `c2d client id`, `C2D_CLIENT_ID` and
 * `UF_CRM_C2D_CLIENT_ID` all give `UF_CRM_C2D_CLIENT_ID`. Returns undefined for a name Bitrix24 would
 * refuse (only Latin letters, digits and underscores are allowed).
 */
export function userFieldCode(name: string): string | undefined {
	const upper = name.trim().toUpperCase().replace(/\s+/g, '_');
	if (!/^[A-Z0-9_]+$/.test(upper)) return undefined;
	const code = upper.startsWith(USER_FIELD_PREFIX) ? upper : `${USER_FIELD_PREFIX}${upper}`;
	return code === USER_FIELD_PREFIX ? undefined : code;
}
