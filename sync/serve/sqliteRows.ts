import type { Contact, ContactPhone, EntraUser, PhoneType } from "../model";

/** Rows of today's SQLite schema (store/schema.ts, version 1) and their plain-data form. */
export interface ContactRow {
  id: string;
  display_name: string;
  user_json: string;
}

export interface PhoneRow {
  contact_id: string;
  type: PhoneType;
  raw: string;
  e164: string | null;
  extension: string | null;
  valid: number;
  problem: string | null;
  region: string | null;
}

export type ContactWithPhoneRow = ContactRow & {
  position: number | null;
  type: PhoneType | null;
  raw: string | null;
  e164: string | null;
  extension: string | null;
  valid: number | null;
  problem: string | null;
  region: string | null;
};

export function toContact(row: ContactRow, phones: ContactPhone[]): Contact {
  return { id: row.id, user: JSON.parse(row.user_json) as EntraUser, displayName: row.display_name, phones };
}

export function toPhone(row: Omit<PhoneRow, "contact_id">): ContactPhone {
  return {
    type: row.type,
    raw: row.raw,
    e164: row.e164,
    extension: row.extension,
    valid: row.valid === 1,
    problem: row.problem,
    region: row.region,
  };
}

/** Groups the rows of a contacts ⟕ phones join (ordered by contact) into contacts. */
export function* contactsOfJoinedRows(rows: Iterable<ContactWithPhoneRow>): Generator<Contact> {
  let current: Contact | null = null;
  for (const row of rows) {
    if (current === null || current.id !== row.id) {
      if (current !== null) yield current;
      current = toContact(row, []);
    }
    if (row.position !== null) current.phones.push(toPhone(row as unknown as PhoneRow));
  }
  if (current !== null) yield current;
}

export const CONTACTS_WITH_PHONES_SQL =
  "SELECT c.id, c.display_name, c.user_json, p.position, p.type, p.raw, p.e164, p.extension, p.valid, " +
  "p.problem, p.region FROM contacts c LEFT JOIN phones p ON p.contact_id = c.id";
