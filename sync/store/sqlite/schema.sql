CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

CREATE INDEX phones_by_e164 ON phones (tenant_id, e164) WHERE e164 IS NOT NULL;

CREATE INDEX phones_invalid ON phones (tenant_id, contact_id) WHERE valid = 0;

CREATE INDEX runs_by_tenant ON runs (tenant_id, seq);

CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) WITHOUT ROWID;

CREATE TABLE contacts (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  user_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE escrow (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  escrowed_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

CREATE TABLE phones (
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

CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  outcome TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  invalid_numbers INTEGER NOT NULL,
  escrowed INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  message TEXT
);

CREATE TABLE sync_state (
  tenant_id TEXT PRIMARY KEY NOT NULL,
  delta_link TEXT NOT NULL,
  settings TEXT,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
