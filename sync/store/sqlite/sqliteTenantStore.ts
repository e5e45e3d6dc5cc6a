import type Database from "better-sqlite3";
import type { Contact, EscrowedRecord, InvalidNumberReport, PhoneType, RunSummary } from "../../model";
import type { ContactDirectory, PageChange } from "../contactDirectory";
import type { RoundCheckpoint, RoundCheckpointStore } from "../roundCheckpoint";
import {
  type ContactRow,
  contactsFromRows,
  inOrder,
  type PhoneRow,
  type RunRow,
  toRunSummary,
} from "../rows";
import type { RunLog } from "../runLog";
import type { TenantStore } from "../store";
import type { SqliteStatements } from "./sqliteStatements";
import { escrowKey } from "../escrowKey";

/** Turns faults of the file into user-facing errors; given by the store that owns the connection. */
export type Guard = <T>(operation: () => T) => T;

/** How many contacts an export reads per statement: the connection is never left mid-iteration. */
const EXPORT_BATCH = 500;

/** One tenant's view of the SQLite store: every statement is bound to `tenantId`. */
export function sqliteTenantStore(
  db: Database.Database,
  statements: SqliteStatements,
  tenantId: string,
  guard: Guard,
): TenantStore {
  return {
    tenantId,
    directory: new SqliteContactDirectory(db, statements, tenantId, guard),
    checkpoint: new SqliteRoundCheckpoint(statements, tenantId, guard),
    runs: new SqliteRunLog(statements, tenantId, guard),
  };
}

class SqliteContactDirectory implements ContactDirectory {
  private readonly applyInTransaction: (change: PageChange) => void;

  constructor(
    db: Database.Database,
    private readonly s: SqliteStatements,
    readonly tenantId: string,
    private readonly guard: Guard,
  ) {
    this.applyInTransaction = db.transaction((change: PageChange) => this.writePage(change));
  }

  async getContacts(ids: readonly string[]): Promise<Map<string, Contact>> {
    return this.readContacts(ids);
  }

  private readContacts(ids: readonly string[]): Map<string, Contact> {
    if (ids.length === 0) return new Map();
    return this.guard(() => {
      const idsJson = JSON.stringify(ids);
      const phones = this.s.phonesByIds.all(this.tenantId, idsJson) as PhoneRow[];
      const contacts = this.s.contactsByIds.all(this.tenantId, idsJson) as ContactRow[];
      return contactsFromRows(contacts, phones);
    });
  }

  async allContactIds(): Promise<Set<string>> {
    return this.guard(() => new Set(this.s.allIds.all(this.tenantId) as string[]));
  }

  async countContacts(): Promise<number> {
    return this.guard(() => this.s.count.get(this.tenantId) as number);
  }

  async applyPage(change: PageChange): Promise<void> {
    this.guard(() => this.applyInTransaction(change));
  }

  private writePage(change: PageChange): void {
    const { s, tenantId } = this;
    const now = new Date().toISOString();
    for (const contact of change.upsert) {
      s.upsertContact.run(tenantId, contact.id, contact.displayName, JSON.stringify(contact.user), now);
      s.deletePhones.run(tenantId, contact.id);
      contact.phones.forEach((phone, position) => {
        s.insertPhone.run(
          tenantId,
          contact.id,
          position,
          phone.type,
          phone.raw,
          phone.e164,
          phone.extension,
          phone.valid ? 1 : 0,
          phone.problem,
          phone.region,
        );
      });
    }
    for (const id of change.delete) {
      s.deletePhones.run(tenantId, id);
      s.deleteContact.run(tenantId, id);
    }
    for (const entry of change.escrow)
      s.upsertEscrow.run(tenantId, escrowKey(entry), entry.reason, entry.excerpt, now);
    for (const id of change.resolvedEscrow) s.deleteEscrow.run(tenantId, id);
  }

  async findByE164(e164: string): Promise<Contact[]> {
    const ids = this.guard(() => this.s.idsByE164.all(this.tenantId, this.tenantId, e164) as string[]);
    return inOrder(ids, this.readContacts(ids));
  }

  /** The ids in name order first, then the contacts in batches: no statement stays open across an await. */
  async *iterateContacts(): AsyncGenerator<Contact> {
    const ids = this.guard(() => this.s.idsInNameOrder.all(this.tenantId) as string[]);
    for (let start = 0; start < ids.length; start += EXPORT_BATCH) {
      const batch = ids.slice(start, start + EXPORT_BATCH);
      yield* inOrder(batch, this.readContacts(batch));
    }
  }

  async invalidNumbers(): Promise<InvalidNumberReport[]> {
    const rows = this.guard(
      () =>
        this.s.invalidNumbers.all(this.tenantId) as Array<{
          contact_id: string;
          display_name: string;
          type: PhoneType;
          raw: string;
          problem: string | null;
        }>,
    );
    return rows.map((row) => ({
      contactId: row.contact_id,
      displayName: row.display_name,
      type: row.type,
      raw: row.raw,
      problem: row.problem ?? "invalid",
    }));
  }

  async escrowed(): Promise<EscrowedRecord[]> {
    return this.guard(() => this.s.escrowed.all(this.tenantId) as EscrowedRecord[]);
  }
}

class SqliteRoundCheckpoint implements RoundCheckpointStore {
  constructor(
    private readonly s: SqliteStatements,
    readonly tenantId: string,
    private readonly guard: Guard,
  ) {}

  async read(): Promise<RoundCheckpoint | null> {
    const row = this.guard(
      () =>
        this.s.readCheckpoint.get(this.tenantId) as
          { delta_link: string; settings: string | null } | undefined,
    );
    return row === undefined ? null : { deltaLink: row.delta_link, settings: row.settings };
  }

  async save(checkpoint: RoundCheckpoint): Promise<void> {
    this.guard(() =>
      this.s.saveCheckpoint.run(
        this.tenantId,
        checkpoint.deltaLink,
        checkpoint.settings,
        new Date().toISOString(),
      ),
    );
  }

  async clear(): Promise<void> {
    this.guard(() => this.s.clearCheckpoint.run(this.tenantId));
  }
}

class SqliteRunLog implements RunLog {
  constructor(
    private readonly s: SqliteStatements,
    readonly tenantId: string,
    private readonly guard: Guard,
  ) {}

  async record(summary: RunSummary): Promise<void> {
    // The log is the tenant's: a summary naming another tenant is stored under this one, never theirs.
    this.guard(() => this.s.recordRun.run({ ...summary, tenantId: this.tenantId }));
  }

  async recent(limit: number): Promise<RunSummary[]> {
    return this.guard(() => (this.s.recentRuns.all(this.tenantId, limit) as RunRow[]).map(toRunSummary));
  }
}
