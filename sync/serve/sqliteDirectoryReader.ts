import type Database from "better-sqlite3";
import type { Contact } from "../model";
import { contactsFromRows, type ContactRow, type PhoneRow } from "../store/rows";
import { openSqliteStore } from "../store/sqlite/sqliteStore";
import type { DirectoryReader, DirectorySnapshot, TenantDirectory } from "./directoryReader";
import { isStoreFault, openReadOnly, SqliteConnection } from "./sqliteConnection";
import { contactsOfJoinedRows, type ContactWithPhoneRow, ownersOfJoinedRows } from "./sqliteRows";
import { StoreUnavailableError } from "./serveErrors";

/** Every statement takes the tenant as `$tenant`: a tenant's reader never sees another tenant's rows. */
const SQL = {
  tenants:
    "SELECT DISTINCT tenant_id FROM contacts UNION SELECT tenant_id FROM sync_state UNION SELECT tenant_id FROM runs",
  dataVersion: "PRAGMA data_version",
  // What a feed's ETag follows: every run records itself when it ends (succeeded, failed or blocked) and a
  // round saves its checkpoint, so a round's changes change the version when the round ends. Two index
  // probes; a full count/max over 100k contacts would cost tens of milliseconds after every commit.
  version:
    "SELECT ifnull((SELECT max(seq) FROM runs WHERE tenant_id = $tenant), 0) || '.' || " +
    "ifnull((SELECT updated_at FROM sync_state WHERE tenant_id = $tenant), '')",
  // One statement per lookup: the owners of the number with all their phones. Neither an IN (subquery)
  // (an ephemeral table) nor an ORDER BY (a temp B-tree): ownersOfJoinedRows dedupes and orders them.
  byE164:
    "SELECT c.id, c.display_name, c.user_json, p.position, p.type, p.raw, p.e164, p.extension, p.valid, p.problem, " +
    "p.region FROM phones m JOIN contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id " +
    "LEFT JOIN phones p ON p.tenant_id = c.tenant_id AND p.contact_id = c.id " +
    "WHERE m.tenant_id = $tenant AND m.e164 = $e164",
  contactsByIds:
    "SELECT id, display_name, user_json FROM contacts WHERE tenant_id = $tenant AND id IN (SELECT value FROM json_each($ids))",
  phonesByIds:
    "SELECT contact_id, type, raw, e164, extension, valid, problem, region FROM phones " +
    "WHERE tenant_id = $tenant AND contact_id IN (SELECT value FROM json_each($ids)) ORDER BY contact_id, position",
  pageIds: "SELECT id FROM contacts WHERE tenant_id = $tenant AND id > $after ORDER BY id LIMIT $limit",
  count: "SELECT count(*) FROM contacts WHERE tenant_id = $tenant",
  lastSuccess: "SELECT max(finished_at) FROM runs WHERE tenant_id = $tenant AND outcome = 'succeeded'",
  settings: "SELECT settings FROM sync_state WHERE tenant_id = $tenant",
  feed:
    "SELECT c.id, c.display_name, c.user_json, p.position, p.type, p.raw, p.e164, p.extension, p.valid, p.problem, " +
    "p.region FROM contacts c LEFT JOIN phones p ON p.tenant_id = c.tenant_id AND p.contact_id = c.id " +
    "WHERE c.tenant_id = $tenant ORDER BY c.display_name COLLATE NOCASE, c.id, p.position",
} as const;

