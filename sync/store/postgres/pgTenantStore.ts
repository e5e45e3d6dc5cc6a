import type { Pool } from "pg";
import type {
  Contact,
  ContactPhone,
  EscrowedRecord,
  InvalidNumberReport,
  PhoneType,
  RunSummary,
} from "../../model";
import type { ContactDirectory, PageChange } from "../contactDirectory";
import type { RoundCheckpoint, RoundCheckpointStore } from "../roundCheckpoint";
import { type ContactRow, inOrder, type RunRow, toContact, toRunSummary } from "../rows";
import type { RunLog } from "../runLog";
import type { TenantStore } from "../store";
import { writePage } from "./pgWritePage";

/** Turns connection faults into user-facing errors; given by the store that owns the pool. */
export type PgGuard = <T>(operation: () => Promise<T>) => Promise<T>;

/** SQLite's NOCASE: ASCII letters folded, then byte (code point) order — both backends sort alike. */
const NAME_ORDER =
  "translate(display_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE \"C\"";
const EXPORT_BATCH = 500;

export function pgTenantStore(pool: Pool, tenantId: string, guard: PgGuard): TenantStore {
  return {
    tenantId,
    directory: new PgContactDirectory(pool, tenantId, guard),
    checkpoint: new PgRoundCheckpoint(pool, tenantId, guard),
    runs: new PgRunLog(pool, tenantId, guard),
  };
}

class PgContactDirectory implements ContactDirectory {
  constructor(
    private readonly pool: Pool,
    readonly tenantId: string,
    private readonly guard: PgGuard,
  ) {}

  getContacts(ids: readonly string[]): Promise<Map<string, Contact>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    // One round trip: each contact with its phones aggregated in order. Looked up id by id (LATERAL, an
    // equality on the whole key): without statistics yet, `id = ANY(...)` was planned as a scan of the tenant.
    return this.guard(async () => {
      const result = await this.pool.query<ContactRow & { phones: ContactPhone[] }>(
        "SELECT c.id, c.display_name, c.user_json, COALESCE(ph.phones, '[]') AS phones " +
          "FROM unnest($2::text[]) AS k (id) " +
          "JOIN LATERAL (SELECT id, display_name, user_json FROM contacts WHERE tenant_id = $1 AND id = k.id) c ON true " +
          "LEFT JOIN LATERAL (SELECT json_agg(json_build_object('type', p.type, 'raw', p.raw, 'e164', p.e164, " +
          "'extension', p.extension, 'valid', p.valid, 'problem', p.problem, 'region', p.region) ORDER BY p.position) " +
          "AS phones FROM phones p WHERE p.tenant_id = $1 AND p.contact_id = k.id) ph ON true",
        [this.tenantId, ids],
      );
      return new Map(result.rows.map((row) => [row.id, toContact(row, row.phones)]));
    });
  }

  allContactIds(): Promise<Set<string>> {
    return this.guard(async () => {
      const result = await this.pool.query<{ id: string }>("SELECT id FROM contacts WHERE tenant_id = $1", [
        this.tenantId,
      ]);
      return new Set(result.rows.map((row) => row.id));
    });
  }

  countContacts(): Promise<number> {
    return this.guard(async () => {
      const result = await this.pool.query<{ count: string }>(
        "SELECT count(*) AS count FROM contacts WHERE tenant_id = $1",
        [this.tenantId],
      );
      return Number(result.rows[0]?.count ?? 0);
    });
  }

  /** One transaction, a handful of set-based statements (arrays via unnest), whatever the page size. */
  /** One statement (`apply_page`): atomic, one round trip; see migration 000001 for its durability. */
  applyPage(change: PageChange): Promise<void> {
    return this.guard(() => writePage(this.pool, this.tenantId, change));
  }

  findByE164(e164: string): Promise<Contact[]> {
    return this.guard(async () => {
      const result = await this.pool.query<{ id: string }>(
        "SELECT id FROM contacts WHERE tenant_id = $1 AND id IN " +
          `(SELECT contact_id FROM phones WHERE tenant_id = $1 AND e164 = $2) ORDER BY ${NAME_ORDER}, id COLLATE "C"`,
        [this.tenantId, e164],
      );
      const ids = result.rows.map((row) => row.id);
      return inOrder(ids, await this.getContacts(ids));
    });
  }

  async *iterateContacts(): AsyncGenerator<Contact> {
    const result = await this.guard(() =>
      this.pool.query<{ id: string }>(
        `SELECT id FROM contacts WHERE tenant_id = $1 ORDER BY ${NAME_ORDER}, id COLLATE "C"`,
        [this.tenantId],
      ),
    );
    const ids = result.rows.map((row) => row.id);
    for (let start = 0; start < ids.length; start += EXPORT_BATCH) {
      const batch = ids.slice(start, start + EXPORT_BATCH);
      yield* inOrder(batch, await this.getContacts(batch));
    }
  }

  invalidNumbers(): Promise<InvalidNumberReport[]> {
    return this.guard(async () => {
      const result = await this.pool.query<{
        contact_id: string;
        display_name: string;
        type: PhoneType;
        raw: string;
        problem: string | null;
      }>(
        "SELECT p.contact_id, c.display_name, p.type, p.raw, p.problem FROM phones p " +
          "JOIN contacts c ON c.tenant_id = p.tenant_id AND c.id = p.contact_id WHERE p.tenant_id = $1 AND NOT p.valid " +
          `ORDER BY translate(c.display_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C", ` +
          'p.contact_id COLLATE "C", p.position',
        [this.tenantId],
      );
      return result.rows.map((row) => ({
        contactId: row.contact_id,
        displayName: row.display_name,
        type: row.type,
        raw: row.raw,
        problem: row.problem ?? "invalid",
      }));
    });
  }

  escrowed(): Promise<EscrowedRecord[]> {
    return this.guard(async () => {
      const result = await this.pool.query<EscrowedRecord>(
        'SELECT id, reason, excerpt FROM escrow WHERE tenant_id = $1 ORDER BY id COLLATE "C"',
        [this.tenantId],
      );
      return result.rows;
    });
  }
}

