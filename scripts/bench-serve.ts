/**
 * `npm run bench:serve [-- --contacts 100000] [--seconds 10] [--workers N] [--postgres] [--no-fail]`: the caller-ID service over a
 * store of 100k contacts, measured against issue 12's targets while a writer child process writes to the
 * same store the way a sync does (pages of 500, one transaction each, a round's end every 20 pages):
 * lookups with 4 and 32 connections (autocannon), the 100k phonebook.vcf streamed (peak RSS of the
 * server), a 304 revalidation. Not part of `npm test`: see docs/PERFORMANCE.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openStore } from "../sync/store/openStore";
import { startTestPostgres, type TestPostgres } from "../sync/testing/postgres";
import { contactNumber, createKey, syncInto } from "../sync/testing/serveFixture";
import {
  cpuSeconds,
  load,
  type LoadResult,
  peakRssDuring,
  rssMb,
  serverTimeShares,
} from "./lib/benchServeMeasure";

const REPO_ROOT = path.resolve(__dirname, "..");
const TENANT = "11111111-1111-4111-8111-111111111111";
const say = (text = "") => process.stdout.write(`${text}\n`);

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} needs a whole number (got ${process.argv[index + 1]})`);
  return value;
}

/**
 * The server runs as users run it: compiled (`npm run build` → sync/dist/, started by sync/bin/entra-replicator.js);
 * tsx's loader would add about 30 MB to its RSS. The writer is not measured and runs through tsx.
 */
