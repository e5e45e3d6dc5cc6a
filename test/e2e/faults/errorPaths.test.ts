import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { status, syncTenant } from "../../../sync/index";
import { SeededRandom } from "../../../standin/seededRandom";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  type CliRun,
  type Harness,
  member,
  REPO_ROOT,
  runCli,
  runCliProcess,
  startHarness,
  TENANT_ID,
} from "../harness";
import { MALFORMED_USERS } from "./malformedUsers";

/**
 * Issue 4: every error path of the CLI, each run twice (human and --json) at debug log level, in-process
 * (`main(argv, { env, stdout, stderr })`) except where only a real process shows the behaviour. Each says
 * what is wrong, names the field and the fix, and exits with its code; and nothing any of them prints,
 * logs or stores — stdout, stderr, run history, escrow — carries a secret, in any common encoding.
 */

const WRONG_SECRET = "Wr0~ngS3cret.GivenByMistake_ButStillASecret99";
const UNKNOWN_TENANT = "0badc0de-0000-4000-8000-00000000dead";

interface Invocation {
  args?: string[];
  env?: Record<string, string>;
  stdin?: string;
}

interface ErrorPath {
  exitCode: number;
  /**
   * Run as a real process: @azure/identity's own logger reads AZURE_LOG_LEVEL from the process environment
   * and writes to the process's stderr, which an in-process run neither sets nor captures.
   */
  realProcess?: boolean;
  /** Brings the stand-in and the store into the state of the fault; returns how to call the CLI. */
  prepare(harness: Harness): Promise<Invocation>;
  /** Lines the human run prints (stdout and stderr). */
  human(harness: Harness): string[];
  /** What the --json run's one document says. */
  json: Record<string, unknown>;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A second process holding the store's lock until its stdin closes. */
async function holdLock(storePath: string): Promise<ChildProcess> {
  const holder = spawn(
    process.execPath,
    ["--import", "tsx", path.join(REPO_ROOT, "sync/testing/holdStoreLock.ts"), storePath],
    { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    holder.on("exit", () => reject(new Error("the lock holder exited early")));
  });
  return holder;
}

const lockHolders: ChildProcess[] = [];
let unreachablePort = 0;

const ERROR_PATHS: Record<string, ErrorPath> = {
  // First: MSAL's own retries make it the slowest, so it overlaps the others.
  "unreachable sign-in endpoint": {
    exitCode: 5,
    prepare: async () => ({ env: { AZURE_AUTHORITY_HOST: `https://127.0.0.1:${unreachablePort}` } }),
    human: () => [
      `error [authority-unreachable] (authorityHost): Cannot reach the authority https://127.0.0.1:${unreachablePort}/${TENANT_ID}/v2.0/.well-known/openid-configuration: `,
      "ECONNREFUSED",
    ],
    json: { error: { code: "authority-unreachable", field: "authorityHost", exitCode: 5 } },
  },
  "malformed tenant id": {
    exitCode: 2,
    prepare: async () => ({ env: { AZURE_TENANT_ID: "contoso.onmicrosoft.com" } }),
    human: () => [
      "error [setting-invalid] (tenantId): AZURE_TENANT_ID: 'contoso.onmicrosoft.com' is not a GUID.",
    ],
    json: { error: { code: "setting-invalid", field: "tenantId", exitCode: 2 } },
  },
  "malformed client id (secret given as a flag)": {
    exitCode: 2,
    prepare: async () => ({
      args: ["--client-id", "replicator-app", "--client-secret", CLIENT_SECRET],
      env: { AZURE_CLIENT_SECRET: "" },
    }),
    human: () => ["error [setting-invalid] (clientId): --client-id: 'replicator-app' is not a GUID."],
    json: { error: { code: "setting-invalid", field: "clientId", exitCode: 2 } },
  },
  "wrong secret (AADSTS7000215), with @azure/identity's own verbose log on": {
    exitCode: 3,
    realProcess: true,
    prepare: async () => ({ env: { AZURE_CLIENT_SECRET: WRONG_SECRET, AZURE_LOG_LEVEL: "verbose" } }),
    human: () => [
      `error [client-secret-invalid] (clientSecret): The client secret is invalid or expired (AADSTS7000215) for app ${CLIENT_ID} in tenant ${TENANT_ID}.`,
      "fix: Rotate it with `pulumi up` in infra/",
    ],
    json: { error: { code: "client-secret-invalid", field: "clientSecret", exitCode: 3 } },
  },
  "expired secret (AADSTS7000222, secret given as a flag)": {
    exitCode: 3,
    prepare: async (harness) => {
      harness.standIn.expireClientSecret();
      return { args: ["--client-secret", CLIENT_SECRET], env: { AZURE_CLIENT_SECRET: "" } };
    },
    human: () => [
      `error [client-secret-expired] (clientSecret): The client secret of app ${CLIENT_ID} has expired (AADSTS7000222).`,
      "fix: Rotate it with `pulumi up` in infra/",
    ],
    json: { error: { code: "client-secret-expired", field: "clientSecret", exitCode: 3 } },
  },
  "unknown tenant (AADSTS90002)": {
    exitCode: 3,
    prepare: async () => ({ env: { AZURE_TENANT_ID: UNKNOWN_TENANT } }),
    human: (harness) => [
      `error [tenant-not-found] (tenantId): Tenant "${UNKNOWN_TENANT}" was not found at ${harness.standIn.authorityHost} (AADSTS90002).`,
      "fix: Check AZURE_TENANT_ID / --tenant-id",
    ],
    json: { error: { code: "tenant-not-found", field: "tenantId", exitCode: 3 } },
  },
  "missing consent, 403 (credentials from stack outputs on stdin)": {
    exitCode: 4,
    prepare: async (harness) => {
      harness.standIn.setRoles([]);
      return {
        args: ["--stack-outputs", "-"],
        env: { AZURE_TENANT_ID: "", AZURE_CLIENT_ID: "", AZURE_CLIENT_SECRET: "" },
        stdin: JSON.stringify({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
      };
    },
    human: (harness) => [
      "error [graph-consent-missing]",
      `${harness.standIn.authorityHost}/${TENANT_ID}/adminconsent?client_id=${CLIENT_ID}`,
    ],
    json: { error: { code: "graph-consent-missing", exitCode: 4 }, summary: { outcome: "failed" } },
  },
  "deletion guard (secret in a --config file)": {
    exitCode: 6,
    prepare: async (harness) => {
      await syncTenant(harness.options());
      harness.standIn.faults.setZeroUsers(true);
      const config = path.join(harness.dir, "replicator.json");
      fs.writeFileSync(config, JSON.stringify({ clientSecret: CLIENT_SECRET }));
      return { args: ["--full", "--config", config], env: { AZURE_CLIENT_SECRET: "" } };
    },
    human: () => [
      "error [deletion-guard]: Blocked by the deletion guard: This run would delete all 3 contacts",
    ],
    json: {
      error: { code: "deletion-guard", exitCode: 6 },
      summary: { outcome: "blocked-by-deletion-guard" },
    },
  },
  "store locked by another sync": {
    exitCode: 7,
    prepare: async (harness) => {
      lockHolders.push(await holdLock(harness.storePath));
      return {};
    },
    human: (harness) => [
      `error [store-locked] (storePath): The store ${harness.storePath} is being written by`,
    ],
    json: { error: { code: "store-locked", field: "storePath", exitCode: 7 } },
  },
  "corrupt store file": {
    exitCode: 7,
    prepare: async (harness) => {
      const random = new SeededRandom(7);
      fs.writeFileSync(
        harness.storePath,
        Buffer.from(Array.from({ length: 8192 }, () => random.int(0, 255))),
      );
      return {};
    },
    human: (harness) => [`error [store-corrupt] (storePath): The contact store ${harness.storePath} is not`],
    json: { error: { code: "store-corrupt", field: "storePath", exitCode: 7 } },
  },
  "malformed users escrowed (a run that succeeds)": {
    exitCode: 0,
    prepare: async (harness) => {
      for (const { user } of MALFORMED_USERS) harness.standIn.directory.add(user);
      return {};
    },
    human: () => [`escrowed records ${MALFORMED_USERS.length}`],
    // The human run escrowed them; the --json run after it finds no change.
    json: { outcome: "succeeded", mode: "incremental", escrowed: 0 },
  },
};

interface Captured {
  harness: Harness;
  human: CliRun;
  json: CliRun;
}

const captured = new Map<string, Captured>();

/** The secret and the forms it would take in a URL, a form body, JSON, base64 (any alignment) or hex. */
function encodingsOf(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("hex"),
  ]);
  // Base64 of a longer text holds the base64 of the secret's whole 3-byte groups, from one of 3 alignments.
  for (let offset = 0; offset < 3; offset++) {
    const tail = Buffer.from(secret.slice(offset));
    const whole = Math.floor(tail.length / 3) * 4;
    forms.add(tail.toString("base64").slice(0, whole));
    forms.add(tail.toString("base64url").slice(0, whole));
  }
  return [...forms];
}

/** The store's files (database, WAL, shared memory), as text. */
function storeFiles(harness: Harness): string {
  const store = path.basename(harness.storePath);
  return fs
    .readdirSync(harness.dir)
    .filter((file) => file.startsWith(store))
    .map((file) => fs.readFileSync(path.join(harness.dir, file)).toString("latin1"))
    .join("\n");
}

describe("every error path of the CLI", () => {
  beforeAll(async () => {
    unreachablePort = await closedPort();
    const names = Object.keys(ERROR_PATHS);
    let next = 0;
    // Three paths at a time, each with a stand-in and a store of its own; a path's two runs in sequence.
    const worker = async () => {
      while (next < names.length) {
        const name = names[next++] as string;
        const errorPath = ERROR_PATHS[name] as ErrorPath;
        const harness = await startHarness([member(1), member(2), member(3)]);
        const invocation = await errorPath.prepare(harness);
        const env = harness.env(invocation.env);
        const args = ["sync", "--log-level", "debug", ...(invocation.args ?? [])];
        const run = errorPath.realProcess === true ? runCliProcess : runCli;
        const human = await run(args, env, invocation.stdin);
        const json = await run([...args, "--json"], env, invocation.stdin);
        captured.set(name, { harness, human, json });
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }, 120_000);

  afterAll(async () => {
    for (const holder of lockHolders) holder.stdin?.end();
    for (const { harness } of captured.values()) await harness.close();
  });

  it.each(Object.keys(ERROR_PATHS))("%s: its exit code, the field and the fix, human and --json", (name) => {
    const errorPath = ERROR_PATHS[name] as ErrorPath;
    const { harness, human, json } = captured.get(name) as Captured;
    expect([human.code, json.code]).toEqual([errorPath.exitCode, errorPath.exitCode]);
    for (const line of errorPath.human(harness)) expect(human.stdout + human.stderr).toContain(line);
    expect(JSON.parse(json.stdout)).toMatchObject(errorPath.json);
  });

  it("no output, debug log, run history or escrow row carries a secret, in any encoding", async () => {
    const everything = [...captured.values()].flatMap(({ harness, human, json }) => [
      human.stdout,
      human.stderr,
      json.stdout,
      json.stderr,
      storeFiles(harness),
    ]);
    // The capture is not vacuous: debug logs, failed and blocked runs and escrow rows are all in it.
    const all = everything.join("\n");
    expect(all).toContain('"level":20');
    const stored = [...captured.values()].filter(({ harness }) => fs.existsSync(harness.storePath));
    const outcomes: string[] = [];
    for (const { harness } of stored) {
      try {
        const report = await status({ storePath: harness.storePath, env: {} });
        outcomes.push(...report.recentRuns.map((run) => run.outcome));
      } catch {
        // the corrupt store
      }
    }
    expect(outcomes).toEqual(expect.arrayContaining(["failed", "blocked-by-deletion-guard", "succeeded"]));
    expect(all).toContain(MALFORMED_USERS[0]?.reason);

    const leaks = [CLIENT_SECRET, WRONG_SECRET].flatMap((secret) =>
      encodingsOf(secret).filter((form) => everything.some((text) => text.includes(form))),
    );
    expect(leaks).toEqual([]);
  });
});
