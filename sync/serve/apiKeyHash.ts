/**
 * API keys: `erk_<key id>_<secret>`. The key id (12 hex digits) is not secret: it finds the one stored
 * record, so checking a key costs a single slow hash, never one per stored key. The store keeps only
 * scrypt(key, per-key salt); the comparison is constant-time.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const KEY_PREFIX = "erk_";
const KEY_PATTERN = /^erk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** scrypt cost: N=2^14, r=8 (16 MiB, tens of milliseconds) — slow for a guesser, once per key for us. */
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

export interface NewApiKey {
  /** The key itself: shown once to whoever creates it, never stored. */
  key: string;
  keyId: string;
  /** What the store keeps. */
  hash: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const keyId = randomBytes(6).toString("hex");
  const key = `${KEY_PREFIX}${keyId}_${randomBytes(32).toString("base64url")}`;
  return { key, keyId, hash: await hashApiKey(key) };
}

/** The key id of a well-formed key, or null (then it cannot be a key of ours: no lookup, no hash). */
export function keyIdOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export async function hashApiKey(key: string, salt: Buffer = randomBytes(SALT_BYTES)): Promise<string> {
  const derived = await scryptAsync(key, salt, HASH_BYTES, SCRYPT);
  return [
    "scrypt",
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString("base64url"),
    derived.toString("base64url"),
  ].join("$");
}

/** True when `key` hashes to `stored`; a malformed stored hash never verifies. */
export async function verifyApiKey(key: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] as string, "base64url");
  const expected = Buffer.from(parts[5] as string, "base64url");
  if (![N, r, p].every(Number.isSafeInteger) || expected.length !== HASH_BYTES) return false;
  const derived = await scryptAsync(key, salt, HASH_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return timingSafeEqual(derived, expected);
}

/** A fast fingerprint of a key for the in-memory "already verified" cache; never stored or logged. */
export function fingerprint(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}

function scryptAsync(key: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(key, salt, length, options, (error, derived) => (error ? reject(error) : resolve(derived))),
  );
}
