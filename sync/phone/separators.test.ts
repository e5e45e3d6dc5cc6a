import fc from "fast-check";
import examples from "libphonenumber-js/examples.mobile.json";
import { type CountryCode, getCountries, getExampleNumber } from "libphonenumber-js/max";
import { normalisePhone } from "./normalisePhone";
import { canonicalPhoneText, SEPARATOR_CLASSES } from "./phoneText";
import { normaliseUserPhone } from "./userPhone";

/**
 * Numbers read as Google's libphonenumber reads them: every separator it accepts (PhoneNumberUtil.java,
 * VALID_PUNCTUATION / PLUS_CHARS / DIGITS \p{Nd}; libphonenumber-js source/constants.js), by class.
 */

function e164Of(raw: string, region: string | null): string | null {
  const phone = normalisePhone(raw, "business", region);
  return phone.valid ? phone.e164 : `invalid: ${phone.problem}`;
}

describe("separators libphonenumber accepts, by class", () => {
  const dashes: Array<[name: string, dash: string]> = [
    ["hyphen-minus", "-"],
    ["U+2010 hyphen", "\u2010"],
    ["U+2011 non-breaking hyphen", "\u2011"],
    ["U+2012 figure dash", "\u2012"],
    ["U+2013 en dash", "\u2013"],
    ["U+2014 em dash", "\u2014"],
    ["U+2015 horizontal bar", "\u2015"],
    ["U+2212 minus sign", "\u2212"],
    ["U+30FC katakana prolonged sound mark", "\u30fc"],
    ["U+FF0D fullwidth hyphen-minus", "\uff0d"],
  ];
  it.each(dashes)("dash: %s", (_name, dash) => {
    expect(e164Of(`404${dash}758${dash}1472`, "US")).toBe("+14047581472");
    expect(e164Of(`089${dash}56670900`, "DE")).toBe("+498956670900");
    expect(e164Of(`+31${dash}20${dash}123${dash}4567`, null)).toBe("+31201234567");
  });

  const spaces: Array<[name: string, space: string]> = [
    ["space", " "],
    ["U+00A0 no-break space", "\u00a0"],
    ["U+2009 thin space", "\u2009"],
    ["U+202F narrow no-break space", "\u202f"],
    ["U+2007 figure space", "\u2007"],
    ["U+3000 ideographic space", "\u3000"],
    ["U+200B zero width space", "\u200b"],
    ["U+2060 word joiner", "\u2060"],
    ["U+00AD soft hyphen", "\u00ad"],
    ["tab", "\t"],
  ];
  it.each(spaces)("space: %s", (_name, space) => {
    expect(e164Of(`+31${space}20${space}123${space}4567`, null)).toBe("+31201234567");
    expect(e164Of(`020${space}123${space}4567`, "NL")).toBe("+31201234567");
  });

  const others: Array<[name: string, raw: string, region: string | null, e164: string]> = [
    ["dots", "+31.20.123.4567", null, "+31201234567"],
    ["U+FF0E fullwidth full stop", "+31\uff0e20\uff0e123\uff0e4567", null, "+31201234567"],
    ["slash", "020/123 4567", "NL", "+31201234567"],
    ["U+FF0F fullwidth solidus", "020\uff0f123 4567", "NL", "+31201234567"],
    ["parentheses", "(020) 123 4567", "NL", "+31201234567"],
    ["fullwidth parentheses", "\uff08020\uff09123 4567", "NL", "+31201234567"],
    ["square brackets", "[020] 123 4567", "NL", "+31201234567"],
    ["fullwidth square brackets", "\uff3b020\uff3d123 4567", "NL", "+31201234567"],
    ["tilde", "020 123~4567", "NL", "+31201234567"],
    ["U+2053 swung dash", "020 123\u20534567", "NL", "+31201234567"],
    ["U+223C tilde operator", "020 123\u223c4567", "NL", "+31201234567"],
    ["U+FF5E fullwidth tilde", "020 123\uff5e4567", "NL", "+31201234567"],
    ["U+FF0B fullwidth plus", "\uff0b31 20 123 4567", null, "+31201234567"],
    [
      "fullwidth digits",
      "\uff0b\uff13\uff11 \uff12\uff10 \uff11\uff12\uff13 \uff14\uff15\uff16\uff17",
      null,
      "+31201234567",
    ],
    [
      "Arabic-Indic digits",
      "+\u0663\u0661 \u0662\u0660 \u0661\u0662\u0663 \u0664\u0665\u0666\u0667",
      null,
      "+31201234567",
    ],
    [
      "Extended Arabic-Indic digits",
      "+\u06f3\u06f1 \u06f2\u06f0 \u06f1\u06f2\u06f3 \u06f4\u06f5\u06f6\u06f7",
      null,
      "+31201234567",
    ],
    [
      "Devanagari digits (\\p{Nd})",
      "+\u0969\u0967 \u0968\u0966 \u0967\u0968\u0969 \u096a\u096b\u096c\u096d",
      null,
      "+31201234567",
    ],
    [
      "Japanese as typed",
      "\uff10\uff13\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18",
      "JP",
      "+81312345678",
    ],
  ];
  it.each(others)("%s: %j in %s", (_name, raw, region, e164) => {
    expect(e164Of(raw, region)).toBe(e164);
  });

  const notNumbers: Array<[raw: string, region: string | null]> = [
    ["n/a", "NL"],
    ["+1 800 FLOWERS", null],
    ["call \u2013 reception", "NL"],
    ["\u2013", "NL"],
    ["~~~", "NL"],
    ["[ ]", "NL"],
    ["+31 20 123 4567 (office)", null],
    ["+31 x20 123 4567", null],
    ["020 123 4567 \u2014 ask for Jan", "NL"],
  ];
  it.each(notNumbers)("text that is not a number is not guessed at: %j", (raw, region) => {
    expect(normalisePhone(raw, "mobile", region)).toMatchObject({
      valid: false,
      problem: "not a phone number",
    });
  });

  it("canonical text keeps ASCII as it is and maps every class to one ASCII form", () => {
    expect(canonicalPhoneText("+31 (0)20-123.4567")).toBe("+31 (0)20-123.4567");
    for (const dash of SEPARATOR_CLASSES.dashes) expect(canonicalPhoneText(`1${dash}2`)).toBe("1-2");
    for (const tilde of SEPARATOR_CLASSES.tildes)
      expect(canonicalPhoneText(`1${tilde}2\u00e9`)).toBe("1~2\u00e9");
    for (const plus of SEPARATOR_CLASSES.plus) expect(canonicalPhoneText(`${plus}1\u00a0`)).toBe("+1 ");
  });
});

