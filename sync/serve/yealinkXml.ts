import type { Contact } from "../model";

/**
 * Yealink remote phonebook (Administrator's Guide, "Remote Phone Book"): a `YealinkIPPhoneDirectory`
 * of `DirectoryEntry` elements, each a `Name` and one `Telephone` per number. Phones dial the
 * Telephone text as is, so only numbers that normalised are listed (E.164, extension as `,ext` is not
 * portable across PBXs and is left out); a contact without one is not an entry.
 */
export const YEALINK_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<YealinkIPPhoneDirectory>\n';
export const YEALINK_FOOTER = "</YealinkIPPhoneDirectory>\n";

export function yealinkEntryOf(contact: Contact): string {
  const numbers = contact.phones.flatMap((phone) => (phone.valid && phone.e164 !== null ? [phone.e164] : []));
  if (numbers.length === 0) return "";
  const telephones = [...new Set(numbers)].map((n) => `    <Telephone>${xmlText(n)}</Telephone>\n`).join("");
  return `  <DirectoryEntry>\n    <Name>${xmlText(contact.displayName)}</Name>\n${telephones}  </DirectoryEntry>\n`;
}

/** Escapes markup and drops what XML 1.0 does not allow at all (most control characters, lone surrogates). */
export function xmlText(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- removing characters XML forbids is the point
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}
