/**
 * The fleet's lease table (PostgreSQL only): which tenants the workers share, when each is next due, and
 * who holds it now until when. All times are the database's `now()`, never a worker's clock, so workers
 * on machines with skewed clocks still agree on whose lease has run out.
 */
export const FLEET_LEASE_SCHEMA_SQL = `
CREATE TABLE fleet_tenants (
  tenant_id text PRIMARY KEY,
  name text NOT NULL,
  due_at timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_expires_at timestamptz,
  last_finished_at timestamptz,
  last_outcome text,
  syncs bigint NOT NULL DEFAULT 0
);
CREATE INDEX fleet_tenants_by_due ON fleet_tenants (due_at);
`;
