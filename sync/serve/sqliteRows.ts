import type { Contact, ContactPhone, PhoneType } from "../model";
import { type PhoneRow, toContact, toPhone } from "../store/rows";
import { compareBinary, compareNocase } from "./sqliteNocase";

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

/**
 * The owners of a number from the rows of phones(number) ⋈ contacts ⟕ phones, which come unordered and
 * repeat an owner once per phone of theirs with that number: each owner once, its phones by position,
 * owners in caller-ID order (display name, ASCII case folded, then id — the feed's ORDER BY).
 */
export function ownersOfJoinedRows(rows: readonly ContactWithPhoneRow[]): Contact[] {
  const owners = new Map<string, { contact: Contact; phones: Map<number, ContactPhone> }>();
  for (const row of rows) {
    let owner = owners.get(row.id);
    if (owner === undefined) owners.set(row.id, (owner = { contact: toContact(row, []), phones: new Map() }));
    if (row.position !== null)
      owner.phones.set(row.position, toPhone({ ...row, contact_id: row.id } as PhoneRow));
  }
  const contacts = [...owners.values()].map(({ contact, phones }) => {
    contact.phones = [...phones].sort(([a], [b]) => a - b).map(([, phone]) => phone);
    return contact;
  });
  if (contacts.length > 1) {
    contacts.sort((a, b) => compareNocase(a.displayName, b.displayName) || compareBinary(a.id, b.id));
  }
  return contacts;
}
