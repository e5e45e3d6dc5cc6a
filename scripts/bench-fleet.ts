/**
 * `npm run bench:fleet [-- --tenants 20 --users 5000 --latency-ms 50 --concurrency 4 --store postgres|sqlite
 * --standin-processes 2 --compiled]`:
 * issue 11's fleet target. One stand-in per tenant (in a process of their own, every delta page answered
 * after the latency), one store for the whole fleet (a fresh PostgreSQL database per measurement, started
 * here with initdb + pg_ctl), then the real CLI twice: `fleet sync --concurrency N` and `--concurrency 1`
 * (the tenants one after another). Target: concurrent wall time ≤ 0.35 × sequential. Exits 1 when the
 * target fails or any tenant did not sync exactly its in-scope users. Not part of `npm test`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Pool } from "pg";
import { stringify } from "yaml";
import { runProcess } from "./lib/runProcess";
import { startTestPostgres } from "../sync/testing/postgres";
import type { BenchTenant, FleetDocument } from "./lib/benchFleetTypes";

const REPO_ROOT = path.resolve(__dirname, "..");
const TARGET_RATIO = 0.35;
const GNU_TIME = "/usr/bin/time";
const say = (text = "") => process.stdout.write(`${text}\n`);

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

function whole(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a whole number ≥ 1`);
  return value;
}

interface StandInHost {
  child: ChildProcess;
  /** The host's CPU milliseconds so far. */
  cpuMs(): Promise<number>;
}

/** `processes` stand-in hosts, each serving a slice of the fleet, so their CPU can spread over cores. */
async function startStandIns(tenants: number, users: number, latencyMs: number, processes: number) {
  const per = Math.ceil(tenants / processes);
  const hosts = await Promise.all(
    Array.from({ length: Math.ceil(tenants / per) }, (_, index) =>
      startStandInHost(index * per, Math.min(per, tenants - index * per), users, latencyMs),
    ),
  );
  return {
    tenants: hosts.flatMap((host) => host.tenants),
    hosts,
    cpuMs: async () => (await Promise.all(hosts.map((host) => host.cpuMs()))).reduce((a, b) => a + b, 0),
    stop: () => hosts.forEach((host) => host.child.kill("SIGTERM")),
  };
}

