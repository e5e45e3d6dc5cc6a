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
import { generateTenant, type GraphUser } from "../standin/generateTenant";
import type { BenchChildResult, BenchOperation } from "./lib/benchChild";
import { measureNormalisation } from "./lib/benchNormalisation";
import { inDefaultScope } from "./lib/demoTenant";
import { REPO_ROOT, STANDIN_CA, type StandInProcess, startStandInProcess } from "./lib/benchStandIn";
import { evaluateTargets, renderMeasurements, renderTargets, type SizeMeasurement } from "./lib/benchTargets";
import { runProcess } from "./lib/runProcess";

interface BenchOptions {
  sizes: number[];
  seed: number;
  fail: boolean;
  /** Added by the stand-in before answering each /users/delta request: what-if runs with a remote Graph. */
  graphLatencyMs: number;
}

const BENCH_DIR = path.join(REPO_ROOT, ".bench");
const say = (text = "") => process.stdout.write(`${text}\n`);

function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { sizes: [10_000, 100_000], seed: 42, fail: true, graphLatencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--no-fail") {
      options.fail = false;
    } else if (flag === "--sizes") {
      const sizes = (value ?? "").split(",").map((part) => Number(part.trim()));
      if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 1)) {
        throw new Error(
          `--sizes needs a comma-separated list of user counts, e.g. --sizes 10000,100000 (got ${value ?? "nothing"})`,
        );
      }
      options.sizes = sizes;
      i += 1;
    } else if (flag === "--graph-latency-ms") {
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new Error(
          `--graph-latency-ms needs a whole number of milliseconds, e.g. --graph-latency-ms 100 (got ${value ?? "nothing"})`,
        );
      }
      options.graphLatencyMs = Number(value);
      i += 1;
    } else if (flag === "--seed") {
      if (value === undefined || !/^\d+$/.test(value)) {
        throw new Error(
          `--seed needs a non-negative whole number, e.g. --seed 42 (got ${value ?? "nothing"})`,
        );
      }
      options.seed = Number(value);
      i += 1;
    } else {
      throw new Error(
        `unknown option ${flag}; use --sizes 10000,100000, --seed 42, --graph-latency-ms 0, --no-fail`,
      );
    }
  }
  return options;
}

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
  for (const users of options.sizes) measurements.push(await benchSize(users, options));

  say();
  say("normalisation: the generator's numbers, one thread …");
  const normalisation = measureNormalisation(options.seed);
  say(`  ${normalisation.numbers} distinct samples, ${Math.round(normalisation.perSecond)} numbers/s`);

  const results = evaluateTargets(measurements, normalisation.perSecond);
  say();
  say(renderMeasurements(measurements));
  say();
  say(renderTargets(results));
  fs.writeFileSync(
    path.join(BENCH_DIR, "results.json"),
    `${JSON.stringify({ at: new Date().toISOString(), options, measurements, normalisation, results }, null, 2)}\n`,
  );
  const failed = results.filter((result) => !result.pass).length;
  say();
  say(failed === 0 ? "All targets met." : `${failed} target(s) missed.${options.fail ? "" : " (--no-fail)"}`);
  if (failed > 0 && options.fail) process.exitCode = 1;
}

async function benchSize(users: number, options: BenchOptions): Promise<SizeMeasurement> {
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
    const fetchOnly = await runChild("fetch-only", env);
    say(`  fetch-only   ${seconds(fetchOnly.ms)}   ${resources(fetchOnly)}`);
    const tenant = generateTenant({ seed, count: users });
    const members = tenant.filter(inDefaultScope);
    const full = await runChild("sync", env);
    expectSummary(full, { mode: "full", created: members.length, updated: 0, deleted: 0, unchanged: 0 });
    say(`  full sync    ${seconds(full.ms)}   ${resources(full)}   ${JSON.stringify(full.summary)}`);

    // Nothing changed yet: what every incremental run pays before reading a change (token, TLS, store).
    const idle = await runChild("sync", env);
    expectSummary(idle, { mode: "incremental", created: 0, updated: 0, deleted: 0, unchanged: 0 });
    say(`  no changes   ${seconds(idle.ms)}   ${resources(idle)}   (the fixed cost of a run)`);

    const change = planOnePercent(tenant);
    const changed = await applyThroughStandIn(standIn, change);
    const incremental = await runChild("sync", env);
    expectSummary(incremental, {
      mode: "incremental",
      created: 0,
      updated: change.updates.filter(({ user }) => inDefaultScope(user)).length,
      deleted: change.softDeletes.filter(inDefaultScope).length,
      unchanged: 0,
    });
    say(
      `  incremental  ${seconds(incremental.ms)}   ${resources(incremental)}   ${changed} users changed: ${JSON.stringify(incremental.summary)}`,
    );
    return {
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
  } finally {
    await standIn.stop();
  }
}

interface OnePercentChange {
  softDeletes: GraphUser[];
  updates: Array<{ user: GraphUser; patch: Partial<GraphUser> }>;
}

/**
 * Every 100th user of the generated tenant (the stand-in's, same seed): one in ten of those is
 * soft-deleted, the others get a new mobile number and job title.
 */
function planOnePercent(tenant: readonly GraphUser[]): OnePercentChange {
  const change: OnePercentChange = { softDeletes: [], updates: [] };
  tenant.forEach((user, index) => {
    if (index % 100 !== 0) return;
    if (index % 1000 === 0) change.softDeletes.push(user);
    else {
      const patch = {
        mobilePhone: `+31 6 1${String(index).padStart(7, "0")}`,
        jobTitle: "Benchmark Analyst",
      };
      change.updates.push({ user, patch });
    }
  });
  return change;
}

async function applyThroughStandIn(standIn: StandInProcess, change: OnePercentChange): Promise<number> {
  const requests: Array<() => Promise<unknown>> = [
    ...change.softDeletes.map((user) => () => standIn.control("users/softDelete", { id: user.id })),
    ...change.updates.map(
      ({ user, patch }) =>
        () =>
          standIn.control("users/update", { id: user.id, patch }),
    ),
  ];
  const PARALLEL = 16;
  for (let start = 0; start < requests.length; start += PARALLEL) {
    await Promise.all(requests.slice(start, start + PARALLEL).map((send) => send()));
  }
  return requests.length;
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
