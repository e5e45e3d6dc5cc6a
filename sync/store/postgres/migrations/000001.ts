/**
 * 000001 — the PostgreSQL store: every row belongs to one tenant. Released: never edit; later changes are
 * new numbered steps. `valid` is a boolean here, 0/1 in SQLite; everything else mirrors the SQLite schema.
 * Timestamps of runs stay text: they are the ISO strings the engine wrote, returned exactly.
 */
export const sql = `
CREATE TABLE contacts (
  tenant_id text NOT NULL,
  id text NOT NULL,
  display_name text NOT NULL,
  user_json text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE phones (
  tenant_id text NOT NULL,
  contact_id text NOT NULL,
  position integer NOT NULL,
  type text NOT NULL,
  raw text NOT NULL,
  e164 text,
  extension text,
  valid boolean NOT NULL,
  problem text,
  region text,
  PRIMARY KEY (tenant_id, contact_id, position)
);
CREATE INDEX phones_by_e164 ON phones (tenant_id, e164) WHERE e164 IS NOT NULL;
CREATE INDEX phones_invalid ON phones (tenant_id, contact_id) WHERE NOT valid;

CREATE TABLE sync_state (
  tenant_id text PRIMARY KEY,
  delta_link text NOT NULL,
  settings text,
  updated_at timestamptz NOT NULL
);

CREATE TABLE runs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id text NOT NULL UNIQUE,
  tenant_id text NOT NULL,
  mode text NOT NULL,
  outcome text NOT NULL,
  started_at text NOT NULL,
  finished_at text NOT NULL,
  created integer NOT NULL,
  updated integer NOT NULL,
  deleted integer NOT NULL,
  unchanged integer NOT NULL,
  invalid_numbers integer NOT NULL,
  escrowed integer NOT NULL,
  pages integer NOT NULL,
  message text
);
CREATE INDEX runs_by_tenant ON runs (tenant_id, seq);

CREATE TABLE escrow (
  tenant_id text NOT NULL,
  id text NOT NULL,
  reason text NOT NULL,
  excerpt text NOT NULL,
  escrowed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
`;
