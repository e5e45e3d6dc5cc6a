import { getCountries, isSupportedCountry } from "libphonenumber-js/max";
import type { EntraUser } from "../model";
import { ALPHA3_TO_ALPHA2 } from "./alpha3";

/** Languages whose country names are recognised in Entra's free-text `country` field. */
const NAME_LOCALES = [
  ...["en", "nl", "de", "fr", "es", "it", "pt", "sv", "da", "nb", "fi", "pl", "cs", "hu", "ro", "el", "tr"],
  ...["ru", "uk", "ar", "he", "hi", "ja", "zh", "ko", "id", "vi", "th"],
];

/** Names people write that CLDR does not list (CLDR says "Türkiye", "Czechia", "Hong Kong SAR China"…). */
const ALIASES: Readonly<Record<string, string>> = {
  uk: "GB",
  "great britain": "GB",
  britain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  us: "US",
  "united states of america": "US",
  america: "US",
  holland: "NL",
  "the netherlands": "NL",
  "czech republic": "CZ",
  turkey: "TR",
  "south korea": "KR",
  korea: "KR",
  "republic of korea": "KR",
  russia: "RU",
  "russian federation": "RU",
  "hong kong": "HK",
  macau: "MO",
  macao: "MO",
  "ivory coast": "CI",
  "cote d ivoire": "CI",
  burma: "MM",
  "cape verde": "CV",
  "east timor": "TL",
  swaziland: "SZ",
  vatican: "VA",
  uae: "AE",
  emirates: "AE",
  ksa: "SA",
  "saudi arabia": "SA",
  suisse: "CH",
  schweiz: "CH",
  svizzera: "CH",
  belgie: "BE",
  belgique: "BE",
  osterreich: "AT",
  oesterreich: "AT",
  // Sports (IOC/FIFA) codes people type as if they were ISO codes; none clashes with an ISO alpha-3 code.
  ger: "DE",
  ned: "NL",
  sui: "CH",
  por: "PT",
  den: "DK",
  gre: "GR",
  cro: "HR",
  rsa: "ZA",
};

/** Case-, diacritic- and punctuation-insensitive key: "The Netherlands" → "netherlands", "U.S." → "us". */
function nameKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[.'’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^the /, "");
}

let aliasKeys: Map<string, string> | undefined;
const namesByLocale: Map<string, string>[] = [];

/** One locale's name for every libphonenumber region, by nameKey. */
function localeNames(locale: string): Map<string, string> {
  const names = new Map<string, string>();
  const displayNames = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
  for (const region of getCountries()) {
    const name = displayNames.of(region);
    if (name === undefined) continue;
    const key = nameKey(name);
    if (!names.has(key)) names.set(key, region);
  }
  return names;
}

/**
 * The region a country name keys to: an alias first, then the first of NAME_LOCALES that names it. Each
 * locale's table is built only when a name is not found in the ones before it — building all 28 up front
 * took ~0.2 s of every full sync, though most tenants write their countries in a language or two.
 */
function regionByName(key: string): string | null {
  aliasKeys ??= new Map(Object.entries(ALIASES).map(([alias, region]) => [nameKey(alias), region]));
  const alias = aliasKeys.get(key);
  if (alias !== undefined) return alias;
  for (let i = 0; i < NAME_LOCALES.length; i++) {
    const names = (namesByLocale[i] ??= localeNames(NAME_LOCALES[i] as string));
    const region = names.get(key);
    if (region !== undefined) return region;
  }
  return null;
}

const MAX_CACHED_COUNTRIES = 10_000;
const countryCache = new Map<string, string | null>();

/**
 * An ISO 3166-1 alpha-2 region for free text: an alpha-2 or alpha-3 code, or a country name in one of
 * the common languages ("UK", "Nederland", "U.S.", "Deutschland"). Null when it names no phone region.
 */
export function countryToRegion(text: string | null | undefined): string | null {
  if (typeof text !== "string") return null;
  const cached = countryCache.get(text);
  if (cached !== undefined) return cached;
  const region = lookupCountry(text);
  if (countryCache.size >= MAX_CACHED_COUNTRIES) countryCache.clear();
  countryCache.set(text, region);
  return region;
}

function lookupCountry(text: string): string | null {
  if (text.length > 100) return null;
  const key = nameKey(text);
  if (key === "") return null;
  const upper = key.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && isSupportedCountry(upper)) return upper;
  const fromAlpha3 = /^[A-Z]{3}$/.test(upper) ? ALPHA3_TO_ALPHA2.get(upper) : undefined;
  if (fromAlpha3 !== undefined && isSupportedCountry(fromAlpha3)) return fromAlpha3;
  return regionByName(key);
}

/**
 * The region used to read a user's numbers written without a country code: `usageLocation` (an
 * alpha-2 code set by admins for licensing, so the most reliable), then the free-text `country`,
 * then the configured default country.
 */
export function regionForUser(
  user: Pick<EntraUser, "usageLocation" | "country">,
  defaultCountry: string | null,
): string | null {
  const usageLocation = user.usageLocation?.trim().toUpperCase();
  if (usageLocation !== undefined && /^[A-Z]{2}$/.test(usageLocation) && isSupportedCountry(usageLocation)) {
    return usageLocation;
  }
  return countryToRegion(user.country) ?? countryToRegion(defaultCountry);
}
