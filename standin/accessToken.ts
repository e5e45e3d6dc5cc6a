import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The claims of an app-only access token, as the identity platform issues them (v1.0 token format). */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  appidacr: "1";
  idtyp: "app";
  oid: string;
  /** Absent when the app holds no application roles on the resource (as with real tokens). */
  roles?: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: "1.0";
}

export type TokenCheck =
  { ok: true; claims: AccessTokenClaims } | { ok: false; reason: "malformed" | "signature" };

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/**
 * Signs and checks the stand-in's JWTs. Clients never verify the signature (MSAL treats access tokens as
 * opaque), so an HMAC with a per-server key is enough to reject tokens from another stand-in or edited ones.
 */
export class AccessTokenSigner {
  constructor(private readonly key: Buffer) {}

  issue(claims: Omit<AccessTokenClaims, "uti" | "appidacr" | "idtyp" | "ver">): string {
    const full: AccessTokenClaims = { ...claims, appidacr: "1", idtyp: "app", uti: randomUUID(), ver: "1.0" };
    const signingInput = `${base64url(JSON.stringify({ typ: "JWT", alg: "HS256", kid: "standin" }))}.${base64url(
      JSON.stringify(full),
    )}`;
    return `${signingInput}.${this.sign(signingInput)}`;
  }

  check(token: string): TokenCheck {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "malformed" };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { ok: false, reason: "signature" };
    }
    try {
      return { ok: true, claims: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) };
    } catch {
      return { ok: false, reason: "malformed" };
    }
  }

  private sign(input: string): string {
    return createHmac("sha256", this.key).update(input).digest("base64url");
  }
}