describe("a number invalid in the user's region but valid in the tenant's default country", () => {
  it("stays invalid, and the problem names the default-country reading and the fix", () => {
    expect(normaliseUserPhone("020 123 4567", "business", "US", "NL")).toEqual({
      type: "business",
      raw: "020 123 4567",
      e164: null,
      extension: null,
      valid: false,
      problem:
        "not a valid number for US (as a number of the default country NL it would be +31201234567; " +
        "kept invalid because the user's region is US: write it as +31 … if that is meant)",
      region: "US",
    });
  });

  it("is left alone when it is valid in the user's region, or invalid in both", () => {
    expect(normaliseUserPhone("020 123 4567", "business", "NL", "NL")).toMatchObject({
      e164: "+31201234567",
    });
    expect(normaliseUserPhone("12345", "business", "US", "NL")).toMatchObject({
      valid: false,
      problem: "too short for US",
    });
  });
});

/** Valid E.164 numbers of every region libphonenumber has a mobile example for. */
const VALID_NUMBERS = getCountries()
  .map((country) => getExampleNumber(country, examples))
  .filter((phone) => phone?.isValid() === true)
  .map((phone) => ({
    e164: phone!.number as string,
    country: phone!.country as CountryCode,
    national: phone!.formatNational(),
  }));

const SEPARATORS = [
  ...SEPARATOR_CLASSES.dashes,
  ..." \u00a0\u2009\u202f\u3000\u00ad\u2060.\uff0e/\uff0f~\u2053\u223c\uff5e",
];
const FULLWIDTH_DIGIT = (d: string) => String.fromCodePoint(0xff10 + Number(d));
const ARABIC_INDIC_DIGIT = (d: string) => String.fromCodePoint(0x0660 + Number(d));

/** `digits` split into groups, joined by one to two accepted separators, in one of three digit scripts. */
function repunctuated(digits: string) {
  return fc
    .record({
      cuts: fc.array(fc.integer({ min: 1, max: Math.max(1, digits.length - 1) }), { maxLength: 5 }),
      joins: fc.array(fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 2 }), {
        minLength: 6,
        maxLength: 6,
      }),
      script: fc.constantFrom("ascii", "fullwidth", "arabic-indic"),
    })
    .map(({ cuts, joins, script }) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const groups = [0, ...points].map((start, i) => digits.slice(start, points[i] ?? digits.length));
      const text = groups
        .filter((group) => group !== "")
        .map((group, i) => (i === 0 ? group : `${joins[i % joins.length]!.join("")}${group}`))
        .join("");
      if (script === "fullwidth") return text.replace(/\d/g, FULLWIDTH_DIGIT);
      if (script === "arabic-indic") return text.replace(/\d/g, ARABIC_INDIC_DIGIT);
      return text;
    });
}

describe("property: any valid E.164 number, re-punctuated with accepted separators, normalises back to itself", () => {
  it("has numbers of most regions to draw from", () => {
    expect(VALID_NUMBERS.length).toBeGreaterThan(200);
  });

  it("written internationally (+ or fullwidth ＋, whatever region is given)", () => {
    const written = fc.constantFrom(...VALID_NUMBERS).chain((number) =>
      fc.record({
        number: fc.constant(number),
        raw: fc
          .tuple(fc.constantFrom(...SEPARATOR_CLASSES.plus), repunctuated(number.e164.slice(1)))
          .map(([plus, text]) => `${plus}${text}`),
        region: fc.constantFrom(null, "NL", "US", "JP"),
      }),
    );
    fc.assert(
      fc.property(written, ({ number, raw, region }) => {
        expect([raw, e164Of(raw, region)]).toEqual([raw, number.e164]);
      }),
      { numRuns: 500 },
    );
  });

  it("written nationally, in the number's own region", () => {
    const written = fc
      .constantFrom(...VALID_NUMBERS)
      .chain((number) =>
        fc.record({ number: fc.constant(number), raw: repunctuated(number.national.replace(/\D/g, "")) }),
      );
    fc.assert(
      fc.property(written, ({ number, raw }) => {
        expect([raw, e164Of(raw, number.country)]).toEqual([raw, number.e164]);
      }),
      { numRuns: 500 },
    );
  });
});
