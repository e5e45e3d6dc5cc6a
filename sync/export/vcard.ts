import { GUID_PATTERN as GUID } from "../contract";
import type { Contact, ContactPhone } from "../model";

const MAX_LINE_OCTETS = 75;

/**
 * vCard 4.0 (RFC 6350), one card per contact, CRLF line endings, lines folded at 75 octets. Valid
 * numbers are `tel:` URIs with the extension as `;ext=` (RFC 3966); a number that did not normalise is
 * kept as `VALUE=text` with its raw form, and an `X-ENTRA-REPLICATOR-PHONE-PROBLEM` line says why, so
 * an importer never dials a guess and nothing is dropped.
 */
export async function writeVcard(
  contacts: Iterable<Contact> | AsyncIterable<Contact>,
  write: (chunk: string) => void,
): Promise<void> {
  for await (const contact of contacts) write(vcardOf(contact));
}

export function vcardOf(contact: Contact): string {
  const u = contact.user;
  const lines = ["BEGIN:VCARD", "VERSION:4.0"];
  lines.push(
    GUID.test(contact.id) ? `UID:urn:uuid:${contact.id.toLowerCase()}` : `UID;VALUE=text:${text(contact.id)}`,
  );
  lines.push(`FN:${text(contact.displayName)}`);
  if (u.surname !== null || u.givenName !== null) {
    lines.push(`N:${text(u.surname ?? "")};${text(u.givenName ?? "")};;;`);
  }
  if (u.mail !== null) lines.push(`EMAIL;TYPE=work:${text(u.mail)}`);
  if (u.companyName !== null || u.department !== null) {
    lines.push(`ORG:${text(u.companyName ?? "")}${u.department !== null ? `;${text(u.department)}` : ""}`);
  }
  if (u.jobTitle !== null) lines.push(`TITLE:${text(u.jobTitle)}`);
  for (const phone of contact.phones) lines.push(...telLines(phone));
  lines.push("END:VCARD");
  return lines.map(fold).join("\r\n") + "\r\n";
}

function telLines(phone: ContactPhone): string[] {
  const type = phone.type === "mobile" ? "cell,voice" : "work,voice";
  if (phone.valid && phone.e164 !== null) {
    const extension = phone.extension !== null ? `;ext=${phone.extension}` : "";
    return [`TEL;VALUE=uri;TYPE=${type}:tel:${phone.e164}${extension}`];
  }
  return [
    `TEL;VALUE=text;TYPE=${type}:${text(phone.raw)}`,
    `X-ENTRA-REPLICATOR-PHONE-PROBLEM;TYPE=${type}:${text(`${phone.raw}: ${phone.problem ?? "invalid"}`)}`,
  ];
}

/** RFC 6350 §3.4 text escaping; other control characters have no place in a card and are removed. */
export function text(value: string): string {
  return (
    value
      .replace(/\\/g, "\\\\")
      .replace(/,/g, "\\,")
      .replace(/;/g, "\\;")
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
  );
}

/** RFC 6350 §3.2: at most 75 octets a line, continuation lines start with a space; never split a character. */
export function fold(line: string): string {
  if (Buffer.byteLength(line, "utf8") <= MAX_LINE_OCTETS) return line;
  let folded = "";
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const character of line) {
    const size = Buffer.byteLength(character, "utf8");
    if (octets + size > limit) {
      folded += "\r\n ";
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    folded += character;
    octets += size;
  }
  return folded;
}
