/**
 * 000002 — API keys of `entra-replicator serve` (sync/serve/). Only a slow hash of each key is kept
 * (scrypt with a per-key salt); `key_id` is the key's non-secret prefix, so checking a key reads one row.
 */
export const sql = `
CREATE TABLE api_keys (
  key_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  name text,
  hash text NOT NULL,
  created_at text NOT NULL,
  revoked_at text
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);
`;
