import type { ContactPhone } from "../model";
import { normaliseLookupNumber, normalisePhone } from "./normalisePhone";

const NO_COUNTRY_PROBLEM =
  "no country code, and no region to read it in (set the user's usageLocation or a default country)";

describe("normalisePhone", () => {
  const valid: Array<[raw: string, region: string | null, e164: string, extension: string | null]> = [
    ["+31 (0)20 123 4567", null, "+31201234567", null],
    ["+31 (0) 6 12345678", null, "+31612345678", null],
    ["+44 (0)20 7946 0958", null, "+442079460958", null],
    ["+49 (0) 30 1234567", null, "+49301234567", null],
    ["+33 (0)1 23 45 67 89", null, "+33123456789", null],
    // Italy keeps its leading 0 after the country code: libphonenumber knows it is not a trunk prefix.
    ["+39 06 1234 5678", null, "+390612345678", null],
    ["020-1234567", "NL", "+31201234567", null],
    ["020 123 4567", "nl", "+31201234567", null],
    ["0031 (0)20 1234567", "NL", "+31201234567", null],
    ["0049 30 1234567", "NL", "+49301234567", null],
    ["0049 30 1234567", "US", "+49301234567", null],
    ["0049 30 1234567", null, "+49301234567", null],
    ["(202) 555-0143", "US", "+12025550143", null],
    ["030 1234567", "DE", "+49301234567", null],
    ["tel:+31201234567", null, "+31201234567", null],
    ["TEL:+31-20-123-4567;ext=45", null, "+31201234567", "45"],
    ["+31 20 123 4567 ext. 45", null, "+31201234567", "45"],
    ["+31 20 123 4567 x45", null, "+31201234567", "45"],
    ["+31 20 123 4567 ext45", null, "+31201234567", "45"],
    ["+31 20 123 4567;ext=45", null, "+31201234567", "45"],
    ["+31 20 123 4567 #45", null, "+31201234567", "45"],
    ["+31 20 123 4567 ext: 45", null, "+31201234567", "45"],
    ["+31 20 123 4567 Extension: 45", null, "+31201234567", "45"],
    ["+31 20 123 4567 X 45", null, "+31201234567", "45"],
    ["  +31\u00a020\u00a0123\u00a04567\t", null, "+31201234567", null],
    ["+31\u202f20\u2009123 4567", null, "+31201234567", null],
    ["＋３１ ２０ １２３ ４５６７", null, "+31201234567", null],
    ["+31.20.123.4567", null, "+31201234567", null],
    ["+31 20/123 4567", null, "+31201234567", null],
  ];

  it.each(valid)("%j in %s → %s ext %s", (raw, region, e164, extension) => {
    expect(normalisePhone(raw, "business", region)).toEqual<ContactPhone>({
      type: "business",
      raw,
      e164,
      extension,
      valid: true,
      problem: null,
      region: region === null ? null : region.toUpperCase(),
    });
  });

  const invalid: Array<[raw: unknown, region: string | null, rawOut: string, problem: string]> = [
    ["n/a", "NL", "n/a", "not a phone number"],
    ["", "NL", "", "empty"],
    ["   ", "NL", "   ", "empty"],
    ["-", "NL", "-", "not a phone number"],
    ["+1 800 FLOWERS", null, "+1 800 FLOWERS", "not a phone number"],
    ["+31 20 123 4567 (office)", null, "+31 20 123 4567 (office)", "not a phone number"],
    ["call +31 20 123 4567", null, "call +31 20 123 4567", "not a phone number"],
    // The full metadata knows "+491234" is no German number; the default `min` metadata accepts it.
    ["+491234", null, "+491234", "not a valid number for DE"],
    ["(555) 123-4567", "US", "(555) 123-4567", "not a valid number for US"],
    ["12", "DE", "12", "too short for DE"],
    ["555-1234", "US", "555-1234", "too short for US"],
    ["+31 20 123 45678901234", null, "+31 20 123 45678901234", "too long for NL"],
    ["020 123 4567", null, "020 123 4567", NO_COUNTRY_PROBLEM],
    ["020 123 4567", "ZZ", "020 123 4567", NO_COUNTRY_PROBLEM],
    ["+999 123 456", null, "+999 123 456", "unknown country calling code"],
    ["+31 20 123 4567\u0000", null, "+31 20 123 4567\u0000", "not a phone number"],
    ["\ud800+31201234567", null, "\ud800+31201234567", "not a phone number"],
    ["\u0007\u001b[31m", "NL", "\u0007\u001b[31m", "not a phone number"],
    ["1".repeat(10_000), "NL", "1".repeat(10_000), "too long to be a phone number"],
    [null, "NL", "", "empty"],
    [undefined, "NL", "", "empty"],
    [31201234567, null, "31201234567", NO_COUNTRY_PROBLEM],
    [{}, "NL", "[object Object]", "not a phone number"],
    [Object.create(null), "NL", "", "empty"],
    [Symbol("x"), "NL", "Symbol(x)", "not a phone number"],
  ];

  it.each(invalid)("%j in %s is kept raw as invalid: %s", (raw, region, rawOut, problem) => {
    expect(normalisePhone(raw, "mobile", region)).toEqual<ContactPhone>({
      type: "mobile",
      raw: rawOut,
      e164: null,
      extension: null,
      valid: false,
      problem,
      region: region === null || region === "ZZ" ? null : region,
    });
  });
});

describe("normaliseLookupNumber", () => {
  it.each([
    ["020 123 4567", "NL", { ok: true, e164: "+31201234567", extension: null }],
    ["+31 20 123 4567 ext. 9", null, { ok: true, e164: "+31201234567", extension: "9" }],
    ["+31201234567", "US", { ok: true, e164: "+31201234567", extension: null }],
    ["020 123 4567", null, { ok: false, problem: NO_COUNTRY_PROBLEM }],
    ["hello", "NL", { ok: false, problem: "not a phone number" }],
    ["", "NL", { ok: false, problem: "empty" }],
  ] as const)("%j in %s", (input, country, expected) => {
    expect(normaliseLookupNumber(input, country)).toEqual(expected);
  });
});

describe("normalisePhone on random input", () => {
  // A seeded generator, so a failure is reproducible.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }
  const alphabet = [
    "0",
    "1",
    "2",
    "9",
    "+",
    " ",
    "(",
    ")",
    "-",
    ".",
    "/",
    "x",
    "#",
    ";",
    "ext",
    "e",
    "\u00a0",
    "\ud83d",
    "\ude80",
    "\u0000",
    "٣",
    "５",
  ];

  it("never throws, and every valid result is E.164 with digits-only extensions", () => {
    const next = random(42);
    for (let i = 0; i < 3000; i += 1) {
      const length = Math.floor(next() * 30);
      let raw = "";
      for (let j = 0; j < length; j += 1) raw += alphabet[Math.floor(next() * alphabet.length)];
      const region = [null, "NL", "US", "DE", "GB"][i % 5] ?? null;
      const phone = normalisePhone(raw, "business", region);
      expect(phone.raw).toBe(raw);
      if (phone.valid) {
        expect(phone.e164).toMatch(/^\+[1-9]\d{5,14}$/);
        expect(phone.extension === null || /^\d{1,10}$/.test(phone.extension)).toBe(true);
        expect(phone.problem).toBeNull();
      } else {
        expect(phone.e164).toBeNull();
        expect(typeof phone.problem).toBe("string");
      }
    }
  });
});
