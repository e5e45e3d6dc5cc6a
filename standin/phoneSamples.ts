import type { SeededRandom } from "./seededRandom";

/** How one country writes its numbers: calling code, trunk prefix, and plausible fixed/mobile ranges. */
interface CountryPlan {
  iso: string;
  callingCode: string;
  /** National trunk prefix ("0"), or null where numbers are dialled as written (ES, IT, US uses "1"). */
  trunk: string | null;
  /** Whether "00" dials abroad from there, so "0049 30 …" is a sensible way to write a number. */
  internationalPrefix00: boolean;
  /** Free-text spellings users type into the `country` field. */
  names: readonly string[];
  /** [area code, subscriber number] of a fixed line, national significant number split for formatting. */
  fixed(r: SeededRandom): [string, string];
  mobile(r: SeededRandom): [string, string];
}

export const COUNTRY_PLANS: readonly CountryPlan[] = [
  {
    iso: "NL",
    internationalPrefix00: true,
    callingCode: "31",
    trunk: "0",
    names: ["Netherlands", "Nederland", "The Netherlands", "NL", "Holland"],
    fixed: (r) => [r.pick(["20", "10", "30", "70"]), `${r.int(3, 8)}${r.digits(6)}`],
    mobile: (r) => ["6", `${r.int(1, 5)}${r.digits(7)}`],
  },
  {
    iso: "DE",
    internationalPrefix00: true,
    callingCode: "49",
    trunk: "0",
    names: ["Germany", "Deutschland", "DE", "GER"],
    fixed: (r) => [r.pick(["30", "40", "89", "69"]), `${r.int(2, 9)}${r.digits(6)}`],
    mobile: (r) => [r.pick(["151", "152", "176"]), `${r.int(1, 9)}${r.digits(7)}`],
  },
  {
    iso: "GB",
    internationalPrefix00: true,
    callingCode: "44",
    trunk: "0",
    names: ["UK", "United Kingdom", "Great Britain", "England", "GB"],
    fixed: (r) => ["20", `7${r.digits(3)}${r.digits(4)}`],
    mobile: (r) => [`7${r.pick(["400", "500", "800", "960"])}`, r.digits(6)],
  },
  {
    iso: "US",
    internationalPrefix00: false,
    callingCode: "1",
    trunk: "1",
    names: ["USA", "United States", "US", "United States of America"],
    fixed: (r) => [r.pick(["212", "415", "617", "312", "206"]), `${r.int(2, 9)}${r.digits(2)}${r.digits(4)}`],
    mobile: (r) => [r.pick(["646", "917", "650", "425"]), `${r.int(2, 9)}${r.digits(2)}${r.digits(4)}`],
  },
  {
    iso: "BE",
    internationalPrefix00: true,
    callingCode: "32",
    trunk: "0",
    names: ["Belgium", "België", "Belgique", "BE"],
    fixed: (r) => ["2", `${r.int(2, 7)}${r.digits(6)}`],
    mobile: (r) => [r.pick(["470", "475", "486", "497"]), r.digits(6)],
  },
  {
    iso: "FR",
    internationalPrefix00: true,
    callingCode: "33",
    trunk: "0",
    names: ["France", "FR"],
    fixed: (r) => ["1", `${r.int(4, 5)}${r.digits(7)}`],
    mobile: (r) =>
      r.chance(0.7)
        ? ["6", `${r.pick(["0", "1", "2", "4", "5", "6", "7"])}${r.digits(7)}`]
        : ["7", `${r.int(3, 9)}${r.digits(7)}`],
  },
  {
    iso: "ES",
    internationalPrefix00: true,
    callingCode: "34",
    trunk: null,
    names: ["Spain", "España", "ES"],
    fixed: (r) => ["91", `${r.int(2, 7)}${r.digits(6)}`],
    mobile: (r) => [`6${r.int(0, 9)}${r.int(0, 9)}`, r.digits(6)],
  },
  {
    iso: "IT",
    internationalPrefix00: true,
    callingCode: "39",
    trunk: null,
    names: ["Italy", "Italia", "IT"],
    fixed: (r) => ["06", `${r.int(4, 9)}${r.digits(7)}`],
    mobile: (r) => [`3${r.int(2, 4)}${r.int(0, 9)}`, r.digits(7)],
  },
  {
    iso: "SE",
    internationalPrefix00: true,
    callingCode: "46",
    trunk: "0",
    names: ["Sweden", "Sverige", "SE"],
    fixed: (r) => ["8", `${r.int(4, 7)}${r.digits(6)}`],
    mobile: (r) => [r.pick(["70", "72", "73", "76"]), r.digits(7)],
  },
  {
    iso: "CH",
    internationalPrefix00: true,
    callingCode: "41",
    trunk: "0",
    names: ["Switzerland", "Schweiz", "Suisse", "CH"],
    fixed: (r) => [r.pick(["44", "22", "31"]), `${r.int(2, 8)}${r.digits(6)}`],
    mobile: (r) => [r.pick(["76", "78", "79"]), r.digits(7)],
  },
  {
    iso: "AU",
    internationalPrefix00: false,
    callingCode: "61",
    trunk: "0",
    names: ["Australia", "AU"],
    fixed: (r) => ["2", `9${r.digits(7)}`],
    mobile: (r) => [`4${r.int(0, 3)}${r.int(0, 9)}`, r.digits(6)],
  },
  {
    iso: "IN",
    internationalPrefix00: true,
    callingCode: "91",
    trunk: "0",
    names: ["India", "IN"],
    fixed: (r) => ["11", `2${r.digits(7)}`],
    mobile: (r) => [`9${r.int(0, 9)}${r.digits(3)}`, r.digits(5)],
  },
  {
    iso: "BR",
    internationalPrefix00: false,
    callingCode: "55",
    trunk: "0",
    names: ["Brazil", "Brasil", "BR"],
    fixed: (r) => ["11", `3${r.digits(7)}`],
    mobile: (r) => ["11", `9${r.int(6, 9)}${r.digits(7)}`],
  },
  {
    iso: "JP",
    internationalPrefix00: false,
    callingCode: "81",
    trunk: "0",
    names: ["Japan", "日本", "JP"],
    fixed: (r) => ["3", `${r.int(3, 6)}${r.digits(7)}`],
    mobile: (r) => [r.pick(["80", "90"]), `${r.int(1, 9)}${r.digits(7)}`],
  },
];

