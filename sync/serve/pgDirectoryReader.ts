import type { Pool, PoolClient } from "pg";
import type { Contact } from "../model";
import { createPool } from "../store/postgres/pgPool";
import { DEFAULT_SCHEMA, openPostgresStore, takeSchemaParameter } from "../store/postgres/postgresStore";
import { quoteIdent } from "../store/postgres/postgresSchema";
import { contactsFromRows, type ContactRow, type PhoneRow } from "../store/rows";
import type { DirectoryReader, DirectorySnapshot, TenantDirectory } from "./directoryReader";
import { unavailableOr } from "./pgFaults";
import { defaultCountryOf } from "./sqliteDirectoryReader";
import { contactsOfJoinedRows, type ContactWithPhoneRow } from "./sqliteRows";

/** The store's name order (pgTenantStore): ASCII case folded, byte order, so both backends sort alike. */
const NAME_ORDER =
  "translate(c.display_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\", c.id COLLATE \"C\"";
const CONTACT_WITH_PHONES =
  "SELECT c.id, c.display_name, c.user_json, p.position, p.type, p.raw, p.e164, p.extension, p.valid, p.problem, " +
  "p.region FROM contacts c LEFT JOIN phones p ON p.tenant_id = c.tenant_id AND p.contact_id = c.id WHERE c.tenant_id = $1";
const VERSION =
  "SELECT coalesce((SELECT max(seq) FROM runs WHERE tenant_id = $1), 0)::text || '.' || " +
  "coalesce((SELECT updated_at::text FROM sync_state WHERE tenant_id = $1), '') AS version";
/** Rows per FETCH of a phonebook cursor: bounded memory whatever the directory's size. */
const FEED_BATCH = 1000;

export interface PgReaderOptions {
  /** @default the URL's `?schema=` parameter, else "entra_replicator" (as the store reads it) */
  schema?: string;
  /** @default 10 */
  maxConnections?: number;
}

/**
 * The PostgreSQL reader. It needs SELECT only (docs/ARCHITECTURE.md: the read-only role of serve); the
 * schema version is checked on open, read-only. Every request queries the database: nothing is cached.
 */
export async function openPgDirectoryReader(
  givenUrl: string,
  options: PgReaderOptions = {},
): Promise<PgDirectoryReader> {
  const { url, schema: schemaInUrl } = takeSchemaParameter(givenUrl);
  const schema = options.schema ?? schemaInUrl ?? DEFAULT_SCHEMA;
  await (await openPostgresStore(url, { readonly: true, schema, maxConnections: 1 })).close();
  const pool = createPool(url, {
    max: options.maxConnections ?? 10,
    options: `-c search_path=${quoteIdent(schema)}`,
  });
  return new PgDirectoryReader(pool);
}

export class PgDirectoryReader implements DirectoryReader {
  constructor(readonly pool: Pool) {}

  async ping(): Promise<void> {
    await this.query("SELECT 1", []);
  }

  tenant(tenantId: string): TenantDirectory {
    return new PgTenantDirectory(this, tenantId);
  }

