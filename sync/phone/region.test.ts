import type { EntraUser } from "../model";
import { countryToRegion, regionForUser } from "./region";

describe("countryToRegion", () => {
  it.each([
    ["UK", "GB"],
    ["United Kingdom", "GB"],
    ["Netherlands", "NL"],
    ["The Netherlands", "NL"],
    ["the netherlands", "NL"],
    ["Nederland", "NL"],
    ["Holland", "NL"],
    ["NL", "NL"],
    ["nl", "NL"],
    ["NLD", "NL"],
    ["Deutschland", "DE"],
    ["Germany", "DE"],
    ["DEU", "DE"],
    ["USA", "US"],
    ["U.S.", "US"],
    ["U.S.A.", "US"],
    ["United States", "US"],
    ["united states of america", "US"],
    ["  France ", "FR"],
    ["España", "ES"],
    ["espana", "ES"],
    ["Österreich", "AT"],
    ["Schweiz", "CH"],
    ["Belgique", "BE"],
    ["België", "BE"],
    ["Türkiye", "TR"],
    ["Turkey", "TR"],
    ["Sverige", "SE"],
    ["Danmark", "DK"],
    ["Norge", "NO"],
    ["Polska", "PL"],
    ["Italia", "IT"],
    ["Brasil", "BR"],
    ["Côte d’Ivoire", "CI"],
    ["Bosnia & Herzegovina", "BA"],
    ["Bosnia and Herzegovina", "BA"],
    ["GER", "DE"],
    ["Ned", "NL"],
    ["日本", "JP"],
    ["中国", "CN"],
    ["Россия", "RU"],
    ["Україна", "UA"],
    ["대한민국", "KR"],
    ["Ελλάδα", "GR"],
    ["Česko", "CZ"],
    ["Magyarország", "HU"],
    ["Atlantis", null],
    ["", null],
    ["ZZ", null],
    ["XYZ", null],
    [null, null],
    ["x".repeat(500), null],
  ])("%j → %s", (text, region) => {
    expect(countryToRegion(text)).toBe(region);
  });
});

describe("regionForUser", () => {
  const user = (
    usageLocation: string | null,
    country: string | null,
  ): Pick<EntraUser, "usageLocation" | "country"> => ({
    usageLocation,
    country,
  });

  it.each([
    [user("DE", "Netherlands"), "US", "DE"],
    [user("de", null), null, "DE"],
    [user(null, "Netherlands"), "US", "NL"],
    [user("", "UK"), "US", "GB"],
    [user("XX", "UK"), "US", "GB"],
    [user(null, "Atlantis"), "US", "US"],
    [user(null, null), "nl", "NL"],
    [user(null, null), "Germany", "DE"],
    [user(null, null), null, null],
    [user(null, "Atlantis"), "ZZ", null],
  ])("%j with default %s → %s", (u, defaultCountry, region) => {
    expect(regionForUser(u, defaultCountry)).toBe(region);
  });
});
