import { fingerprint, generateApiKey, hashApiKey, keyIdOf, verifyApiKey } from "./apiKeyHash";
import { bearerKey } from "./apiKeyVerifier";

describe("API keys", () => {
  it("are erk_<12 hex key id>_<43 base64url>, the id readable without the secret", async () => {
    const { key, keyId, hash } = await generateApiKey();
    expect(key).toMatch(/^erk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(keyIdOf(key)).toBe(keyId);
    expect(hash).not.toContain(key.slice(17));
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it("verify against their own hash only; the salt makes equal keys hash differently", async () => {
    const { key, hash } = await generateApiKey();
    expect(await verifyApiKey(key, hash)).toBe(true);
    expect(await verifyApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, hash)).toBe(false);
    expect(await hashApiKey(key)).not.toBe(hash);
  });

  it.each([["plain"], ["scrypt$1$2$3$abc"], ["scrypt$x$8$1$AAAA$AAAA"], ["bcrypt$16384$8$1$AAAA$AAAA"]])(
    "never verify against a malformed stored hash %s",
    async (stored) => {
      expect(await verifyApiKey("erk_0123456789ab_" + "A".repeat(43), stored)).toBe(false);
    },
  );

  it.each([
    ["", null],
    ["erk_0123456789ab", null],
    ["erk_0123456789AB_" + "A".repeat(43), null],
    ["erk_0123456789ab_" + "A".repeat(42), null],
    ["erk_0123456789ab_" + "A".repeat(43) + "\n", null],
    ["erk_0123456789ab_" + "A".repeat(43), "0123456789ab"],
  ])("keyIdOf(%j) = %j", (key, expected) => {
    expect(keyIdOf(key)).toBe(expected);
  });

  it.each([
    [undefined, undefined],
    ["Bearer abc", "abc"],
    ["bearer  abc", "abc"],
    ["Basic abc", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    [`Basic ${Buffer.from("phone:erk_key").toString("base64")}`, "erk_key"],
    [`Basic ${Buffer.from(":erk_key").toString("base64")}`, "erk_key"],
    [`Basic ${Buffer.from("no-colon").toString("base64")}`, undefined],
  ])("bearerKey(%j) = %j", (header, expected) => {
    expect(bearerKey(header)).toBe(expected);
  });

  it("fingerprints are SHA-256 digests", () => {
    expect(fingerprint("x").toString("hex")).toBe(
      "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
    );
  });
});
