/**
 * What `npm run bench:fleet` runs beside the fleet: stand-in hosts (scripts/lib/fleetBenchStandIns.ts, each
 * serving a slice of the fleet) and the CPU accounting of those processes and of PostgreSQL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { Pool } from "pg";

const REPO_ROOT = path.resolve(__dirname, "../..");

export interface BenchTenant {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  inScope: number;
}

interface StandInHost {
  child: ChildProcess;
  /** The host's CPU milliseconds so far. */
  cpuMs(): Promise<number>;
}

/** `processes` stand-in hosts, each serving a slice of the fleet, so their CPU can spread over cores. */
export async function startStandIns(tenants: number, users: number, latencyMs: number, processes: number) {
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

/** CPU ms of a process and its reaped children (Linux /proc; clock ticks of 10 ms), or null elsewhere. */
export function processTreeCpuMs(pid: number | null): number | null {
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
export async function postmasterPid(url: string): Promise<number | null> {
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
