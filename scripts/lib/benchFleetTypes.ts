/** The shapes `npm run bench:fleet` passes around: a stand-in tenant, and `fleet sync --json`'s document. */
export interface BenchTenant {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  inScope: number;
}

export interface FleetDocument {
  durationMs: number;
  exitCode: number;
  tenants: {
    name: string;
    tenantId: string;
    outcome: string;
    created: number;
    pages: number;
    durationMs: number;
  }[];
}
