/**
 * Store bench (issue 11): a full sync of one tenant into SQLite vs into PostgreSQL, same stand-in, same
 * process, alternating backends so neither gets the warmer machine. The stand-in runs in its own process;
 * PostgreSQL is a throw-away local server (sync/testing/postgres.ts), durability settings as it sets them.
 *   NODE_EXTRA_CA_CERTS=standin/tls/ca.pem npx tsx scripts/bench-store.ts [--users 10000] [--rounds 2]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { createLogger, syncTenant } from "../sync/index";
import { startTestPostgres } from "../sync/testing/postgres";
import { startStandInProcess } from "./lib/benchStandIn";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

/** Sums the engine's per-page debug timings: `applyMs` is the store's share (read, plan, write), `waitMs` Graph's. */
function pageTimings(): { logger: ReturnType<typeof createLogger>; applyMs: () => number } {
  let applyMs = 0;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.includes('"page applied"')) continue;
        applyMs += (JSON.parse(line) as { applyMs: number }).applyMs;
      }
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), applyMs: () => applyMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const users = flag("--users", 10_000);
  const rounds = flag("--rounds", 2);
  const standIn = await startStandInProcess({ users, seed: 42 });
  const postgres = await startTestPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-bench-store-"));
  const times: Record<"sqlite" | "postgres", number[]> = { sqlite: [], postgres: [] };
  const applyTimes: Record<"sqlite" | "postgres", number[]> = { sqlite: [], postgres: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const backend of ["sqlite", "postgres"] as const) {
        const storePath =
          backend === "sqlite"
            ? path.join(dir, `round-${round}.db`)
            : `${postgres.url}?schema=${postgres.newSchema(`round_${round}`)}`;
        const timings = pageTimings();
        const started = performance.now();
        const result = await syncTenant({
          logger: timings.logger,
          tenantId: standIn.tenantId,
          clientId: standIn.clientId,
          clientSecret: standIn.clientSecret,
          authorityHost: standIn.url,
          graphEndpoint: standIn.url,
          storePath,
          defaultCountry: "NL",
          env: {},
        });
        const seconds = (performance.now() - started) / 1000;
        times[backend].push(seconds);
        const applySeconds = timings.applyMs() / 1000;
        applyTimes[backend].push(applySeconds);
        process.stdout.write(
          `${backend.padEnd(8)} round ${round + 1}: ${seconds.toFixed(2)} s, of which applying pages ` +
            `${applySeconds.toFixed(2)} s (${result.created} contacts, ${result.pages} pages)\n`,
        );
      }
    }
  } finally {
    await postgres.stop();
    await standIn.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sqlite = median(times.sqlite);
  const pg = median(times.postgres);
  process.stdout.write(
    `\n${users} users, median of ${rounds}: SQLite ${sqlite.toFixed(2)} s, PostgreSQL ${pg.toFixed(2)} s, ` +
      `ratio ${(pg / sqlite).toFixed(2)}× (target ≤ 1.5×); applying pages: SQLite ` +
      `${median(applyTimes.sqlite).toFixed(2)} s, PostgreSQL ${median(applyTimes.postgres).toFixed(2)} s\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
