/** Application permissions that include reading every user's profile. */
export const USER_READ_PERMISSIONS = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
] as const;

/**
 * The `roles` claim of an access token (its application permissions). Decoding only: the token's
 * signature is Graph's business, we just want to tell the admin what was granted.
 */
export function decodeTokenRoles(accessToken: string): string[] {
  const payload = accessToken.split(".")[1];
  if (payload === undefined || payload === "") return [];
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return [];
  }
  const roles = (claims as { roles?: unknown } | null)?.roles;
  return Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [];
}

export function grantsUserRead(roles: readonly string[]): boolean {
  return roles.some((role) => (USER_READ_PERMISSIONS as readonly string[]).includes(role));
}
