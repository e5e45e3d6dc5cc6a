import type { Contact, ContactPhone, EntraUser, PhoneType, RunMode, RunOutcome, RunSummary } from "../model";

/** Row shapes both SQL backends share: the same columns, the same mapping to the domain. */
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
  valid: number | boolean;
  problem: string | null;
  region: string | null;
}

export interface RunRow {
  run_id: string;
  tenant_id: string;
  mode: RunMode;
  outcome: RunOutcome;
  started_at: string;
  finished_at: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  invalid_numbers: number;
  escrowed: number;
  pages: number;
  message: string | null;
}

export function toContact(row: ContactRow, phones: ContactPhone[]): Contact {
  return { id: row.id, user: JSON.parse(row.user_json) as EntraUser, displayName: row.display_name, phones };
}

export function toPhone(row: PhoneRow): ContactPhone {
  return {
    type: row.type,
    raw: row.raw,
    e164: row.e164,
    extension: row.extension,
    valid: row.valid === 1 || row.valid === true,
    problem: row.problem,
    region: row.region,
  };
}

/** Contacts of one page from their rows: phones grouped by contact, in the order the rows came. */
export function contactsFromRows(
  contacts: readonly ContactRow[],
  phones: readonly PhoneRow[],
): Map<string, Contact> {
  const phonesById = new Map<string, ContactPhone[]>();
  for (const row of phones) {
    const list = phonesById.get(row.contact_id);
    if (list === undefined) phonesById.set(row.contact_id, [toPhone(row)]);
    else list.push(toPhone(row));
  }
  const found = new Map<string, Contact>();
  for (const row of contacts) found.set(row.id, toContact(row, phonesById.get(row.id) ?? []));
  return found;
}

export function toRunSummary(row: RunRow): RunSummary {
  return {
    runId: row.run_id,
    tenantId: row.tenant_id,
    mode: row.mode,
    outcome: row.outcome,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    created: Number(row.created),
    updated: Number(row.updated),
    deleted: Number(row.deleted),
    unchanged: Number(row.unchanged),
    invalidNumbers: Number(row.invalid_numbers),
    escrowed: Number(row.escrowed),
    pages: Number(row.pages),
    message: row.message,
  };
}

/** Contacts in the order of `ids` (the order a query sorted them in), skipping ids that vanished. */
export function inOrder(ids: readonly string[], contacts: ReadonlyMap<string, Contact>): Contact[] {
  return ids.flatMap((id) => contacts.get(id) ?? []);
}
