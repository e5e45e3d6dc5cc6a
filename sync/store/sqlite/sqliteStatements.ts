import type Database from "better-sqlite3";

const PHONE_COLUMNS = "contact_id, type, raw, e164, extension, valid, problem, region";

/** Every statement of the store, prepared once per connection: per-row work stays a bind and a step. */
export function prepareStatements(db: Database.Database): Record<StatementName, Database.Statement> {
  const prepare = (sql: string): Database.Statement => db.prepare(sql);
  return {
    contactsByIds: prepare(
      "SELECT id, display_name, user_json FROM contacts WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))",
    ),
    phonesByIds: prepare(
      `SELECT ${PHONE_COLUMNS} FROM phones WHERE tenant_id = ? AND contact_id IN (SELECT value FROM json_each(?)) ` +
        "ORDER BY contact_id, position",
    ),
    allIds: prepare("SELECT id FROM contacts WHERE tenant_id = ?").pluck(),
    count: prepare("SELECT count(*) FROM contacts WHERE tenant_id = ?").pluck(),
    upsertContact: prepare(
      "INSERT INTO contacts (tenant_id, id, display_name, user_json, updated_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (tenant_id, id) DO UPDATE SET display_name = excluded.display_name, " +
        "user_json = excluded.user_json, updated_at = excluded.updated_at",
    ),
    deletePhones: prepare("DELETE FROM phones WHERE tenant_id = ? AND contact_id = ?"),
    insertPhone: prepare(
      "INSERT INTO phones (tenant_id, contact_id, position, type, raw, e164, extension, valid, problem, region) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    deleteContact: prepare("DELETE FROM contacts WHERE tenant_id = ? AND id = ?"),
    upsertEscrow: prepare(
      "INSERT INTO escrow (tenant_id, id, reason, excerpt, escrowed_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (tenant_id, id) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt, " +
        "escrowed_at = excluded.escrowed_at",
    ),
    deleteEscrow: prepare("DELETE FROM escrow WHERE tenant_id = ? AND id = ?"),
    readCheckpoint: prepare("SELECT delta_link, settings FROM sync_state WHERE tenant_id = ?"),
    saveCheckpoint: prepare(
      "INSERT INTO sync_state (tenant_id, delta_link, settings, updated_at) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, " +
        "settings = excluded.settings, updated_at = excluded.updated_at",
    ),
    clearCheckpoint: prepare("DELETE FROM sync_state WHERE tenant_id = ?"),
    idsByE164: prepare(
      "SELECT id FROM contacts WHERE tenant_id = ? AND id IN " +
        "(SELECT contact_id FROM phones WHERE tenant_id = ? AND e164 = ?) ORDER BY display_name COLLATE NOCASE, id",
    ).pluck(),
    idsInNameOrder: prepare(
      "SELECT id FROM contacts WHERE tenant_id = ? ORDER BY display_name COLLATE NOCASE, id",
    ).pluck(),
    recordRun: prepare(
      "INSERT INTO runs (run_id, tenant_id, mode, outcome, started_at, finished_at, created, updated, deleted, " +
        "unchanged, invalid_numbers, escrowed, pages, message) VALUES " +
        "(@runId, @tenantId, @mode, @outcome, @startedAt, @finishedAt, @created, @updated, @deleted, " +
        "@unchanged, @invalidNumbers, @escrowed, @pages, @message) " +
        "ON CONFLICT (run_id) DO UPDATE SET mode = excluded.mode, " +
        "outcome = excluded.outcome, started_at = excluded.started_at, finished_at = excluded.finished_at, " +
        "created = excluded.created, updated = excluded.updated, deleted = excluded.deleted, " +
        "unchanged = excluded.unchanged, invalid_numbers = excluded.invalid_numbers, " +
        "escrowed = excluded.escrowed, pages = excluded.pages, message = excluded.message " +
        "WHERE runs.tenant_id = excluded.tenant_id",
    ),
    recentRuns: prepare("SELECT * FROM runs WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?"),
    invalidNumbers: prepare(
      "SELECT p.contact_id, c.display_name, p.type, p.raw, p.problem FROM phones p " +
        "JOIN contacts c ON c.tenant_id = p.tenant_id AND c.id = p.contact_id WHERE p.tenant_id = ? AND p.valid = 0 " +
        "ORDER BY c.display_name COLLATE NOCASE, p.contact_id, p.position",
    ),
    escrowed: prepare("SELECT id, reason, excerpt FROM escrow WHERE tenant_id = ? ORDER BY id"),
    tenants: prepare(
      "SELECT t.tenant_id, (SELECT count(*) FROM contacts c WHERE c.tenant_id = t.tenant_id) AS contacts, " +
        "(SELECT max(finished_at) FROM runs r WHERE r.tenant_id = t.tenant_id) AS last_run_at FROM " +
        "(SELECT DISTINCT tenant_id FROM contacts UNION SELECT tenant_id FROM sync_state " +
        "UNION SELECT tenant_id FROM runs) t ORDER BY t.tenant_id",
    ),
  };
}

/** Named so the declaration build can spell the return type (better-sqlite3's namespace cannot be named). */
type StatementName =
  | "contactsByIds"
  | "phonesByIds"
  | "allIds"
  | "count"
  | "upsertContact"
  | "deletePhones"
  | "insertPhone"
  | "deleteContact"
  | "upsertEscrow"
  | "deleteEscrow"
  | "readCheckpoint"
  | "saveCheckpoint"
  | "clearCheckpoint"
  | "idsByE164"
  | "idsInNameOrder"
  | "recordRun"
  | "recentRuns"
  | "invalidNumbers"
  | "escrowed"
  | "tenants";

export type SqliteStatements = ReturnType<typeof prepareStatements>;
