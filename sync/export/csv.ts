import type { Contact, ContactPhone } from "../model";

export const CSV_COLUMNS = [
  "object_id",
  "display_name",
  "given_name",
  "surname",
  "mail",
  "company",
  "department",
  "job_title",
  "type",
  "e164",
  "extension",
  "raw",
  "valid",
  "problem",
  "region",
] as const;

/** Starts that spreadsheets execute as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 CSV, CRLF line endings, one row per phone number so importers get one number per line; a
 * contact without numbers still gets one row (empty phone columns), so every contact is listed.
 * Text that a spreadsheet would run as a formula gets a leading `'` — except E.164 values and raw
 * numbers that normalised, which are phone data ("+31 20 …") and must import unchanged.
 */
export async function writeCsv(
  contacts: Iterable<Contact> | AsyncIterable<Contact>,
  write: (chunk: string) => void,
): Promise<void> {
  write(`${CSV_COLUMNS.join(",")}\r\n`);
  for await (const contact of contacts) {
    const u = contact.user;
    const person = [
      contact.id,
      contact.displayName,
      u.givenName,
      u.surname,
      u.mail,
      u.companyName,
      u.department,
      u.jobTitle,
    ].map(textCell);
    const phones: Array<ContactPhone | null> = contact.phones.length > 0 ? contact.phones : [null];
    let rows = "";
    for (const phone of phones) {
      const phoneCells =
        phone === null
          ? ["", "", "", "", "", "", ""]
          : [
              phone.type,
              phone.e164 ?? "",
              phone.extension ?? "",
              phone.valid ? quote(phone.raw) : textCell(phone.raw),
              phone.valid ? "true" : "false",
              textCell(phone.problem),
              phone.region ?? "",
            ];
      rows += `${[...person, ...phoneCells].join(",")}\r\n`;
    }
    write(rows);
  }
}

function textCell(value: string | null): string {
  if (value === null) return "";
  return quote(FORMULA_START.test(value) ? `'${value}` : value);
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
