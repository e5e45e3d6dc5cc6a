import type { AccessTokenClaims, AccessTokenSigner } from "./accessToken";

export type BearerCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; problem: "missing" | "invalid" | "expired" | "audience" | "tenant" };

/** Validates `Authorization: Bearer …` the way a resource server does: signature, lifetime, tenant, audience. */
export function checkBearer(
  authorization: string | undefined,
  signer: AccessTokenSigner,
  tenantId: string,
  audiences: ReadonlySet<string>,
): BearerCheck {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (match?.[1] === undefined) return { ok: false, problem: "missing" };
  const checked = signer.check(match[1]);
  if (!checked.ok) return { ok: false, problem: "invalid" };
  const { claims } = checked;
  const now = Date.now() / 1000;
  if (!(claims.exp > now) || claims.nbf > now + 300) return { ok: false, problem: "expired" };
  if (claims.tid !== tenantId) return { ok: false, problem: "tenant" };
  if (!audiences.has(claims.aud)) return { ok: false, problem: "audience" };
  return { ok: true, claims };
}