  async tenantIds(): Promise<string[]> {
    const rows = await this.query<{ tenant_id: string }>(
      "SELECT DISTINCT tenant_id FROM contacts UNION SELECT tenant_id FROM sync_state UNION SELECT tenant_id FROM runs",
      [],
    );
    return rows.map((row) => row.tenant_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** A query whose connection faults (server down, restarted) become StoreUnavailableError (503). */
  async query<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  async contactsByIds(tenant: string, ids: readonly string[]): Promise<Contact[]> {
    if (ids.length === 0) return [];
    const [contacts, phones] = await Promise.all([
      this.query<ContactRow>(
        "SELECT id, display_name, user_json FROM contacts WHERE tenant_id = $1 AND id = ANY($2::text[])",
        [tenant, ids],
      ),
      this.query<PhoneRow>(
        "SELECT contact_id, type, raw, e164, extension, valid, problem, region FROM phones " +
          "WHERE tenant_id = $1 AND contact_id = ANY($2::text[]) ORDER BY contact_id, position",
        [tenant, ids],
      ),
    ]);
    const byId = contactsFromRows(contacts, phones);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}

class PgTenantDirectory implements TenantDirectory {
  constructor(
    private readonly reader: PgDirectoryReader,
    private readonly tenant: string,
  ) {}

  async findByE164(e164: string): Promise<Contact[]> {
    const rows = await this.reader.query<ContactWithPhoneRow>(
      `${CONTACT_WITH_PHONES} AND c.id IN (SELECT contact_id FROM phones WHERE tenant_id = $1 AND e164 = $2) ` +
        `ORDER BY ${NAME_ORDER}, p.position`,
      [this.tenant, e164],
    );
    return [...contactsOfJoinedRows(rows)];
  }

  async page(afterId: string | null, limit: number): Promise<Contact[]> {
    const rows = await this.reader.query<{ id: string }>(
      'SELECT id FROM contacts WHERE tenant_id = $1 AND id COLLATE "C" > $2 ORDER BY id COLLATE "C" LIMIT $3',
      [this.tenant, afterId ?? "", limit],
    );
    return this.reader.contactsByIds(
      this.tenant,
      rows.map((row) => row.id),
    );
  }

  async get(id: string): Promise<Contact | null> {
    return (await this.reader.contactsByIds(this.tenant, [id]))[0] ?? null;
  }

  async count(): Promise<number> {
    const rows = await this.reader.query<{ count: string }>(
      "SELECT count(*) FROM contacts WHERE tenant_id = $1",
      [this.tenant],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async version(): Promise<string> {
    return (await this.reader.query<{ version: string }>(VERSION, [this.tenant]))[0]?.version ?? "";
  }

  async lastSuccessfulSync(): Promise<Date | null> {
    const rows = await this.reader.query<{ finished: string | null }>(
      "SELECT max(finished_at) AS finished FROM runs WHERE tenant_id = $1 AND outcome = 'succeeded'",
      [this.tenant],
    );
    const finished = rows[0]?.finished ?? null;
    return finished === null ? null : new Date(finished);
  }

  async defaultCountry(): Promise<string | null> {
    const rows = await this.reader.query<{ settings: string | null }>(
      "SELECT settings FROM sync_state WHERE tenant_id = $1",
      [this.tenant],
    );
    return defaultCountryOf(rows[0]?.settings ?? null);
  }

  /** One REPEATABLE READ, READ ONLY transaction: the version and the rows are one snapshot, read by a cursor. */
  async snapshot(): Promise<DirectorySnapshot> {
    let client: PoolClient;
    try {
      client = await this.reader.pool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const version =
        (await client.query<{ version: string }>(VERSION, [this.tenant])).rows[0]?.version ?? "";
      await client.query(
        `DECLARE feed NO SCROLL CURSOR FOR ${CONTACT_WITH_PHONES} ORDER BY ${NAME_ORDER}, p.position`,
        [this.tenant],
      );
      return { version, contacts: readCursor(client) };
    } catch (error) {
      client.release(error as Error);
      throw unavailableOr(error);
    }
  }
}

async function* readCursor(client: PoolClient): AsyncGenerator<Contact> {
  let failed: Error | undefined;
  let committed = false;
  try {
    let pending: ContactWithPhoneRow[] = [];
    for (;;) {
      const rows = (await client.query<ContactWithPhoneRow>(`FETCH ${FEED_BATCH} FROM feed`)).rows;
      const last = rows.length < FEED_BATCH;
      // A contact's phone rows may straddle two batches: hold back the last contact until the next one.
      const all = pending.concat(rows);
      const lastId = all[all.length - 1]?.id;
      pending = last ? [] : all.filter((row) => row.id === lastId);
      yield* contactsOfJoinedRows(last ? all : all.filter((row) => row.id !== lastId));
      if (last) break;
    }
    await client.query("COMMIT");
    committed = true;
  } catch (error) {
    failed = error as Error;
    throw unavailableOr(error);
  } finally {
    // Ended early (the client went away): roll back; a connection that cannot is destroyed, not reused.
    if (!committed && failed === undefined) {
      failed = await client.query("ROLLBACK").then(
        () => undefined,
        (error: Error) => error,
      );
    }
    client.release(failed);
  }
}
