/**
 * `serve --workers 2`: the real CLI in a child process forks two workers that share one port (Node's
 * cluster, https://nodejs.org/docs/latest-v20.x/api/cluster.html#how-it-works). Connections are spread
 * over both; /metrics reports the whole service; a sync is seen by every worker; a worker that dies is
 * replaced while the other serves; SIGTERM lets in-flight requests finish and exits 0.
 */
import http from "node:http";
import { contactNumber, createKey, syncInto, temporaryStore } from "../../sync/testing/serveFixture";
import { parseVcards } from "../../sync/testing/strictVcard";
import { runCli } from "./harness";
import { startPausedDownload } from "./pausedDownload";
import { type ServeProcess, startServe } from "./serveProcess";

/** ~12 MB of vCards: more than loopback's socket buffers absorb, so a paused download is mid-response at SIGTERM. */
const CONTACTS = 40_000;
const store = temporaryStore();
let server: ServeProcess;
let key: string;
const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, ENTRA_REPLICATOR_DB: store.storePath });

beforeAll(async () => {
  await syncInto(
    store.storePath,
    Array.from({ length: CONTACTS }, (_, i) => contactNumber(i + 1)),
  );
  key = (await createKey(store.storePath, "11111111-1111-4111-8111-111111111111")).key;
  server = await startServe(env(), ["--workers", "2"]);
});

afterAll(() => {
  server?.child.kill("SIGKILL");
  for (const pid of server?.startup.workers ?? []) killQuietly(pid);
  store.remove();
});

/** Each request on a connection of its own (no keep-alive agent), so the primary hands them out in turn. */
function getOnNewConnection(
  path: string,
  bearer: string | null = key,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${server.url}${path}`,
      { agent: false, headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode!, body }));
      },
    );
    request.on("error", reject);
  });
}

const lookupPath = (index: number) => `/v1/lookup?number=%2B3120${String(1_000_000 + index).slice(-7)}`;
const metric = (text: string, series: string) =>
  Number(new RegExp(`^${series.replace(/[{}"=]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
const workersThatAnswered = () =>
  new Set(
    [...server.stderr().matchAll(/"worker":(\d+),"reqId":"[^"]+","res":\{"statusCode":200\}/g)].map((m) =>
      Number(m[1]),
    ),
  );

it("prints one startup line naming the primary and two worker processes", () => {
  expect(server.startup.workers).toHaveLength(2);
  expect(new Set([server.startup.pid, ...server.startup.workers!]).size).toBe(3);
  for (const pid of server.startup.workers!) expect(isAlive(pid)).toBe(true);
});

it("spreads connections over both workers, and /metrics adds their counts up", async () => {
  for (let i = 1; i <= 20; i += 1) {
    expect((await getOnNewConnection(lookupPath(i))).status).toBe(200);
  }
  expect(workersThatAnswered()).toEqual(new Set(server.startup.workers));

  const metrics = await getOnNewConnection("/metrics", null);
  expect(metrics.status).toBe(200);
  // Counters are summed over the workers (one worker alone saw about half) ...
  expect(metric(metrics.body, 'entra_replicator_lookups_total{result="hit"}')).toBe(20);
  expect(
    metric(
      metrics.body,
      'entra_replicator_http_requests_total{route="/v1/lookup",method="GET",status="200"}',
    ),
  ).toBe(20);
  // ... while what every worker reads from the same store is shown once, not twice.
  expect(
    metric(
      metrics.body,
      'entra_replicator_directory_contacts{tenant="11111111-1111-4111-8111-111111111111"}',
    ),
  ).toBe(CONTACTS);
  expect(metric(metrics.body, "entra_replicator_store_up")).toBe(1);
});

it("every worker sees a sync that commits while it serves", async () => {
  const newcomer = contactNumber(CONTACTS + 1);
  expect((await getOnNewConnection(lookupPath(CONTACTS + 1))).status).toBe(404);
  await syncInto(store.storePath, [newcomer]);
  const answers = await Promise.all([1, 2, 3, 4].map(() => getOnNewConnection(lookupPath(CONTACTS + 1))));
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
});

it("replaces a worker that dies while the other goes on serving", async () => {
  const [victim, survivor] = server.startup.workers!;
  process.kill(victim!, "SIGKILL");
  await until(() => server.stderr().includes("a serve worker exited unexpectedly"));
  for (let i = 1; i <= 6; i += 1) expect((await getOnNewConnection(lookupPath(i))).status).toBe(200);

  await until(() => /"pid":\d+,"msg":"serve worker listening"/.test(server.stderr()));
  const replacement = Number(/"pid":(\d+),"msg":"serve worker listening"/.exec(server.stderr())![1]);
  expect([isAlive(replacement), replacement === victim, isAlive(survivor!)]).toEqual([true, false, true]);
  server.startup.workers = [survivor!, replacement];
});

it("SIGTERM lets an in-flight phonebook download finish, stops every worker and exits 0", async () => {
  const download = await startPausedDownload(`${server.url}/v1/phonebook.vcf`, key);
  await until(() => server.stderr().includes('"url":"/v1/phonebook.vcf"'));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the response has begun
  // The primary and one worker get the signal themselves (as under systemd's default KillMode, which
  // signals the whole control group); the other worker hears of it from the primary only.
  server.child.kill("SIGTERM");
  process.kill(server.startup.workers![0]!, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(server.child.exitCode).toBeNull(); // a worker still serves the paused download
  expect(parseVcards(await download.finish())).toHaveLength(CONTACTS + 1);

  expect(await server.exited).toBe(0);
  for (const pid of server.startup.workers!) expect(isAlive(pid)).toBe(false);
  expect(server.stderr()).toContain("stopping: every worker lets its in-flight requests finish first");
});

it("a store that cannot be opened is one clear error before any worker starts", async () => {
  const run = await runCli(
    ["serve", "--workers", "2", "--listen", "127.0.0.1:0", "--db", `${store.dir}/missing.db`, "--json"],
    env(),
  );
  expect(run.code).toBe(7);
  expect((JSON.parse(run.stdout) as { error: { code: string } }).error.code).toBe("store-not-found");
});

it("rejects a worker count that is not a whole number", async () => {
  const run = await runCli(["serve", "--workers", "two"], env());
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("Give a whole number greater than 0");
});

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; serve's stderr:\n${server.stderr().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}
