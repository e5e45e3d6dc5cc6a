import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../sync/store/sqlite/sqliteStore";
import type { Contact } from "../../sync/model";
import type { SyncTenantOptions } from "../../sync/engine/syncTenant";
import { type GraphUser, type StandIn, startStandIn } from "../../standin";
import { startCli } from "./faults/cliChild";
import { REPO_ROOT } from "./repoRoot";
import { runCliInProcess } from "../../sync/testing/runCliInProcess";

export const TENANT_ID = "5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";
export const CLIENT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
/** Shaped like a real Entra secret, so the scrubbers' patterns would catch it too, but asserted literally. */
export const CLIENT_SECRET = "Qx7~e2eS3cretValue.ThatMustNeverLeak_0123";

export { REPO_ROOT };

/** A member user, enabled, with an office number written the Dutch way. */
export function member(id: number, overrides: Partial<GraphUser> = {}): GraphUser {
  return {
    id: userId(id),
    displayName: `User ${id}`,
    givenName: "User",
    surname: String(id),
    mail: `user${id}@contoso.example`,
    userPrincipalName: `user${id}@contoso.example`,
    jobTitle: "Engineer",
    department: "R&D",
    companyName: "Contoso",
    officeLocation: "Amsterdam",
    businessPhones: [`020 123 ${String(4000 + id)}`],
    mobilePhone: `+31 6 1234 ${String(5000 + id)}`,
    accountEnabled: true,
    userType: "Member",
    usageLocation: "NL",
    country: "Netherlands",
    ...overrides,
  };
}

export function userId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export interface Harness {
  standIn: StandIn;
  dir: string;
  storePath: string;
  /** API options pointing at the stand-in and the temp store, ignoring the environment. */
  options(extra?: Partial<SyncTenantOptions>): SyncTenantOptions;
  /** The environment a spawned CLI gets: the stand-in's endpoints and credentials, the test CA. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  contacts(): Promise<Map<string, Contact>>;
  close(): Promise<void>;
}

export async function startHarness(
  users: GraphUser[],
  extra: {
    roles?: string[];
    pageSize?: number;
    otherApps?: { clientId: string; clientSecret: string }[];
    /** The stand-in's clock (delta links age by it). */
    now?: () => number;
  } = {},
): Promise<Harness> {
  const standIn = await startStandIn({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    users,
    pageSize: extra.pageSize ?? 3,
    ...(extra.roles !== undefined && { roles: extra.roles }),
    ...(extra.otherApps !== undefined && { otherApps: extra.otherApps }),
    ...(extra.now !== undefined && { now: extra.now }),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-e2e-"));
  const storePath = path.join(dir, "directory.db");
  return {
    standIn,
    dir,
    storePath,
    options: (more = {}) => ({
      tenantId: TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorityHost: standIn.authorityHost,
      graphEndpoint: standIn.graphEndpoint,
      storePath,
      defaultCountry: "NL",
      env: {},
      ...more,
    }),
    env: (more = {}) => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, "standin/tls/ca.pem"),
      AZURE_TENANT_ID: TENANT_ID,
      AZURE_CLIENT_ID: CLIENT_ID,
      AZURE_CLIENT_SECRET: CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: standIn.authorityHost,
      GRAPH_ENDPOINT: standIn.graphEndpoint,
      ENTRA_REPLICATOR_DB: storePath,
      ENTRA_REPLICATOR_COUNTRY: "NL",
      ...more,
    }),
    contacts: async () => {
      const store = openSqliteStore(storePath, { readonly: true });
      try {
        const contacts = new Map<string, Contact>();
        for await (const contact of store.forTenant(TENANT_ID).directory.iterateContacts()) {
          contacts.set(contact.id, contact);
        }
        return contacts;
      } finally {
        await store.close();
      }
    },
    close: async () => {
      await standIn.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  /** `null` when the process was ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process: `main(argv, { env, stdout, stderr })` with exactly the environment given,
 * the streams captured. Behaviour is tested this way; the real-process tests (exit codes as a shell sees
 * them, signals, kills, the ambient environment of DefaultAzureCredential) use `runCliProcess`.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliRun> {
  const run = await runCliInProcess(args, env, stdin ?? "");
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The CLI in-process for code that reads the process environment itself — DefaultAzureCredential, the Key
 * Vault reader — as a real process would: `env` is also `process.env` for the run (the test file's worker
 * runs its tests one at a time), and restored afterwards.
 */
export async function runCliWithAmbientEnv(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const saved = process.env;
  process.env = { ...env };
  try {
    return await runCli(args, env);
  } finally {
    process.env = saved;
  }
}

/** Runs the real CLI in a child process (through tsx), the way a pipeline would. */
export async function runCliProcess(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliRun> {
  const { code, stdout, stderr } = await startCli(args, env, stdin ?? "").finished;
  return { code, stdout, stderr };
}
