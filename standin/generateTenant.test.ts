import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { generateTenant } from "./generateTenant";
import { COUNTRY_PLANS, UNUSABLE_NUMBERS } from "./phoneSamples";

describe("generateTenant", () => {
  const users = generateTenant({ seed: 42, count: 3000 });
  const numbers = users.flatMap((u) =>
    [...(u.businessPhones ?? []), u.mobilePhone].filter((n): n is string => typeof n === "string"),
  );

  it("is deterministic per seed and sized exactly", () => {
    expect(generateTenant({ seed: 42, count: 3000 })).toEqual(users);
    expect(generateTenant({ seed: 43, count: 3000 })[0]?.id).not.toBe(users[0]?.id);
    expect(users).toHaveLength(3000);
    expect(new Set(users.map((u) => u.id)).size).toBe(3000);
    expect(new Set(users.map((u) => u.userPrincipalName)).size).toBe(3000);
    expect(generateTenant({ seed: 1, count: 0 })).toEqual([]);
  });

  it("mixes members, guests, disabled accounts, and users without phones or location", () => {
    const count = (predicate: (u: (typeof users)[number]) => boolean) => users.filter(predicate).length;
    expect(count((u) => u.userType === "Guest")).toBeGreaterThan(50);
    expect(count((u) => u.userType === "Guest" && !String(u.userPrincipalName).includes("#EXT#"))).toBe(0);
    expect(count((u) => u.accountEnabled === false)).toBeGreaterThan(50);
    expect(count((u) => u.businessPhones === undefined && u.mobilePhone === undefined)).toBeGreaterThan(100);
    expect(count((u) => u.usageLocation === undefined && u.country === undefined)).toBeGreaterThan(50);
    expect(count((u) => u.usageLocation === undefined && typeof u.country === "string")).toBeGreaterThan(100);
    const countries = new Set(users.map((u) => u.country));
    for (const text of ["UK", "Netherlands", "Deutschland", undefined]) expect(countries).toContain(text);
  });

  it("leaves properties never set out of the user, as real tenants lack them (most users lack one)", () => {
    // GRAPH-CONTRACT.md: a never-set property is absent from delta records, so the generator must not
    // write it as null. USER_SELECT's optional properties (sync/model.ts) are what the sync asks for.
    const optional = ["givenName", "surname", "mail", "jobTitle", "department", "companyName"];
    const more = ["officeLocation", "businessPhones", "mobilePhone", "usageLocation", "country"];
    const lacking = users.filter((u) => [...optional, ...more].some((p) => !(p in u)));
    expect(lacking.length / users.length).toBeGreaterThan(0.8);
    expect(users.filter((u) => Object.values(u).some((value) => value === null))).toEqual([]);
    for (const property of [...optional, ...more]) {
      expect([property, users.some((u) => !(property in u))]).toEqual([property, true]);
    }
  });

  it("covers every planned country and the messy formats people type", () => {
    expect(new Set(users.map((u) => u.usageLocation).filter(Boolean))).toEqual(
      new Set(COUNTRY_PLANS.map((p) => p.iso)),
    );
    const shapes: [string, RegExp][] = [
      ["E.164", /^\+\d{8,15}$/],
      ["+31 (0)20 …", /^\+\d+ \(0\)\d/],
      ["national with trunk 0, dashed", /^0\d+-\d+$/],
      ["national with an en dash", /^0\d+\u2013\d+$/],
      ["no-break spaces", /^\+\d+\u00a0\d+\u00a0/],
      ["00 international prefix", /^00\d+ /],
      ["US parentheses", /^\(\d{3}\) \d{3}-\d{4}$/],
      ["ext.", / ext\. \d+$/],
      ["x extension", / x\d+$/],
      ["n/a", /^n\/a$/],
      ["empty", /^$/],
    ];
    for (const [name, shape] of shapes) {
      expect([name, numbers.some((n) => shape.test(n))]).toEqual([name, true]);
    }
  });

  it("writes numbers that are valid for the user's usageLocation, except the deliberately unusable ones", () => {
    const invalid = users.flatMap((u) =>
      u.usageLocation === undefined
        ? []
        : [...(u.businessPhones ?? []), u.mobilePhone]
            .filter((n): n is string => typeof n === "string" && !UNUSABLE_NUMBERS.includes(n))
            .filter((n) => !parsePhoneNumberFromString(n, u.usageLocation as CountryCode)?.isValid()),
    );
    expect(invalid).toEqual([]);
    expect(numbers.filter((n) => UNUSABLE_NUMBERS.includes(n)).length).toBeGreaterThan(20);
  });

  it("names the bad option", () => {
    expect(() => generateTenant({ seed: 1, count: -1 })).toThrow(/count must be a non-negative integer/);
  });
});
