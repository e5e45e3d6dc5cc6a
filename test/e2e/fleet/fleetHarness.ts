/**
 * A fleet of loopback tenants: one stand-in per tenant (its own tenant id, app, secret, users and fault
 * injection), a fleet file pointing each tenant at its stand-in, and the environment holding the secrets.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { type StandIn, startStandIn } from "../../../standin";
import { member } from "../harness";

export interface FleetTenantSpec {
  name: string;
  users: number;
  /** First user number; tenants get disjoint ids so a cross-tenant delete would show. */
  firstUser: number;
  pageSize?: number;
  /** Further app registrations of the tenant (e.g. a Key Vault reader). */
  otherApps?: { clientId: string; clientSecret: string }[];
}

export interface LoopbackTenant {
  name: string;
  tenantId: string;
  clientId: string;
  secret: string;
  secretEnv: string;
  standIn: StandIn;
  userIds: string[];
}

export interface LoopbackFleet {
  dir: string;
  tenants: LoopbackTenant[];
  tenant(name: string): LoopbackTenant;
  /** Writes the fleet file (every tenant, `extra` merged into each entry by name) and returns its path. */
  writeConfig(
    top?: Record<string, unknown>,
    extra?: Record<string, Record<string, unknown>>,
    file?: string,
    only?: readonly string[],
  ): string;
  /** Every tenant's secret under its variable (as a deployment would export them). */
  secretsEnv(): Record<string, string>;
  close(): Promise<void>;
}

function guid(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export async function startLoopbackFleet(specs: FleetTenantSpec[]): Promise<LoopbackFleet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-fleet-"));
  const tenants: LoopbackTenant[] = [];
  for (const [index, spec] of specs.entries()) {
    const tenantId = guid(0xf1ee7000 + index, index + 1);
    const clientId = guid(0xc1e47000 + index, index + 1);
    const secret = `Fl${index}8Q~${spec.name.padEnd(8, "x")}SecretThatMustNeverLeak_${index}`;
    const users = Array.from({ length: spec.users }, (_, n) => member(spec.firstUser + n));
    const standIn = await startStandIn({
      tenantId,
      clientId,
      clientSecret: secret,
      users,
      pageSize: spec.pageSize ?? 5,
      ...(spec.otherApps !== undefined && { otherApps: spec.otherApps }),
    });
    tenants.push({
      name: spec.name,
      tenantId,
      clientId,
      secret,
      secretEnv: `${spec.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_SECRET`,
      standIn,
      userIds: users.map((user) => user.id),
    });
  }
  return {
    dir,
    tenants,
    tenant: (name) => {
      const found = tenants.find((tenant) => tenant.name === name);
      if (found === undefined) throw new Error(`no loopback tenant ${name}`);
      return found;
    },
    writeConfig: (top = {}, extra = {}, file = "fleet.yaml", only) => {
      const document = {
        ...top,
        tenants: tenants
          .filter((tenant) => only?.includes(tenant.name) ?? true)
          .map((tenant) => ({
            name: tenant.name,
            tenantId: tenant.tenantId,
            clientId: tenant.clientId,
            clientSecretEnv: tenant.secretEnv,
            country: "NL",
            authorityHost: tenant.standIn.authorityHost,
            graphEndpoint: tenant.standIn.graphEndpoint,
            ...extra[tenant.name],
          })),
      };
      const target = path.join(dir, file);
      fs.writeFileSync(target, file.endsWith(".json") ? JSON.stringify(document) : stringify(document));
      return target;
    },
    secretsEnv: () => Object.fromEntries(tenants.map((tenant) => [tenant.secretEnv, tenant.secret])),
    close: async () => {
      await Promise.all(tenants.map((tenant) => tenant.standIn.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
