/**
 * The fleet bench's stand-ins, in a process of their own so their CPU is not the measured process's:
 *   tsx scripts/lib/fleetBenchStandIns.ts --tenants 20 --users 5000 --latency-ms 50 [--seed 42] [--first 0]
 * Starts one stand-in per tenant (its own tenant id, app and secret, a seeded directory), makes every
 * /users/delta page answer after the latency (the stand-in's delay fault, as Graph is not loopback-fast),
 * prints ONE JSON line `{tenants: [{url, tenantId, clientId, clientSecret, inScope}]}` and serves until
 * SIGTERM/SIGINT. `--first N` numbers its tenants from N, so several processes can share a fleet. On
 * SIGUSR2 it prints `{cpuMs}`, its own CPU time so far, so the bench can tell what the stand-ins cost.
 */
import { randomBytes } from "node:crypto";
import { startStandIn, type StandIn } from "../../standin";
import { generateTenant } from "../../standin/generateTenant";
import { inDefaultScope } from "./demoTenant";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}

function guid(prefix: number, n: number): string {
  return `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

async function main(): Promise<void> {
  const tenants = flag("--tenants", 20);
  const users = flag("--users", 5000);
  const latencyMs = flag("--latency-ms", 50);
  const seed = flag("--seed", 42);
  const first = flag("--first", 0);
  const standIns: StandIn[] = [];
  const described = [];
  for (let index = first; index < first + tenants; index++) {
    const directory = generateTenant({ seed: seed + index, count: users });
    const clientSecret = `Fb${index % 10}8Q~${randomBytes(27).toString("base64url").slice(0, 34)}`;
    const standIn = await startStandIn({
      tenantId: guid(0xbe7c0000 + index, index + 1),
      clientId: guid(0xc11e0000 + index, index + 1),
      clientSecret,
      users: directory,
    });
    if (latencyMs > 0) {
      standIn.faults.add({ endpoint: "delta", action: { kind: "delay", ms: latencyMs }, times: Infinity });
    }
    standIns.push(standIn);
    described.push({
      url: standIn.url,
      tenantId: standIn.tenantId,
      clientId: standIn.clientId,
      clientSecret,
      inScope: directory.filter(inDefaultScope).length,
    });
  }
  process.stdout.write(`${JSON.stringify({ tenants: described })}\n`);
  const stop = () => {
    Promise.all(standIns.map((standIn) => standIn.close())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGUSR2", () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMs: Math.round((user + system) / 1000) })}\n`);
  });
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet bench stand-ins: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
