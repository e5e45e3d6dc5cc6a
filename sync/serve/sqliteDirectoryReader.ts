import type Database from "better-sqlite3";
import type { Contact, ContactPhone } from "../model";
import { openSqliteStore } from "../store/sqliteStore";
import type { DirectoryReader, DirectorySnapshot, TenantDirectory } from "./directoryReader";
import { isStoreFault, openReadOnly, SqliteConnection } from "./sqliteConnection";
import {
  CONTACTS_WITH_PHONES_SQL,
  contactsOfJoinedRows,
  type ContactRow,
  type ContactWithPhoneRow,
  type PhoneRow,
  toContact,
  toPhone,
} from "./sqliteRows";
import { StoreUnavailableError } from "./serveErrors";

/**
 * Today's SQLite schema holds one tenant's directory per file: the contacts belong to the tenant that
 * last synced into it (its latest run), and every other tenant sees an empty directory.
 */
const SQL = {
  owner:
    "SELECT tenant_id FROM (SELECT tenant_id, 1 AS rank, seq FROM runs WHERE outcome <> 'dry-run' " +
    "UNION ALL SELECT tenant_id, 2, 0 FROM sync_state) ORDER BY rank, seq DESC LIMIT 1",
  tenants:
    "SELECT DISTINCT tenant_id FROM runs WHERE outcome <> 'dry-run' UNION SELECT tenant_id FROM sync_state",
  dataVersion: "PRAGMA data_version",
  version:
    "SELECT (SELECT count(*) FROM contacts) || '.' || ifnull((SELECT max(updated_at) FROM contacts), '') || '.' || " +
    "ifnull((SELECT max(seq) FROM runs), 0) || '.' || ifnull((SELECT max(updated_at) FROM sync_state), '')",
  idsByE164:
    "SELECT id FROM contacts WHERE id IN (SELECT contact_id FROM phones WHERE e164 = ?) " +
    "ORDER BY display_name COLLATE NOCASE, id",
  contactsByIds:
    "SELECT id, display_name, user_json FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
  phonesByIds:
    "SELECT contact_id, type, raw, e164, extension, valid, problem, region FROM phones " +
    "WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY contact_id, position",
  pageIds: "SELECT id FROM contacts WHERE id > ? ORDER BY id LIMIT ?",
  count: "SELECT count(*) FROM contacts",
  lastSuccess: "SELECT max(finished_at) FROM runs WHERE tenant_id = ? AND outcome = 'succeeded'",
  settings: "SELECT settings FROM sync_state WHERE tenant_id = ?",
  feed: `${CONTACTS_WITH_PHONES_SQL} ORDER BY c.display_name COLLATE NOCASE, c.id, p.position`,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** Opens the store read-only (a missing, foreign or newer store is the store's own clear error). */
export function openSqliteDirectoryReader(storePath: string): SqliteDirectoryReader {
  openSqliteStore(storePath, { readonly: true }).close();
  return new SqliteDirectoryReader(new SqliteConnection(storePath));
}

export class SqliteDirectoryReader implements DirectoryReader {
  private statements: { generation: number; prepared: Statements } | null = null;
  /** The version and owner, recomputed only after another connection committed (PRAGMA data_version). */
  private cached: { generation: number; dataVersion: number; version: string; owner: string | null } | null =
    null;

  constructor(readonly connection: SqliteConnection) {}

  async ping(): Promise<void> {
    this.read((s) => s.dataVersion.get());
  }

  tenant(tenantId: string): TenantDirectory {
    return new SqliteTenantDirectory(this, tenantId);
  }

  async tenantIds(): Promise<string[]> {
    return this.read((s) => s.tenants.pluck().all() as string[]);
  }

  async close(): Promise<void> {
    this.connection.close();
  }

  /** Version and owner of the directory as of now; two cheap probes when nothing was committed. */
  state(): { version: string; owner: string | null } {
    return this.read((s, generation) => {
      const dataVersion = s.dataVersion.pluck().get() as number;
      const cached = this.cached;
      if (cached !== null && cached.generation === generation && cached.dataVersion === dataVersion)
        return cached;
      const version = s.version.pluck().get() as string;
      const owner = (s.owner.pluck().get() as string | undefined) ?? null;
      this.cached = { generation, dataVersion, version, owner };
      return this.cached;
    });
  }

  read<T>(operation: (statements: Statements, generation: number) => T): T {
    return this.connection.read((db, generation) => operation(this.prepared(db, generation), generation));
  }

  contactsByIds(ids: readonly string[]): Contact[] {
    if (ids.length === 0) return [];
    return this.read((s) => {
      const idsJson = JSON.stringify(ids);
      const phonesById = new Map<string, ContactPhone[]>();
      for (const row of s.phonesByIds.all(idsJson) as PhoneRow[]) {
        const phones = phonesById.get(row.contact_id);
        if (phones === undefined) phonesById.set(row.contact_id, [toPhone(row)]);
        else phones.push(toPhone(row));
      }
      const byId = new Map<string, Contact>();
      for (const row of s.contactsByIds.all(idsJson) as ContactRow[]) {
        byId.set(row.id, toContact(row, phonesById.get(row.id) ?? []));
      }
      return ids.flatMap((id) => byId.get(id) ?? []);
    });
  }

  private prepared(db: Database.Database, generation: number): Statements {
    if (this.statements?.generation !== generation) {
      const prepared = Object.fromEntries(
        Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]),
      ) as Statements;
      this.statements = { generation, prepared };
    }
    return this.statements.prepared;
  }
}

