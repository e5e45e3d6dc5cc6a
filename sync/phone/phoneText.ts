/**
 * The characters Google's libphonenumber accepts inside a phone number, by class, and the one ASCII form each
 * is read as here. Source: PhoneNumberUtil.java (google/libphonenumber) — VALID_PUNCTUATION
 * "-x\u2010-\u2015\u2212\u30FC\uFF0D-\uFF0F \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D.\[\]/~\u2053\u223C\uFF5E",
 * PLUS_CHARS "+\uFF0B", DIGITS \p{Nd}; the same classes in libphonenumber-js (source/constants.js: DASHES,
 * SLASHES, DOTS, WHITESPACE, BRACKETS, TILDES, PLUS_CHARS). The "x" of VALID_PUNCTUATION (a carrier
 * placeholder inside the number) is not taken: here "x" only introduces an extension, so "+31 x20 …" is
 * still not guessed at.
 */
export const SEPARATOR_CLASSES = {
  /** Hyphen-minus, U+2010–U+2015 (hyphen … horizontal bar), minus sign, katakana-hiragana prolonged sound mark, fullwidth hyphen-minus. */
  dashes: "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d",
  /** Space, no-break space, soft hyphen, zero width space, word joiner, ideographic space, plus the other Unicode spaces people paste (thin, narrow no-break, figure …). */
  spaces:
    " \t\u00a0\u00ad\u200b\u2060\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\ufeff",
  dots: ".\uff0e",
  slashes: "/\uff0f",
  brackets: "()[]\uff08\uff09\uff3b\uff3d",
  tildes: "~\u2053\u223c\uff5e",
  plus: "+\uff0b",
} as const;

const DASH = new RegExp(`[${SEPARATOR_CLASSES.dashes.replace("-", "\\-")}]`, "g");
const SPACE = /[\s\u00a0\u00ad\u200b\u2060\u3000\u2000-\u200a\u202f\u205f\ufeff]+/g;
const TILDE = /[\u2053\u223c\uff5e]/g;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const ANY_DIGIT = /^\p{Nd}$/u;

/**
 * `text` with every separator libphonenumber accepts written as its ASCII form ("-", " ", ".", "/", "()[]",
 * "~", "+") and every decimal digit of any script as 0–9, so the shape check and the parser see one alphabet.
 * NFKC first folds the fullwidth forms (digits, plus, brackets, full stop, solidus, tilde) to ASCII.
 */
export function canonicalPhoneText(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  return text
    .normalize("NFKC")
    .replace(DASH, "-")
    .replace(TILDE, "~")
    .replace(SPACE, " ")
    .replace(NON_ASCII_DIGIT, (digit) => String(digitValue(digit)));
}

/**
 * The value of a Unicode decimal digit: \p{Nd} comes in runs of ten from 0 to 9 (Unicode's rule for
 * Numeric_Type=Decimal), so it is the digit's place in its run.
 */
function digitValue(digit: string): number {
  const codePoint = digit.codePointAt(0) as number;
  let place = 0;
  while (place < 9 && ANY_DIGIT.test(String.fromCodePoint(codePoint - place - 1))) place += 1;
  return place;
}
