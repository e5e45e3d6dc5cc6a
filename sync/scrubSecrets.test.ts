import { scrubSecrets } from "./scrubSecrets";

const ENTRA_SECRET = "Qx18Q~s3cr3tValueThatMustNeverLeak.0123456";

describe("scrubSecrets", () => {
  it.each([
    [
      "form body",
      `client_id=abc&client_secret=${ENTRA_SECRET}&scope=x`,
      "client_id=abc&client_secret=[REDACTED]&scope=x",
    ],
    [
      "query string",
      "https://h/cb?access_token=abc.def&state=1",
      "https://h/cb?access_token=[REDACTED]&state=1",
    ],
    [
      "JSON field",
      '{"clientSecret":"hunter2hunter2","tenantId":"t"}',
      '{"clientSecret":"[REDACTED]","tenantId":"t"}',
    ],
    ["JSON snake case", '{"client_secret": "x y z"}', '{"client_secret": "[REDACTED]"}'],
    ["bearer header", "authorization: Bearer abc.def-ghi==", "authorization: Bearer [REDACTED]"],
    ["bare JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_1 end", "token [REDACTED] end"],
    ["bare Entra secret value", `the secret ${ENTRA_SECRET} leaked`, "the secret [REDACTED] leaked"],
    ["ordinary text", "Tenant 'abc' not found (AADSTS90002).", "Tenant 'abc' not found (AADSTS90002)."],
    ["a GUID", "app 9a8b7c6d-5e4f-4321-9876-fedcba987654", "app 9a8b7c6d-5e4f-4321-9876-fedcba987654"],
  ])("%s", (_case, input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it("replaces every occurrence of a known secret, whatever its shape", () => {
    expect(scrubSecrets("a plain-secret-value b plain-secret-value", ["plain-secret-value"])).toBe(
      "a [REDACTED] b [REDACTED]",
    );
  });

  it("ignores known values too short to be secrets", () => {
    expect(scrubSecrets("a b c", ["a", undefined])).toBe("a b c");
  });
});
