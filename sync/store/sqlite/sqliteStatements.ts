import type Database from "better-sqlite3";

const PHONE_COLUMNS = "contact_id, type, raw, e164, extension, valid, problem, region";

/** The SQL of every statement, by name; those in PLUCKED return their first column only. */
const SQL = {
  contactsByIds:
    "SELECT id, display_name, user_json FROM contacts WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))",
  phonesByIds:
    `SELECT ${PHONE_COLUMNS} FROM phones WHERE tenant_id = ? AND contact_id IN (SELECT value FROM json_each(?)) ` +
    "ORDER BY contact_id, position",
  allIds: "SELECT id FROM contacts WHERE tenant_id = ?",
  count: "SELECT count(*) FROM contacts WHERE tenant_id = ?",
  upsertContact:
    "INSERT INTO contacts (tenant_id, id, display_name, user_json, updated_at) VALUES (?, ?, ?, ?, ?) " +
    "ON CONFLICT (tenant_id, id) DO UPDATE SET display_name = excluded.display_name, " +
    "user_json = excluded.user_json, updated_at = excluded.updated_at",
  deletePhones: "DELETE FROM phones WHERE tenant_id = ? AND contact_id = ?",
  insertPhone:
    "INSERT INTO phones (tenant_id, contact_id, position, type, raw, e164, extension, valid, problem, region) " +
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  deleteContact: "DELETE FROM contacts WHERE tenant_id = ? AND id = ?",
  upsertEscrow:
    "INSERT INTO escrow (tenant_id, id, reason, excerpt, escrowed_at) VALUES (?, ?, ?, ?, ?) " +
    "ON CONFLICT (tenant_id, id) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt, " +
    "escrowed_at = excluded.escrowed_at",
  deleteEscrow: "DELETE FROM escrow WHERE tenant_id = ? AND id = ?",
  readCheckpoint: "SELECT delta_link, settings FROM sync_state WHERE tenant_id = ?",
  saveCheckpoint:
    "INSERT INTO sync_state (tenant_id, delta_link, settings, updated_at) VALUES (?, ?, ?, ?) " +
    "ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, " +
    "settings = excluded.settings, updated_at = excluded.updated_at",
  clearCheckpoint: "DELETE FROM sync_state WHERE tenant_id = ?",
  idsByE164:
    "SELECT id FROM contacts WHERE tenant_id = ? AND id IN " +
    "(SELECT contact_id FROM phones WHERE tenant_id = ? AND e164 = ?) ORDER BY display_name COLLATE NOCASE, id",
  idsInNameOrder: "SELECT id FROM contacts WHERE tenant_id = ? ORDER BY display_name COLLATE NOCASE, id",
  recordRun:
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
  recentRuns: "SELECT * FROM runs WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?",
  invalidNumbers:
    "SELECT p.contact_id, c.display_name, p.type, p.raw, p.problem FROM phones p " +
    "JOIN contacts c ON c.tenant_id = p.tenant_id AND c.id = p.contact_id WHERE p.tenant_id = ? AND p.valid = 0 " +
    "ORDER BY c.display_name COLLATE NOCASE, p.contact_id, p.position",
  escrowed: "SELECT id, reason, excerpt FROM escrow WHERE tenant_id = ? ORDER BY id",
  tenants:
    "SELECT t.tenant_id, (SELECT count(*) FROM contacts c WHERE c.tenant_id = t.tenant_id) AS contacts, " +
    "(SELECT max(finished_at) FROM runs r WHERE r.tenant_id = t.tenant_id) AS last_run_at FROM " +
    "(SELECT DISTINCT tenant_id FROM contacts UNION SELECT tenant_id FROM sync_state " +
    "UNION SELECT tenant_id FROM runs) t ORDER BY t.tenant_id",
} as const;

const PLUCKED: ReadonlySet<keyof typeof SQL> = new Set(["allIds", "count", "idsByE164", "idsInNameOrder"]);

export type SqliteStatements = { readonly [Name in keyof typeof SQL]: Database.Statement };

/** Every statement of the store, prepared once per connection: per-row work stays a bind and a step. */
export function prepareStatements(db: Database.Database): SqliteStatements {
  const entries = Object.entries(SQL).map(([name, sql]) => {
    const statement = db.prepare(sql);
    return [name, PLUCKED.has(name as keyof typeof SQL) ? statement.pluck() : statement] as const;
  });
  return Object.fromEntries(entries) as unknown as SqliteStatements;
}