class PgRoundCheckpoint implements RoundCheckpointStore {
  constructor(
    private readonly pool: Pool,
    readonly tenantId: string,
    private readonly guard: PgGuard,
  ) {}

  read(): Promise<RoundCheckpoint | null> {
    return this.guard(async () => {
      const result = await this.pool.query<{ delta_link: string; settings: string | null }>(
        "SELECT delta_link, settings FROM sync_state WHERE tenant_id = $1",
        [this.tenantId],
      );
      const row = result.rows[0];
      return row === undefined ? null : { deltaLink: row.delta_link, settings: row.settings };
    });
  }

  save(checkpoint: RoundCheckpoint): Promise<void> {
    return this.guard(async () => {
      await this.pool.query(
        "INSERT INTO sync_state (tenant_id, delta_link, settings, updated_at) VALUES ($1, $2, $3, now()) " +
          "ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, settings = excluded.settings, " +
          "updated_at = excluded.updated_at",
        [this.tenantId, checkpoint.deltaLink, checkpoint.settings],
      );
    });
  }

  clear(): Promise<void> {
    return this.guard(async () => {
      await this.pool.query("DELETE FROM sync_state WHERE tenant_id = $1", [this.tenantId]);
    });
  }
}

class PgRunLog implements RunLog {
  constructor(
    private readonly pool: Pool,
    readonly tenantId: string,
    private readonly guard: PgGuard,
  ) {}

  record(summary: RunSummary): Promise<void> {
    const s = summary;
    return this.guard(async () => {
      await this.pool.query(
        "INSERT INTO runs (run_id, tenant_id, mode, outcome, started_at, finished_at, created, updated, deleted, " +
          "unchanged, invalid_numbers, escrowed, pages, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) " +
          "ON CONFLICT (run_id) DO UPDATE SET mode = excluded.mode, outcome = excluded.outcome, " +
          "started_at = excluded.started_at, finished_at = excluded.finished_at, created = excluded.created, " +
          "updated = excluded.updated, deleted = excluded.deleted, unchanged = excluded.unchanged, " +
          "invalid_numbers = excluded.invalid_numbers, escrowed = excluded.escrowed, pages = excluded.pages, " +
          "message = excluded.message WHERE runs.tenant_id = excluded.tenant_id",
        [
          s.runId,
          this.tenantId,
          s.mode,
          s.outcome,
          s.startedAt,
          s.finishedAt,
          s.created,
          s.updated,
          s.deleted,
          s.unchanged,
          s.invalidNumbers,
          s.escrowed,
          s.pages,
          s.message,
        ],
      );
    });
  }

  recent(limit: number): Promise<RunSummary[]> {
    return this.guard(async () => {
      const result = await this.pool.query<RunRow>(
        "SELECT * FROM runs WHERE tenant_id = $1 ORDER BY seq DESC LIMIT $2",
        [this.tenantId, limit],
      );
      return result.rows.map(toRunSummary);
    });
  }
}
