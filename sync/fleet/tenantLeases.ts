/**
 * Tenant leases in PostgreSQL, shared by every `fleet work` process of a fleet: a worker claims due tenants
 * in ONE statement (a CTE that picks them `FOR UPDATE SKIP LOCKED`, then `UPDATE … FROM` it, RETURNING
 * what was claimed), so two workers never claim the same tenant and neither waits for the other's rows.
 * A lease that runs out (its worker crashed or lost the network) makes the tenant claimable again;
 * renewing and completing check ownership, so a worker that lost its lease cannot undo its successor's.
 *
 * Why not `UPDATE … WHERE tenant_id IN (SELECT … FOR UPDATE SKIP LOCKED)`: the planner may run that
 * sub-select more than once or join it in ways that lock more (or other) rows than the LIMIT says; the CTE
 * is evaluated exactly once.
 */
import type { Pool } from "pg";

export interface ClaimedTenant {
  tenantId: string;
  name: string;
  leaseExpiresAt: Date;
}

export interface TenantLeaseRow {
  tenantId: string;
  name: string;
  dueAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  lastOutcome: string | null;
  syncs: number;
}

const CLAIM_SQL = `
WITH due AS (
  SELECT tenant_id
    FROM fleet_tenants
   WHERE due_at <= now()
     AND (lease_expires_at IS NULL OR lease_expires_at <= now())
     AND tenant_id = ANY($4::text[])
   ORDER BY due_at, tenant_id
   LIMIT $1
   FOR UPDATE SKIP LOCKED
)
UPDATE fleet_tenants AS t
   SET lease_owner = $2,
       lease_expires_at = now() + make_interval(secs => $3)
  FROM due
 WHERE t.tenant_id = due.tenant_id
RETURNING t.tenant_id, t.name, t.lease_expires_at`;

/** What a worker needs of the lease table: the seam between the worker loop and PostgreSQL. */
export interface TenantLeaseStore {
  readonly owner: string;
  readonly leaseSeconds: number;
  readonly renewEveryMs: number;
  register(tenants: readonly { tenantId: string; name: string }[]): Promise<void>;
  claim(limit: number): Promise<ClaimedTenant[]>;
  renew(tenantId: string): Promise<boolean>;
  complete(tenantId: string, outcome: string, nextInSeconds: number): Promise<boolean>;
  anyDue(): Promise<boolean>;
}

export class TenantLeases implements TenantLeaseStore {
  constructor(
    private readonly pool: Pool,
    /** Who this worker is: recorded as the owner of its leases (host, pid and a random part). */
    readonly owner: string,
    readonly leaseSeconds: number,
    /** The tenants of this worker's fleet file: it never claims a tenant it has no settings for. */
    private readonly tenantIds: readonly string[],
  ) {}

  /** Renew well before the lease runs out: a third of it, so two missed renewals are survivable. */
  get renewEveryMs(): number {
    return Math.max(100, (this.leaseSeconds * 1000) / 3);
  }

  /** Adds the fleet file's tenants (due now) and keeps their names current; existing schedules are kept. */
  async register(tenants: readonly { tenantId: string; name: string }[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO fleet_tenants (tenant_id, name)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name`,
      [tenants.map((tenant) => tenant.tenantId), tenants.map((tenant) => tenant.name)],
    );
  }

  /** Claims up to `limit` due, unleased tenants for this worker. */
  async claim(limit: number): Promise<ClaimedTenant[]> {
    if (limit < 1) return [];
    const result = await this.pool.query<{ tenant_id: string; name: string; lease_expires_at: Date }>(
      CLAIM_SQL,
      [limit, this.owner, this.leaseSeconds, this.tenantIds],
    );
    return result.rows.map((row) => ({
      tenantId: row.tenant_id,
      name: row.name,
      leaseExpiresAt: row.lease_expires_at,
    }));
  }

  /** Extends a lease this worker still holds; false when it has lost it (expired and taken over). */
  async renew(tenantId: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE fleet_tenants SET lease_expires_at = now() + make_interval(secs => $3)
        WHERE tenant_id = $1 AND lease_owner = $2 AND lease_expires_at > now()`,
      [tenantId, this.owner, this.leaseSeconds],
    );
    return result.rowCount === 1;
  }

  /**
   * Ends this worker's lease and schedules the next sync `nextInSeconds` from now; false when the lease
   * was no longer ours (then nothing is changed: the current owner's schedule stands).
   */
  async complete(tenantId: string, outcome: string, nextInSeconds: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE fleet_tenants
          SET lease_owner = NULL, lease_expires_at = NULL, last_finished_at = now(), last_outcome = $3,
              due_at = now() + make_interval(secs => $4), syncs = syncs + 1
        WHERE tenant_id = $1 AND lease_owner = $2`,
      [tenantId, this.owner, outcome, nextInSeconds],
    );
    return result.rowCount === 1;
  }

  /** Whether any of this fleet's tenants is still due (claimable now, or leased and not yet completed). */
  async anyDue(): Promise<boolean> {
    const result = await this.pool.query(
      "SELECT EXISTS (SELECT 1 FROM fleet_tenants WHERE due_at <= now() AND tenant_id = ANY($1::text[])) AS due",
      [this.tenantIds],
    );
    return (result.rows[0] as { due: boolean }).due;
  }
}

export async function listLeases(pool: Pool): Promise<TenantLeaseRow[]> {
  const result = await pool.query<{
    tenant_id: string;
    name: string;
    due_at: Date;
    lease_owner: string | null;
    lease_expires_at: Date | null;
    last_outcome: string | null;
    syncs: string;
  }>("SELECT * FROM fleet_tenants ORDER BY tenant_id");
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    name: row.name,
    dueAt: row.due_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastOutcome: row.last_outcome,
    syncs: Number(row.syncs),
  }));
}