class SqliteTenantDirectory implements TenantDirectory {
  constructor(
    private readonly reader: SqliteDirectoryReader,
    private readonly tenantId: string,
  ) {}

  private owns(): boolean {
    return this.reader.state().owner === this.tenantId;
  }

  async findByE164(e164: string): Promise<Contact[]> {
    if (!this.owns()) return [];
    const ids = this.reader.read((s) => s.idsByE164.pluck().all(e164) as string[]);
    return this.reader.contactsByIds(ids);
  }

  async page(afterId: string | null, limit: number): Promise<Contact[]> {
    if (!this.owns()) return [];
    const ids = this.reader.read((s) => s.pageIds.pluck().all(afterId ?? "", limit) as string[]);
    return this.reader.contactsByIds(ids);
  }

  async get(id: string): Promise<Contact | null> {
    if (!this.owns()) return null;
    return this.reader.contactsByIds([id])[0] ?? null;
  }

  async count(): Promise<number> {
    if (!this.owns()) return 0;
    return this.reader.read((s) => s.count.pluck().get() as number);
  }

  async version(): Promise<string> {
    const { version, owner } = this.reader.state();
    return owner === this.tenantId ? version : "empty";
  }

  async lastSuccessfulSync(): Promise<Date | null> {
    const finished = this.reader.read((s) => s.lastSuccess.pluck().get(this.tenantId) as string | null);
    return finished === null ? null : new Date(finished);
  }

  async defaultCountry(): Promise<string | null> {
    const settings = this.reader.read(
      (s) => s.settings.pluck().get(this.tenantId) as string | null | undefined,
    );
    if (settings === undefined || settings === null) return null;
    try {
      const country = (JSON.parse(settings) as { defaultCountry?: unknown }).defaultCountry;
      return typeof country === "string" ? country : null;
    } catch {
      return null;
    }
  }

  /** A connection of its own in one read transaction: the version and the rows are the same snapshot. */
  async snapshot(): Promise<DirectorySnapshot> {
    const db = openReadOnly(this.reader.connection.storePath);
    try {
      db.exec("BEGIN");
      const version = db.prepare(SQL.version).pluck().get() as string;
      const owner = (db.prepare(SQL.owner).pluck().get() as string | undefined) ?? null;
      if (owner !== this.tenantId) {
        db.close();
        return { version: "empty", contacts: (async function* () {})() };
      }
      const rows = db.prepare(SQL.feed).iterate() as IterableIterator<ContactWithPhoneRow>;
      return { version, contacts: streamThenClose(db, contactsOfJoinedRows(rows)) };
    } catch (error) {
      db.close();
      if (isStoreFault(error)) throw new StoreUnavailableError("reading the phonebook failed", error);
      throw error;
    }
  }
}

async function* streamThenClose(
  db: Database.Database,
  contacts: Generator<Contact>,
): AsyncGenerator<Contact> {
  try {
    yield* contacts;
  } finally {
    contacts.return(undefined);
    db.close();
  }
}