function build(): void {
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(REPO_ROOT, "sync/tsconfig.build.json")], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm run build failed: ${result.stdout}${result.stderr}`);
}

function child(args: string[]): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`child exited with ${code} before printing`)));
  });
}

async function populate(storePath: string, contacts: number): Promise<void> {
  const store = await openStore(storePath);
  try {
    const directory = store.forTenant(TENANT).directory;
    for (let start = 0; start < contacts; start += 1000) {
      const upsert = Array.from({ length: Math.min(1000, contacts - start) }, (_, i) =>
        contactNumber(start + i + 1),
      );
      await directory.applyPage({ upsert, delete: [], escrow: [], resolvedEscrow: [] });
    }
  } finally {
    await store.close();
  }
  await syncInto(storePath, [], { tenantId: TENANT });
}

async function main(): Promise<void> {
  const contacts = option("--contacts", 100_000);
  const seconds = option("--seconds", 10);
  // As it would be deployed on this host: one worker process per core (serve --workers auto).
  const workers = option("--workers", os.availableParallelism());
  const fail = !process.argv.includes("--no-fail");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-serve-"));
  // --postgres: the same store in a throw-away local PostgreSQL server (sync/testing/postgres.ts) on these cores.
  const postgres: TestPostgres | null = process.argv.includes("--postgres")
    ? await startTestPostgres()
    : null;
  const storePath =
    postgres === null
      ? path.join(dir, "directory.db")
      : `${postgres.url}?schema=${postgres.newSchema("serve")}`;
  const children: ChildProcess[] = [];
  try {
    say(
      `bench:serve — ${contacts} contacts, ${postgres === null ? "SQLite" : "PostgreSQL"}, ${os.cpus().length} cores, node ${process.version}`,
    );
    let started = Date.now();
    await populate(storePath, contacts);
    say(`store populated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { key } = await createKey(storePath, TENANT, "bench");
    const headers = { authorization: `Bearer ${key}` };

    build();
    const server = child([
      path.join(REPO_ROOT, "sync/bin/entra-replicator.js"),
      "serve",
      "--db",
      storePath,
      "--listen",
      "127.0.0.1:0",
      "--json",
      "--log-level",
      "warn",
      "--rate-limit",
      "100000000",
      "--workers",
      String(workers),
    ]);
    children.push(server);
    const startup = JSON.parse(await firstLine(server)) as { url: string; pid: number; workers?: number[] };
    const { url } = startup;
    const workerPids = startup.workers ?? [startup.pid];
    const serverPids = [...new Set([startup.pid, ...workerPids])];
    say(
      `server ${url}: ${workerPids.length} worker process${workerPids.length === 1 ? "" : "es"} ` +
        `(pids ${serverPids.join(", ")}), RSS ${serverPids.map(rssMb).join(" + ")} MB`,
    );

    // Number of existing contacts, spread over the directory: every lookup is a hit (200).
    const number = (i: number) =>
      `/v1/lookup?number=%2B3120${String(1_000_000 + ((i * 7919) % contacts) + 1).slice(-7)}`;
    await load({ url, connections: 4, seconds: 2, headers, path: number, expected: 200 }); // warm-up
    const quiet = await load({ url, connections: 4, seconds, headers, path: number, expected: 200 });

    const writer = child([
      "--import",
      "tsx",
      path.join(REPO_ROOT, "scripts/lib/benchServeWriter.ts"),
      storePath,
      TENANT,
      String(contacts),
    ]);
    children.push(writer);
    const written = firstLine(writer);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the writer is writing

    // Where the two cores go while the writer writes: the server's processes, the writer, autocannon (this process).
    const cpuBefore = {
      server: cpuSeconds(serverPids),
      writer: cpuSeconds([writer.pid!]),
      client: process.cpuUsage(),
    };
    const loadStarted = performance.now();
    const at4 = await load({ url, connections: 4, seconds, headers, path: number, expected: 200 });
    const at32 = await load({ url, connections: 32, seconds, headers, path: number, expected: 200 });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const clientCpu = process.cpuUsage(cpuBefore.client);
    const cores = {
      server: (cpuSeconds(serverPids) - cpuBefore.server) / loadSeconds,
      writer: (cpuSeconds([writer.pid!]) - cpuBefore.writer) / loadSeconds,
      client: (clientCpu.user + clientCpu.system) / 1e6 / loadSeconds,
    };
    const cpuPerLookupUs = Math.round(((cores.server * loadSeconds) / (at4.requests + at32.requests)) * 1e6);
    const serverTime = await serverTimeShares(url, "/v1/lookup");
    writer.kill("SIGTERM");
    const writes = JSON.parse(await written) as { pages: number; contactsWritten: number };

    started = Date.now();
    const feed = await peakRssDuring(serverPids, async () => {
      const response = await fetch(`${url}/v1/phonebook.vcf`, { headers });
      let bytes = 0;
      let cards = 0;
      let tail = ""; // a "BEGIN:VCARD" may straddle two chunks
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        const text = tail + Buffer.from(chunk).toString("latin1");
        cards += text.split("BEGIN:VCARD").length - 1;
        tail = text.slice(-("BEGIN:VCARD".length - 1)); // too short to hold a whole marker: never counted twice
      }
      return { bytes, cards, etag: response.headers.get("etag")! };
    });
    const feedSeconds = (Date.now() - started) / 1000;
    const revalidate = await load({
      url,
      connections: 1,
      seconds: Math.min(seconds, 5),
      headers: { ...headers, "if-none-match": feed.result.etag },
      path: () => "/v1/phonebook.vcf",
      expected: 304,
    });

    const row = (name: string, r: LoadResult) =>
      `| ${name} | ${r.connections} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} / ${r.requests} |`;
    say();
    say("| measurement | connections | req/s | p50 ms | p99 ms | errors / requests |");
    say("| --- | --- | --- | --- | --- | --- |");
    say(row("lookup (hit), no writer", quiet));
    say(row("lookup (hit), sync writing", at4));
    say(row("lookup (hit), sync writing", at32));
    say(row("phonebook.vcf 304 revalidation", revalidate));
    say();
    const share = (bound: string) => `${((serverTime[bound] ?? 0) * 100).toFixed(1)} %`;
    say(
      `server time of all lookups (Fastify onRequest → response sent, from /metrics): ≤ 0.5 ms ${share("0.0005")}, ` +
        `≤ 1 ms ${share("0.001")}, ≤ 2 ms ${share("0.002")}, ≤ 5 ms ${share("0.005")}`,
    );
    say(`server CPU per lookup (user + system of all its processes, both runs): ${cpuPerLookupUs} µs`);
    say(
      `cores used while the writer wrote: server ${cores.server.toFixed(2)}, writer ${cores.writer.toFixed(2)}, ` +
        `autocannon ${cores.client.toFixed(2)} (of ${os.cpus().length})`,
    );
    say(
      `machine load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (2 cores shared with other work)`,
    );
    say(`writer during the lookups: ${writes.pages} pages, ${writes.contactsWritten} contacts upserted`);
    say(
      `phonebook.vcf: ${feed.result.cards} cards, ${(feed.result.bytes / 1e6).toFixed(1)} MB in ${feedSeconds.toFixed(1)} s, ` +
        `peak RSS of the streaming process ${feed.peakMb} MB (all server processes ${feed.peakTotalMb} MB)`,
    );

    const targets: Array<[string, boolean]> = [
      [`lookup p99 ≤ 2 ms at 4 connections while a sync writes (${at4.p99Ms} ms)`, at4.p99Ms <= 2],
      [`lookup ≥ 5000 req/s at 32 connections (${at32.requestsPerSecond})`, at32.requestsPerSecond >= 5000],
      [
        `zero errors (${at4.errors + at32.errors + revalidate.errors})`,
        at4.errors + at32.errors + revalidate.errors === 0,
      ],
      [
        `phonebook.vcf of ${contacts} streams with RSS ≤ 250 MB (${feed.peakMb} MB)`,
        feed.peakMb <= 250 && feed.result.cards === contacts,
      ],
      [`304 revalidation ≤ 2 ms (p99 ${revalidate.p99Ms} ms)`, revalidate.p99Ms <= 2],
    ];
    say();
    for (const [name, ok] of targets) say(`${ok ? "PASS" : "FAIL"}  ${name}`);
    if (fail && targets.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
