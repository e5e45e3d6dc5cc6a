import { timingSafeEqual } from "node:crypto";
import { fingerprint, keyIdOf, verifyApiKey } from "./apiKeyHash";
import type { ApiKeyStore } from "./apiKeyStore";

export interface Caller {
  keyId: string;
  tenantId: string;
}

/** Keys remembered as verified; beyond this the oldest is forgotten (and pays one slow hash again). */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Checks a presented key. The record is read on every call, so a revocation applies to the very next
 * request; only the slow hash is remembered (a SHA-256 fingerprint of a key that passed it, per key
 * id and stored hash), so a busy PBX pays scrypt once, not per call.
 */
export class ApiKeyVerifier {
  private readonly verified = new Map<string, { hash: string; fingerprint: Buffer }>();

  constructor(private readonly store: ApiKeyStore) {}

  /** The caller a key belongs to, or null for a missing, malformed, unknown, revoked or wrong key. */
  async verify(key: string | undefined): Promise<Caller | null> {
    if (key === undefined) return null;
    const keyId = keyIdOf(key);
    if (keyId === null) return null;
    const record = await this.store.find(keyId);
    if (record === null || record.revokedAt !== null) return null;

    const presented = fingerprint(key);
    const known = this.verified.get(keyId);
    if (known !== undefined && known.hash === record.hash && timingSafeEqual(known.fingerprint, presented)) {
      return { keyId, tenantId: record.tenantId };
    }
    if (!(await verifyApiKey(key, record.hash))) return null;
    this.remember(keyId, record.hash, presented);
    return { keyId, tenantId: record.tenantId };
  }

  private remember(keyId: string, hash: string, presented: Buffer): void {
    this.verified.delete(keyId);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(keyId, { hash, fingerprint: presented });
  }
}

/**
 * The key of an `Authorization: Bearer <key>` header — or of `Basic` credentials whose password is the
 * key (any user name): desk phones' remote-phonebook settings offer a user name and password, not headers.
 */
export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const bearer = /^Bearer +(\S+) *$/i.exec(header);
  if (bearer !== null) return bearer[1];
  const basic = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (basic === null) return undefined;
  const credentials = Buffer.from(basic[1]!, "base64").toString("utf8");
  const colon = credentials.indexOf(":");
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}
