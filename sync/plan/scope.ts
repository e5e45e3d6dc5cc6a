import type { EntraUser } from "../model";

export interface SyncScope {
  /** Include guest accounts (`userType` "Guest"). @default false */
  includeGuests: boolean;
  /** Include disabled accounts (`accountEnabled` false). @default false */
  includeDisabled: boolean;
}

export const DEFAULT_SCOPE: SyncScope = { includeGuests: false, includeDisabled: false };

/**
 * Delta queries have no useful $filter, so scope is decided here. Unknown is treated as in scope:
 * `accountEnabled` is only null when not returned, and `userType` is null for members created before
 * Entra recorded it; only an explicit `false` or "Guest" excludes a user.
 */
export function isInScope(user: Pick<EntraUser, "accountEnabled" | "userType">, scope: SyncScope): boolean {
  if (!scope.includeDisabled && user.accountEnabled === false) return false;
  if (!scope.includeGuests && user.userType?.toLowerCase() === "guest") return false;
  return true;
}
