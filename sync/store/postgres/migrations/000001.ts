/**
 * 000001 — the PostgreSQL store: every row belongs to one tenant. Released: never edit; later changes are
 * new numbered steps. `valid` is a boolean here, 0/1 in SQLite; everything else mirrors the SQLite schema.
 * Timestamps of runs stay text: they are the ISO strings the engine wrote, returned exactly.
 *
 * apply_page writes one page in one statement, so a page costs one round trip (and is atomic without
 * BEGIN/COMMIT): on a busy machine each round trip to the server is a context switch, and a page used to
 * take seven. It commits without waiting for the WAL flush (as SQLite's synchronous=NORMAL): a server crash
 * loses only the newest pages, in order, and the checkpoint, committed durably after its round's pages,
 * cannot outlive them; lost pages are read again by the next run. `SET search_path FROM CURRENT` binds the
 * function to the schema it was created in. Deletes go id by id, each an equality on the whole key: during
 * a first full sync the tables have no statistics yet, and a set-based `contact_id = ANY(...)` was planned
 * as a scan of the tenant's every row — once per page, quadratic in the tenant's size.
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

CREATE FUNCTION apply_page(
  p_tenant text,
  p_ids text[], p_names text[], p_users text[],
  p_phone_ids text[], p_positions integer[], p_types text[], p_raws text[], p_e164s text[],
  p_extensions text[], p_valids boolean[], p_problems text[], p_regions text[],
  p_deletes text[],
  p_escrow_ids text[], p_escrow_reasons text[], p_escrow_excerpts text[],
  p_resolved text[]
) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_id text;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  INSERT INTO contacts (tenant_id, id, display_name, user_json, updated_at)
    SELECT p_tenant, u.id, u.display_name, u.user_json, now()
    FROM unnest(p_ids, p_names, p_users) AS u (id, display_name, user_json)
    ON CONFLICT (tenant_id, id) DO UPDATE SET display_name = excluded.display_name,
      user_json = excluded.user_json, updated_at = excluded.updated_at;
  FOREACH v_id IN ARRAY p_ids || p_deletes LOOP
    DELETE FROM phones WHERE tenant_id = p_tenant AND contact_id = v_id;
  END LOOP;
  INSERT INTO phones (tenant_id, contact_id, position, type, raw, e164, extension, valid, problem, region)
    SELECT p_tenant, p.* FROM unnest(p_phone_ids, p_positions, p_types, p_raws, p_e164s, p_extensions,
      p_valids, p_problems, p_regions) AS p;
  FOREACH v_id IN ARRAY p_deletes LOOP
    DELETE FROM contacts WHERE tenant_id = p_tenant AND id = v_id;
  END LOOP;
  INSERT INTO escrow (tenant_id, id, reason, excerpt, escrowed_at)
    SELECT p_tenant, e.id, e.reason, e.excerpt, now()
    FROM unnest(p_escrow_ids, p_escrow_reasons, p_escrow_excerpts) AS e (id, reason, excerpt)
    ON CONFLICT (tenant_id, id) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt,
      escrowed_at = excluded.escrowed_at;
  -- Resolving runs last: an id both escrowed and resolved in one page ends resolved, as in SQLite.
  FOREACH v_id IN ARRAY p_resolved LOOP
    DELETE FROM escrow WHERE tenant_id = p_tenant AND id = v_id;
  END LOOP;
END
$$;
`;