/** Numbers no parser can make a valid E.164 of: they must be reported, never dropped or crashed on. */
export const UNUSABLE_NUMBERS: readonly string[] = [
  "n/a",
  "",
  "unknown",
  "-",
  "call reception",
  "+49 123",
  "12345",
  "(555) 123-4567",
  "+31 6 1234",
  "ask IT",
];

/** Splits a subscriber number into readable groups ("1234567" → "123 4567"). */
function group(subscriber: string): string {
  if (subscriber.length <= 4) return subscriber;
  const head = subscriber.length % 4 === 0 ? 4 : subscriber.length % 4 === 1 ? 3 : subscriber.length % 4;
  const rest = subscriber.slice(head).match(/.{1,4}/g) ?? [];
  return [subscriber.slice(0, head), ...rest].join(" ");
}

/**
 * One number as a person would type it into the directory, in one of the many shapes real tenants hold:
 * E.164, international with spaces, "+31 (0)20 …", national with trunk 0, "020-1234567", "0049 30 …",
 * US "(212) 555-0100", "089–56670900" with an en dash, no-break spaces, with an extension ("ext. 45",
 * "x123"), or unusable ("n/a", "").
 */
export function sampleNumber(r: SeededRandom, plan: CountryPlan, kind: "fixed" | "mobile"): string {
  const [area, subscriber] = kind === "fixed" ? plan.fixed(r) : plan.mobile(r);
  const national = `${area}${subscriber}`;
  const roll = r.next();
  if (roll < 0.03) return r.pick(UNUSABLE_NUMBERS);
  if (plan.iso === "US") {
    const line = `${subscriber.slice(0, 3)}-${subscriber.slice(3)}`;
    const shapes = [
      `+1${national}`,
      `(${area}) ${line}`,
      `${area}-${line}`,
      `+1 ${area} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`,
      `1-${area}-${line}`,
      `(${area}) ${line} x${r.int(10, 9999)}`,
    ];
    return r.pick(shapes);
  }
  const trunk = plan.trunk ?? "";
  const shapes = [
    `+${plan.callingCode}${national}`,
    `+${plan.callingCode} ${area} ${group(subscriber)}`,
    `${trunk}${area} ${group(subscriber)}`,
    `${trunk}${area}-${subscriber}`,
    // Word processors turn "-" into an en dash and spaces into no-break spaces; libphonenumber reads both.
    `${trunk}${area}\u2013${subscriber}`,
    `+${plan.callingCode}\u00a0${area}\u00a0${group(subscriber)}`,
  ];
  if (plan.internationalPrefix00) shapes.push(`00${plan.callingCode} ${area} ${group(subscriber)}`);
  if (plan.trunk === "0") shapes.push(`+${plan.callingCode} (0)${area} ${group(subscriber)}`);
  if (kind === "fixed") {
    shapes.push(`+${plan.callingCode} ${area} ${group(subscriber)} ext. ${r.int(1, 999)}`);
    shapes.push(`+${plan.callingCode}${national} x${r.int(10, 9999)}`);
  }
  return r.pick(shapes);
}