function startStandInHost(first: number, tenants: number, users: number, latencyMs: number) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "scripts/lib/fleetBenchStandIns.ts"),
      "--tenants",
      String(tenants),
      "--users",
      String(users),
      "--latency-ms",
      String(latencyMs),
      "--first",
      String(first),
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  return new Promise<StandInHost & { tenants: BenchTenant[] }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the stand-ins exited (${code}) before they were ready`)));
    lines.once("line", (line) =>
      resolve({
        ...(JSON.parse(line) as { tenants: BenchTenant[] }),
        child,
        cpuMs: () =>
          new Promise((answer) => {
            lines.once("line", (reply) => answer((JSON.parse(reply) as { cpuMs: number }).cpuMs));
            child.kill("SIGUSR2");
          }),
      }),
    );
  });
}

async function measure(
  compiled: boolean,
  label: string,
  store: string,
  tenants: BenchTenant[],
  concurrency: number,
  dir: string,
): Promise<FleetDocument & { wallMs: number; cpuMs: number | null }> {
  const config = path.join(dir, `fleet-${label}.yaml`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, "standin/tls/ca.pem"),
  };
  const entries = tenants.map((tenant, index) => {
    env[`BENCH_TENANT_${index}_SECRET`] = tenant.clientSecret;
    return {
      name: `tenant-${String(index).padStart(2, "0")}`,
      tenantId: tenant.tenantId,
      clientId: tenant.clientId,
      clientSecretEnv: `BENCH_TENANT_${index}_SECRET`,
      country: "NL",
      authorityHost: tenant.url,
      graphEndpoint: tenant.url,
    };
  });
  fs.writeFileSync(config, stringify({ store, tenants: entries }));
  const started = performance.now();
  // With GNU time (where it is installed) the fleet process's own CPU seconds are reported too: the
  // concurrent run cannot be faster than that single-threaded process's CPU, whatever the concurrency.
  const timed = fs.existsSync(GNU_TIME);
  // --compiled: the built CLI (`npm run build` first), as an installed package runs, without tsx's
  // transpiling of every module the first tenants load.
  const cli = compiled
    ? [path.join(REPO_ROOT, "sync/bin/entra-replicator.js")]
    : ["--import", "tsx", path.join(REPO_ROOT, "sync/cli/main.ts")];
  const command = [
    process.execPath,
    ...cli,
    "fleet",
    "sync",
    "--config",
    config,
    "--json",
    "--concurrency",
    String(concurrency),
    "--log-level",
    "warn",
  ];
  const run = timed
    ? await runProcess(GNU_TIME, ["-f", "__cpu %U %S", ...command], { cwd: REPO_ROOT, env })
    : await runProcess(command[0] as string, command.slice(1), { cwd: REPO_ROOT, env });
  const wallMs = performance.now() - started;
  const cpu = /__cpu ([\d.]+) ([\d.]+)/.exec(run.stderr);
  const cpuMs = cpu === null ? null : (Number(cpu[1]) + Number(cpu[2])) * 1000;
  let document: FleetDocument;
  try {
    document = JSON.parse(run.stdout) as FleetDocument;
  } catch {
    throw new Error(
      `fleet sync (${label}) printed no JSON document (exit ${run.code}): ${run.stderr.slice(-2000)}`,
    );
  }
  return { ...document, wallMs, cpuMs };
}

/** CPU ms of a process and its reaped children (Linux /proc; clock ticks of 10 ms), or null elsewhere. */
function processTreeCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // After "pid (comm) ": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based from pid.
    return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) * 10;
  } catch {
    return null;
  }
}

/** The PostgreSQL postmaster's pid: the parent of a backend. */
async function postmasterPid(url: string): Promise<number | null> {
  const admin = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await admin.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const stat = fs.readFileSync(`/proc/${rows[0]?.pid}/stat`, "utf8");
    return Number(stat.split(") ")[1]?.split(" ")[1]);
  } catch {
    return null;
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const tenants = whole("--tenants", 20);
  const users = whole("--users", 5000);
  const latencyMs = Number(option("--latency-ms", "50"));
  const concurrency = whole("--concurrency", 4);
  const backend = option("--store", "postgres");
  const standInProcesses = whole("--standin-processes", 2);
  const compiled = process.argv.includes("--compiled");
  if (compiled && !fs.existsSync(path.join(REPO_ROOT, "sync/dist/cli/main.js"))) {
    throw new Error("--compiled runs sync/dist/: build it first (npm run build --workspace sync)");
  }
  const cpus = os.cpus();
  say(`entra-replicator fleet bench — ${new Date().toISOString()}`);
  say(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(2)}`,
  );
  say(
    `fleet: ${tenants} tenants × ${users} users, ${latencyMs} ms per delta page, store ${backend}, concurrency ${concurrency} vs 1, stand-ins in ${standInProcesses} process(es), CLI ${compiled ? "compiled (sync/dist/)" : "through tsx"}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-bench-fleet-"));
  const postgres = backend === "postgres" ? await startTestPostgres() : null;
  const standIns = await startStandIns(tenants, users, latencyMs, standInProcesses);
  try {
    const storeFor = async (label: string): Promise<string> => {
      if (postgres === null) return path.join(dir, `${label}.db`);
      const admin = new Pool({ connectionString: postgres.url, max: 1 });
      await admin.query(`CREATE DATABASE fleet_${label}`);
      await admin.end();
      return postgres.url.replace(/\/postgres$/, `/fleet_${label}`);
    };
    // A warm-up fleet of two tenants (not counted): the stand-ins' JIT and the server's caches are then
    // equally warm for both measurements; each measurement is a fresh CLI process with a fresh database.
    const warmUp = await measure(
      compiled,
      "warmup",
      await storeFor("warmup"),
      standIns.tenants.slice(0, 2),
      2,
      dir,
    );
    say(`warm-up: 2 tenants in ${(warmUp.durationMs / 1000).toFixed(1)} s (not counted)`);
    // What the stand-ins spent serving each measurement: CPU on this machine that real Graph would not take.
    const postmaster = postgres === null ? null : await postmasterPid(postgres.url);
    const measured = async (label: string, width: number) => {
      const store = await storeFor(label);
      const before = { standIns: await standIns.cpuMs(), postgres: processTreeCpuMs(postmaster) };
      const run = await measure(compiled, label, store, standIns.tenants, width, dir);
      const postgresAfter = processTreeCpuMs(postmaster);
      return {
        ...run,
        standInCpuMs: (await standIns.cpuMs()) - before.standIns,
        postgresCpuMs:
          postgresAfter === null || before.postgres === null ? null : postgresAfter - before.postgres,
      };
    };
    const concurrent = await measured("concurrent", concurrency);
    const sequential = await measured("sequential", 1);
    let ok = true;
    for (const [label, run] of [
      ["concurrent", concurrent],
      ["sequential", sequential],
    ] as const) {
      const pages = run.tenants.reduce((sum, tenant) => sum + tenant.pages, 0);
      say(
        `${label.padEnd(10)} wall ${(run.wallMs / 1000).toFixed(1)} s (fleet ${(run.durationMs / 1000).toFixed(1)} s), ` +
          `${pages} pages, CPU: fleet process ${run.cpuMs === null ? "n/a" : `${(run.cpuMs / 1000).toFixed(1)} s`}, ` +
          `stand-ins ${(run.standInCpuMs / 1000).toFixed(1)} s, PostgreSQL ${run.postgresCpuMs === null ? "n/a" : `${(run.postgresCpuMs / 1000).toFixed(1)} s`}; slowest tenant ${(Math.max(...run.tenants.map((t) => t.durationMs)) / 1000).toFixed(1)} s, exit ${run.exitCode}`,
      );
      say(
        `  per tenant (s): ${run.tenants.map((tenant) => (tenant.durationMs / 1000).toFixed(1)).join(" ")}`,
      );
      run.tenants.forEach((tenant, index) => {
        const expected = standIns.tenants[index]?.inScope;
        if (tenant.outcome !== "succeeded" || tenant.created !== expected) {
          ok = false;
          say(`  ${tenant.name}: ${tenant.outcome}, created ${tenant.created} of ${expected} in-scope users`);
        }
      });
    }
    const ratio = concurrent.durationMs / sequential.durationMs;
    const pass = ratio <= TARGET_RATIO;
    say(
      `ratio concurrent/sequential (fleet time): ${ratio.toFixed(3)} — target ≤ ${TARGET_RATIO}: ${pass ? "PASS" : "FAIL"}` +
        ` (process wall ratio ${(concurrent.wallMs / sequential.wallMs).toFixed(3)})`,
    );
    if (!pass || !ok) process.exitCode = 1;
  } finally {
    standIns.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:fleet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
