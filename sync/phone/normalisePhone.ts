import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
  validatePhoneNumberLength,
} from "libphonenumber-js/max";
import type { ContactPhone, PhoneType } from "../model";
import { canonicalPhoneText } from "./phoneText";

/** Longer than any real number with an extension; longer input is rejected before parsing. */
const MAX_PHONE_LENGTH = 64;

/**
 * What a phone number may look like once its separators are canonical (see phoneText.ts: every dash,
 * space, dot, slash, bracket and tilde libphonenumber accepts, fullwidth digits and plus): digits with
 * those separators, an optional leading "+", and an optional extension ("ext. 45", "ext: 45", "x45",
 * ";ext=45", "#45" — the forms libphonenumber reads). Anything else ("n/a", "+1 800 FLOWERS",
 * "+31 20 1234567 (office)") is reported rather than guessed at: libphonenumber would otherwise extract
 * digits from any text.
 */
const NUMBER_SHAPE =
  /^\+?[\d\s().\-/]*\d[\d\s().\-/]*(?:(?:;\s*ext=|\s*(?:ext[.:]?|extension:?|x|#))\s*\d{1,10})?$/i;

type Attempt = { phone: PhoneNumber } | { problem: string };

/**
 * Normalises one directory phone number to E.164, interpreting a number without a country code in
 * `defaultRegion`. Never throws: unusable input comes back raw with `valid: false` and a human
 * `problem`, so it is reported and never silently dropped.
 */
export function normalisePhone(raw: unknown, type: PhoneType, defaultRegion: string | null): ContactPhone {
  const rawText = asText(raw);
  const region = supportedRegion(defaultRegion);
  const invalid = (problem: string): ContactPhone => ({
    type,
    raw: rawText,
    e164: null,
    extension: null,
    valid: false,
    problem,
    region,
  });

  const outcome = interpret(rawText, region);
  if ("problem" in outcome) return invalid(outcome.problem);
  return {
    type,
    raw: rawText,
    e164: outcome.phone.number,
    extension: outcome.phone.ext ?? null,
    valid: true,
    problem: null,
    region,
  };
}

export type LookupNumberResult =
  { ok: true; e164: string; extension: string | null } | { ok: false; problem: string };

/** For caller-ID lookup: the E.164 of a number typed or received, or why it cannot be one. */
export function normaliseLookupNumber(input: unknown, defaultCountry: string | null): LookupNumberResult {
  const outcome = interpret(asText(input), supportedRegion(defaultCountry));
  if ("problem" in outcome) return { ok: false, problem: outcome.problem };
  return { ok: true, e164: outcome.phone.number, extension: outcome.phone.ext ?? null };
}

function interpret(rawText: string, region: CountryCode | null): Attempt {
  const text = clean(rawText);
  if (text === "") return { problem: "empty" };
  if (text.length > MAX_PHONE_LENGTH) return { problem: "too long to be a phone number" };
  if (!NUMBER_SHAPE.test(text)) return { problem: "not a phone number" };

  const first = attempt(text, region);
  if ("phone" in first) return first;
  // "0049 30 …" is how most of the world writes "+49 30 …"; libphonenumber reads the "00" only when
  // the default region's international prefix is "00", so retry it as "+" (e.g. for US users, or none).
  if (text.startsWith("00")) {
    const international = attempt(`+${text.slice(2)}`, null);
    if ("phone" in international) return international;
  }
  return first;
}

function attempt(text: string, region: CountryCode | null): Attempt {
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry: region ?? undefined, extract: false });
  } catch (error) {
    return { problem: describeParseError(error, text, region) };
  }
  if (phone.isValid()) return { phone };
  const where = regionLabel(phone, region);
  switch (validatePhoneNumberLength(text, region ?? undefined)) {
    case "TOO_SHORT":
      return { problem: `too short for ${where}` };
    case "TOO_LONG":
      return { problem: `too long for ${where}` };
    case "INVALID_LENGTH":
      return { problem: `wrong length for ${where}` };
    default:
      return { problem: `not a valid number for ${where}` };
  }
}

function regionLabel(phone: PhoneNumber, region: CountryCode | null): string {
  if (phone.country !== undefined) return phone.country;
  if (region !== null && getCountryCallingCode(region) === phone.countryCallingCode) return region;
  return `+${phone.countryCallingCode}`;
}

function describeParseError(error: unknown, text: string, region: CountryCode | null): string {
  const code = error instanceof ParseError ? error.message : "NOT_A_NUMBER";
  switch (code) {
    case "INVALID_COUNTRY":
      return text.startsWith("+")
        ? "unknown country calling code"
        : "no country code, and no region to read it in (set the user's usageLocation or a default country)";
    case "TOO_SHORT":
      return region !== null ? `too short for ${region}` : "too short";
    case "TOO_LONG":
      return region !== null ? `too long for ${region}` : "too long";
    default:
      return "not a phone number";
  }
}

function clean(text: string): string {
  // Tildes and square brackets are punctuation to Google's libphonenumber (VALID_PUNCTUATION), which drops
  // them; libphonenumber-js stops reading at a "~", so they reach it as the equivalent "-" and "()".
  return canonicalPhoneText(text)
    .replace(/~/g, "-")
    .replace(/\[/g, "(")
    .replace(/\]/g, ")")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^tel:\s*/i, "");
}

function supportedRegion(region: string | null): CountryCode | null {
  if (typeof region !== "string") return null;
  const upper = region.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : null;
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  try {
    return String(value);
  } catch {
    return "";
  }
}
