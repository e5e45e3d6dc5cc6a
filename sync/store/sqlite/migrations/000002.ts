/**
 * 000002 — every row belongs to one tenant. A version-1 store held one tenant's contacts without saying
 * whose: they are given to the tenant whose run wrote last (its latest real run; else the tenant of the
 * newest deltaLink). A store with contacts but no run and no deltaLink cannot say; its contacts go to
 * tenant '' (shown by `status`), and the tenant's next full sync writes its own.
 *
 * `contacts` keeps its rowid: its rows (the user JSON) are too wide for a WITHOUT ROWID b-tree, which cost
 * a quarter more CPU per written contact; the small `phones` rows are fine without. There is deliberately
 * no index on display_name: every randomly placed index entry is written on every page of a sync, while
 * only exports read in name order, and SQLite's sorter streams those fine.
 */
export const sql = `
CREATE TEMP TABLE legacy_owner AS SELECT COALESCE(
  (SELECT tenant_id FROM runs WHERE outcome <> 'dry-run' ORDER BY seq DESC LIMIT 1),
  (SELECT tenant_id FROM sync_state ORDER BY updated_at DESC LIMIT 1),
  ''
) AS tenant_id;

CREATE TABLE contacts_v2 (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  user_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
INSERT INTO contacts_v2 (tenant_id, id, display_name, user_json, updated_at)
  SELECT (SELECT tenant_id FROM legacy_owner), id, display_name, user_json, updated_at FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_v2 RENAME TO contacts;

CREATE TABLE phones_v2 (
  tenant_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  type TEXT NOT NULL,
  raw TEXT NOT NULL,
  e164 TEXT,
  extension TEXT,
  valid INTEGER NOT NULL,
  problem TEXT,
  region TEXT,
  PRIMARY KEY (tenant_id, contact_id, position)
) WITHOUT ROWID;
INSERT INTO phones_v2 (tenant_id, contact_id, position, type, raw, e164, extension, valid, problem, region)
  SELECT (SELECT tenant_id FROM legacy_owner), contact_id, position, type, raw, e164, extension, valid, problem, region
  FROM phones;
DROP TABLE phones;
ALTER TABLE phones_v2 RENAME TO phones;
CREATE INDEX phones_by_e164 ON phones (tenant_id, e164) WHERE e164 IS NOT NULL;
CREATE INDEX phones_invalid ON phones (tenant_id, contact_id) WHERE valid = 0;

CREATE TABLE escrow_v2 (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  escrowed_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
INSERT INTO escrow_v2 (tenant_id, id, reason, excerpt, escrowed_at)
  SELECT (SELECT tenant_id FROM legacy_owner), id, reason, excerpt, escrowed_at FROM escrow;
DROP TABLE escrow;
ALTER TABLE escrow_v2 RENAME TO escrow;

CREATE INDEX runs_by_tenant ON runs (tenant_id, seq);
DROP TABLE temp.legacy_owner;
`;
