import { getCountryCallingCode, isSupportedCountry } from "libphonenumber-js/max";
import type { ContactPhone, PhoneType } from "../model";
import { normaliseLookupNumber, normalisePhone } from "./normalisePhone";

/**
 * One of a user's numbers, read in the user's own region (usageLocation, then country, then the tenant's
 * default country: regionForUser).
 *
 * The deliberate choice for a number that is **invalid in the user's region but valid in the tenant's
 * default country** (e.g. "020 123 4567" on a user whose usageLocation is DE, in an NL tenant): it stays
 * invalid — kept raw, flagged, reported — and its problem names the reading that would work and the fix.
 * It is not silently taken as a default-country number, because the user's region is the stronger evidence
 * (usageLocation is set by an admin for licensing), a number that fails there is as likely a typo as a
 * foreign number, and a guessed E.164 would ring a stranger and hide the record from the invalid-numbers
 * report that exists to get it fixed. Writing the number with its country code settles it for good.
 */
export function normaliseUserPhone(
  raw: string,
  type: PhoneType,
  region: string | null,
  defaultCountry: string | null,
): ContactPhone {
  const phone = normalisePhone(raw, type, region);
  const fallback = defaultCountry?.trim().toUpperCase() ?? null;
  if (phone.valid || fallback === null || phone.region === null || fallback === phone.region) return phone;
  if (!isSupportedCountry(fallback)) return phone;
  const there = normaliseLookupNumber(raw, fallback);
  if (!there.ok) return phone;
  return {
    ...phone,
    problem:
      `${phone.problem} (as a number of the default country ${fallback} it would be ${there.e164}; ` +
      `kept invalid because the user's region is ${phone.region}: write it as +${getCountryCallingCode(fallback)} … if that is meant)`,
  };
}