interface TenantState {
  version: string;
  defaultCountry: string | null;
}

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** Opens the store read-only (a missing, foreign, older or newer store is the store's own clear error). */
export function openSqliteDirectoryReader(storePath: string): SqliteDirectoryReader {
  openSqliteStore(storePath, { readonly: true }).closeNow();
  return new SqliteDirectoryReader(new SqliteConnection(storePath));
}

export class SqliteDirectoryReader implements DirectoryReader {
  private statements: { generation: number; prepared: Statements } | null = null;
  /**
   * Per tenant: the feed version and the default country, valid while no other connection committed
   * (PRAGMA data_version unchanged) — so they are as fresh as a query, at the cost of one probe.
   */
  private cache = { generation: -1, dataVersion: -1, byTenant: new Map<string, TenantState>() };

  constructor(readonly connection: SqliteConnection) {}

  /** Readiness checks the file now, not within the last FILE_CHECK_INTERVAL_MS. */
  async ping(): Promise<void> {
    this.connection.read((db) => db.pragma("data_version", { simple: true }), "now");
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

  /** The tenant's feed version and default country, read again only after another connection committed. */
  state(tenant: string): TenantState {
    return this.read((s, generation) => {
      const dataVersion = s.dataVersion.pluck().get() as number;
      if (this.cache.generation !== generation || this.cache.dataVersion !== dataVersion) {
        this.cache = { generation, dataVersion, byTenant: new Map() };
      }
      let state = this.cache.byTenant.get(tenant);
      if (state === undefined) {
        state = {
          version: s.version.pluck().get({ tenant }) as string,
          defaultCountry: defaultCountryOf(
            (s.settings.pluck().get({ tenant }) as string | null | undefined) ?? null,
          ),
        };
        this.cache.byTenant.set(tenant, state);
      }
      return state;
    });
  }

  read<T>(operation: (statements: Statements, generation: number) => T): T {
    return this.connection.read((db, generation) => operation(this.prepared(db, generation), generation));
  }

  contactsByIds(tenant: string, ids: readonly string[]): Contact[] {
    if (ids.length === 0) return [];
    const byId = this.read((s) => {
      const idsJson = JSON.stringify(ids);
      const phones = s.phonesByIds.all({ tenant, ids: idsJson }) as PhoneRow[];
      return contactsFromRows(s.contactsByIds.all({ tenant, ids: idsJson }) as ContactRow[], phones);
    });
    return ids.flatMap((id) => byId.get(id) ?? []);
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
    private readonly tenant: string,
  ) {}

  async findByE164(e164: string): Promise<Contact[]> {
    const { tenant } = this;
    return this.reader.read((s) =>
      ownersOfJoinedRows(s.byE164.all({ tenant, e164 }) as ContactWithPhoneRow[]),
    );
  }

  async page(afterId: string | null, limit: number): Promise<Contact[]> {
    const { tenant } = this;
    const ids = this.reader.read(
      (s) => s.pageIds.pluck().all({ tenant, after: afterId ?? "", limit }) as string[],
    );
    return this.reader.contactsByIds(tenant, ids);
  }

  async get(id: string): Promise<Contact | null> {
    return this.reader.contactsByIds(this.tenant, [id])[0] ?? null;
  }

  async count(): Promise<number> {
    return this.reader.read((s) => s.count.pluck().get({ tenant: this.tenant }) as number);
  }

  async version(): Promise<string> {
    return this.reader.state(this.tenant).version;
  }

  async lastSuccessfulSync(): Promise<Date | null> {
    const finished = this.reader.read(
      (s) => s.lastSuccess.pluck().get({ tenant: this.tenant }) as string | null,
    );
    return finished === null ? null : new Date(finished);
  }

  async defaultCountry(): Promise<string | null> {
    return this.reader.state(this.tenant).defaultCountry;
  }

  /** A connection of its own in one read transaction: the version and the rows are the same snapshot. */
  async snapshot(): Promise<DirectorySnapshot> {
    const db = openReadOnly(this.reader.connection.storePath);
    try {
      db.exec("BEGIN");
      const version = db.prepare(SQL.version).pluck().get({ tenant: this.tenant }) as string;
      const rows = db
        .prepare(SQL.feed)
        .iterate({ tenant: this.tenant }) as IterableIterator<ContactWithPhoneRow>;
      return { version, contacts: streamThenClose(db, contactsOfJoinedRows(rows)) };
    } catch (error) {
      db.close();
      if (isStoreFault(error)) throw new StoreUnavailableError("reading the phonebook failed", error);
      throw error;
    }
  }
}

/** The default country in the directory settings a tenant's last round was applied with. */
export function defaultCountryOf(settings: string | null): string | null {
  if (settings === null) return null;
  try {
    const country = (JSON.parse(settings) as { defaultCountry?: unknown }).defaultCountry;
    return typeof country === "string" ? country : null;
  } catch {
    return null;
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
