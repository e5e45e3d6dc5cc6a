/**
 * One measured operation in its own process, so its peak RSS is its own (the bench reads it from here):
 *   node --import tsx scripts/lib/benchChild.ts fetch-only|sync
 * Settings come from the environment (AZURE_*, GRAPH_ENDPOINT, ENTRA_REPLICATOR_*), like the CLI's.
 * Prints ONE JSON line: {operation, ms, maxRssKb, cpuMs, pages, records, summary}.
 */
import { settingsFromOptions } from "../../sync/config/sources";
import { syncTenant } from "../../sync/engine/syncTenant";
import { readUserDelta } from "../../sync/graph/deltaReader";
import { connectToGraph } from "../../sync/graph/graphClient";

export type BenchOperation = "fetch-only" | "sync";

export interface BenchChildResult {
  operation: BenchOperation;
  /** From the first token request to the end of the round (sync: including the store's final writes). */
  ms: number;
  /** process.resourceUsage().maxRSS at the end: the peak resident set of this process, in KiB. */
  maxRssKb: number;
  /** User + system CPU time of the whole process (start-up included), in ms: less sensitive to load. */
  cpuMs: number;
  pages: number;
  records: number | null;
  summary: { mode: string; created: number; updated: number; deleted: number; unchanged: number } | null;
}

/**
 * The sync's own reading path with nothing behind it: the same settings, credential, Graph client and
 * middleware (connectToGraph) and the same delta reader, with each page dropped. The difference to a
 * full sync is exactly the planning and the store.
 */
async function fetchOnly(): Promise<Omit<BenchChildResult, "maxRssKb" | "cpuMs">> {
  const settings = settingsFromOptions({}, process.env).sync();
  const started = performance.now();
  const { client } = connectToGraph(settings, { background: true });
  let pages = 0;
  let records = 0;
  for await (const page of readUserDelta(client, { deltaLink: null, pageSize: settings.pageSize })) {
    pages += 1;
    records += page.records.length;
  }
  return { operation: "fetch-only", ms: performance.now() - started, pages, records, summary: null };
}

async function sync(): Promise<Omit<BenchChildResult, "maxRssKb" | "cpuMs">> {
  const started = performance.now();
  // As the CLI runs it when stdout is not a terminal.
  const result = await syncTenant({ background: true });
  const { mode, created, updated, deleted, unchanged } = result;
  return {
    operation: "sync",
    ms: performance.now() - started,
    pages: result.pages,
    records: null,
    summary: { mode, created, updated, deleted, unchanged },
  };
}

async function main(): Promise<void> {
  const operation = process.argv[2];
  if (operation !== "fetch-only" && operation !== "sync") {
    throw new Error(`benchChild: give the operation, fetch-only or sync (got ${operation ?? "nothing"})`);
  }
  const result = operation === "fetch-only" ? await fetchOnly() : await sync();
  const cpu = process.cpuUsage();
  const line: BenchChildResult = {
    ...result,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`benchChild: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
