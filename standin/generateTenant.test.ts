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
    expect(count((u) => (u.businessPhones ?? []).length === 0 && u.mobilePhone === null)).toBeGreaterThan(
      100,
    );
    expect(count((u) => u.usageLocation === null && u.country === undefined)).toBeGreaterThan(50);
    expect(count((u) => u.usageLocation === null && typeof u.country === "string")).toBeGreaterThan(100);
    const countries = new Set(users.map((u) => u.country));
    for (const text of ["UK", "Netherlands", "Deutschland", undefined]) expect(countries).toContain(text);
  });

  it("covers every planned country and the messy formats people type", () => {
    expect(new Set(users.map((u) => u.usageLocation).filter(Boolean))).toEqual(
      new Set(COUNTRY_PLANS.map((p) => p.iso)),
    );
    const shapes: [string, RegExp][] = [
      ["E.164", /^\+\d{8,15}$/],
      ["+31 (0)20 …", /^\+\d+ \(0\)\d/],
      ["national with trunk 0, dashed", /^0\d+-\d+$/],
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
      u.usageLocation === null
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
