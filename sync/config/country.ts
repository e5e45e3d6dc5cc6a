import type MetadataJson from "libphonenumber-js/metadata.min.json";

type Metadata = typeof MetadataJson;
let loaded: Metadata | undefined;

/**
 * Only the small metadata's tables, not libphonenumber itself (its regions are the max metadata's), and only
 * when a default country is actually read: at import they would cost every command, `--help` included,
 * 20–85 ms of start-up (issue 8).
 */
function metadata(): Metadata {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy, see above
  return (loaded ??= require("libphonenumber-js/metadata.min.json") as Metadata);
}

/**
 * The default country for numbers written without a country code. Accepts an ISO 3166-1 alpha-2 code
 * ("NL") or, because the ROGER365 settings table calls it "Country Code", a calling code ("31", "+31"),
 * which maps to that code's main region (+1 → US, +44 → GB). Returns null when it is neither.
 */
export function parseDefaultCountry(value: string): string | null {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const region = trimmed.toUpperCase();
    return Object.hasOwn(metadata().countries, region) ? region : null;
  }
  const callingCode = /^\+?(\d{1,3})$/.exec(trimmed)?.[1];
  if (callingCode === undefined) return null;
  return metadata().country_calling_codes[callingCode]?.[0] ?? null;
}
