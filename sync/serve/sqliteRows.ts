import type { Contact, PhoneType } from "../model";
import { type PhoneRow, toContact, toPhone } from "../store/rows";

/** A row of contacts ⟕ phones, as the phonebook snapshot reads them. */
export interface ContactWithPhoneRow {
  id: string;
  display_name: string;
  user_json: string;
  position: number | null;
  type: PhoneType | null;
  raw: string | null;
  e164: string | null;
  extension: string | null;
  valid: number | boolean | null;
  problem: string | null;
  region: string | null;
}

/** Groups the rows of a contacts ⟕ phones join (ordered by contact) into contacts. */
export function* contactsOfJoinedRows(rows: Iterable<ContactWithPhoneRow>): Generator<Contact> {
  let current: Contact | null = null;
  for (const row of rows) {
    if (current === null || current.id !== row.id) {
      if (current !== null) yield current;
      current = toContact(row, []);
    }
    if (row.position !== null) current.phones.push(toPhone({ ...row, contact_id: row.id } as PhoneRow));
  }
  if (current !== null) yield current;
}
