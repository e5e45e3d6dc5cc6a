/**
 * `npm run bench [-- --sizes 10000,100000] [--seed 42] [--graph-latency-ms 0] [--no-fail]`: the sync against the stand-in (in its
 * own process) for each tenant size — fetch-only, full sync, incremental sync with 1% of users changed, peak
 * RSS of each sync process — plus normalisation throughput; then the ratios against issue 3's targets,
 * PASS/FAIL each. Exits 1 when a target fails, unless --no-fail. Not run by CI: see docs/PERFORMANCE.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateTenant } from "../standin/generateTenant";
import type { BenchChildResult, BenchOperation } from "./lib/benchChild";
import { applyThroughStandIn, planOnePercent } from "./lib/benchChanges";
import { measureNormalisation } from "./lib/benchNormalisation";
import { type BenchOptions, parseOptions } from "./lib/benchOptions";
import { inDefaultScope } from "./lib/demoTenant";
import { REPO_ROOT, STANDIN_CA, type StandInProcess, startStandInProcess } from "./lib/benchStandIn";
import type { RequestCounts } from "../standin";
import { evaluateRequestBudgets, type RoundRequests, totalRequests } from "./lib/benchBudget";
import { evaluateStartup, measureStartup } from "./lib/benchStartup";
import { evaluateTargets, renderMeasurements, renderTargets, type SizeMeasurement } from "./lib/benchTargets";
import { runProcess } from "./lib/runProcess";

const BENCH_DIR = path.join(REPO_ROOT, ".bench");
const say = (text = "") => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cpus = os.cpus();
  say(`entra-replicator bench — ${new Date().toISOString()}`);
  say(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  say(
    `sizes ${options.sizes.join(", ")}; seed ${options.seed}; load average ${os.loadavg()[0]!.toFixed(2)}` +
      (options.graphLatencyMs > 0 ? `; ${options.graphLatencyMs} ms added to every delta page` : ""),
  );
  fs.rmSync(BENCH_DIR, { recursive: true, force: true });
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  say("compiling the measured child to JavaScript (users run the built CLI, not tsx) …");
  compileChild();

  const measurements: SizeMeasurement[] = [];
  const rounds: RoundRequests[] = [];
  for (const users of options.sizes) {
    const measured = await benchSize(users, options);
    measurements.push(measured.measurement);
    rounds.push(...measured.rounds);
  }

  say();
  say("start-up: the compiled CLI against a bare node -e 0, medians of 9 interleaved runs …");
  const startupEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENTRA_REPLICATOR_DB: path.join(BENCH_DIR, String(options.sizes[0]), "directory.db"),
    ENTRA_REPLICATOR_COUNTRY: "NL",
  };
  const cli = path.join(CHILD_OUT_DIR, "sync/cli/main.js");
  const startup = (
    [
      ["--help", ["--help"]],
      ["lookup", ["lookup", "020 123 4567"]],
      ["status", ["status"]],
    ] as const
  ).map(([label, args]) => measureStartup(label, [cli, ...args], startupEnv, REPO_ROOT));
  for (const m of startup) {
    say(`  ${m.command.padEnd(7)} ${Math.round(m.medianMs)} ms (node -e 0: ${Math.round(m.bareNodeMs)} ms)`);
  }

  say();
  say("normalisation: the generator's numbers, one thread …");
  const normalisation = measureNormalisation(options.seed);
  say(`  ${normalisation.numbers} distinct samples, ${Math.round(normalisation.perSecond)} numbers/s`);

  const results = [
    ...evaluateTargets(measurements, normalisation.perSecond),
    ...evaluateRequestBudgets(rounds),
    ...evaluateStartup(startup),
  ];
  say();
  say(renderMeasurements(measurements));
  say();
  say(renderTargets(results));
  fs.writeFileSync(
    path.join(BENCH_DIR, "results.json"),
    `${JSON.stringify({ at: new Date().toISOString(), options, measurements, rounds, startup, normalisation, results }, null, 2)}\n`,
  );
  const failed = results.filter((result) => !result.pass).length;
  say();
  say(failed === 0 ? "All targets met." : `${failed} target(s) missed.${options.fail ? "" : " (--no-fail)"}`);
  if (failed > 0 && options.fail) process.exitCode = 1;
}

async function benchSize(
  users: number,
  options: BenchOptions,
): Promise<{ measurement: SizeMeasurement; rounds: RoundRequests[] }> {
  const { seed, graphLatencyMs } = options;
  say();
  const label = `${users.toLocaleString("en-US")} users`;
  const readyStarted = performance.now();
  const standIn = await startStandInProcess({ users, seed });
  try {
    say(
      `${label}: stand-in ready in ${((performance.now() - readyStarted) / 1000).toFixed(1)} s at ${standIn.url}`,
    );
    if (graphLatencyMs > 0) {
      await standIn.control("faults", {
        endpoint: "delta",
        action: { kind: "delay", ms: graphLatencyMs },
        times: Number.MAX_SAFE_INTEGER,
      });
    }
    const dir = path.join(BENCH_DIR, String(users));
    fs.mkdirSync(dir, { recursive: true });
    const env = childEnvironment(standIn, path.join(dir, "directory.db"));

    // The stand-in's first round also warms its JIT: discarded, so fetch-only and sync see the same server.
    const warmUp = await runChild("fetch-only", env);
    say(`  warm-up round: ${warmUp.records} records, ${warmUp.pages} pages (not counted)`);
    await standIn.takeRequestCounts();
    const fetchOnly = await runChild("fetch-only", env);
    say(
      `  fetch-only   ${seconds(fetchOnly.ms)}   ${resources(fetchOnly)}   ${requests(await standIn.takeRequestCounts())}`,
    );
    const rounds: RoundRequests[] = [];
    const countRound = async (round: RoundRequests["round"], result: BenchChildResult) => {
      const counted: RoundRequests = {
        users,
        round,
        pages: result.pages,
        counts: await standIn.takeRequestCounts(),
      };
      rounds.push(counted);
      return requests(counted.counts);
    };
    const tenant = generateTenant({ seed, count: users });
    const members = tenant.filter(inDefaultScope);
    const full = await runChild("sync", env);
    expectSummary(full, { mode: "full", created: members.length, updated: 0, deleted: 0, unchanged: 0 });
    say(`  full sync    ${seconds(full.ms)}   ${resources(full)}   ${await countRound("full", full)}`);
    say(`               ${JSON.stringify(full.summary)}`);

    // Nothing changed yet: what every incremental run pays before reading a change (token, TLS, store).
    const idle = await runChild("sync", env);
    expectSummary(idle, { mode: "incremental", created: 0, updated: 0, deleted: 0, unchanged: 0 });
    say(`  no changes   ${seconds(idle.ms)}   ${resources(idle)}   ${await countRound("no-change", idle)}`);

    const change = planOnePercent(tenant);
    const changed = await applyThroughStandIn(standIn, change);
    await standIn.takeRequestCounts();
    const incremental = await runChild("sync", env);
    expectSummary(incremental, {
      mode: "incremental",
      created: 0,
      updated: change.updates.filter(({ user }) => inDefaultScope(user)).length,
      deleted: change.softDeletes.filter(inDefaultScope).length,
      unchanged: 0,
    });
    say(
      `  incremental  ${seconds(incremental.ms)}   ${resources(incremental)}   ${await countRound("incremental", incremental)}`,
    );
    say(`               ${changed} users changed: ${JSON.stringify(incremental.summary)}`);
    const measurement: SizeMeasurement = {
      users,
      contacts: full.summary!.created,
      pages: full.pages,
      fetchOnlyMs: fetchOnly.ms,
      fetchOnlyCpuMs: fetchOnly.cpuMs,
      fullCpuMs: full.cpuMs,
      fullMs: full.ms,
      incrementalMs: incremental.ms,
      idleIncrementalMs: idle.ms,
      changed,
      fullMaxRssKb: full.maxRssKb,
      incrementalMaxRssKb: incremental.maxRssKb,
    };
    return { measurement, rounds };
  } finally {
    await standIn.stop();
  }
}

/** A bench of a sync that computed the wrong directory would measure nothing: check what each run did. */
function expectSummary(result: BenchChildResult, expected: NonNullable<BenchChildResult["summary"]>): void {
  const actual = result.summary;
  const same =
    actual !== null &&
    (Object.keys(expected) as Array<keyof typeof expected>).every((key) => actual[key] === expected[key]);
  if (!same) {
    throw new Error(
      `expected the ${expected.mode} sync to do ${JSON.stringify(expected)}, it did ${JSON.stringify(actual)}`,
    );
  }
}

