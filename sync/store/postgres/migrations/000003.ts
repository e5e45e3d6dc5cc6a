/**
 * 000003 — the fleet's tenant leases (sync/fleet/tenantLeases.ts): which tenants `fleet work` processes
 * share, when each is next due, and which worker holds it until when. Times are the database's now(), so
 * workers with skewed clocks agree on whose lease has run out. Released: never edit; add a new step.
 */
export const sql = `
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
