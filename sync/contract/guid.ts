/** An Entra object id / client id / tenant id: a GUID in 8-4-4-4-12 hex, any case. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The all-zero GUID matches the pattern but names nothing in Entra; configs that hold it are placeholders. */
export const NIL_GUID = "00000000-0000-0000-0000-000000000000";

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