/** Only what the sync needs, passed explicitly; NODE_EXTRA_CA_CERTS is read by Node at start, hence here. */
function childEnvironment(standIn: StandInProcess, storePath: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: STANDIN_CA,
    AZURE_TENANT_ID: standIn.tenantId,
    AZURE_CLIENT_ID: standIn.clientId,
    AZURE_CLIENT_SECRET: standIn.clientSecret,
    AZURE_AUTHORITY_HOST: standIn.url,
    GRAPH_ENDPOINT: standIn.url,
    ENTRA_REPLICATOR_DB: storePath,
    ENTRA_REPLICATOR_COUNTRY: "NL",
  };
}

const CHILD_OUT_DIR = path.join(BENCH_DIR, "dist");
const CHILD_SOURCE = "scripts/lib/benchChild.ts";

/**
 * The CLI users run is compiled JavaScript (bin/entra-replicator.js → dist/); tsx's loader would add about
 * 30 MB to every measured RSS. Compiled with the project's compiler options; type errors are tsc's and CI's
 * job, so only a missing output stops the bench.
 */
function compileChild(): void {
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      "--outDir",
      CHILD_OUT_DIR,
      "--rootDir",
      REPO_ROOT,
      "--module",
      "commonjs",
      "--target",
      "ES2022",
      "--moduleResolution",
      "node",
      "--esModuleInterop",
      "--resolveJsonModule",
      "--skipLibCheck",
      "--types",
      "node",
      path.join(REPO_ROOT, CHILD_SOURCE),
      // The CLI itself, for the start-up measurement (users run it compiled too).
      path.join(REPO_ROOT, "sync/cli/main.ts"),
    ],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  if (!fs.existsSync(childScript())) {
    throw new Error(`could not compile ${CHILD_SOURCE}: ${result.stdout}${result.stderr}`);
  }
}

function childScript(): string {
  return path.join(CHILD_OUT_DIR, CHILD_SOURCE.replace(/\.ts$/, ".js"));
}

async function runChild(operation: BenchOperation, env: NodeJS.ProcessEnv): Promise<BenchChildResult> {
  const { code, stdout, stderr } = await runProcess(process.execPath, [childScript(), operation], {
    cwd: REPO_ROOT,
    env,
  });
  if (code !== 0) throw new Error(`the ${operation} child exited ${code}: ${stderr.trim()}`);
  return JSON.parse(stdout.trim()) as BenchChildResult;
}

/** A round's Graph requests, as the stand-in counted them by route. */
function requests(counts: RequestCounts): string {
  const routes = Object.entries(counts).filter(([, n]) => n > 0);
  return `requests ${totalRequests(counts)}: ${routes.map(([route, n]) => `${route} ${n}`).join(", ")}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`.padStart(8);
}

function resources(result: BenchChildResult): string {
  return `RSS ${(result.maxRssKb / 1024).toFixed(0)} MB   CPU ${(result.cpuMs / 1000).toFixed(2)} s`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
