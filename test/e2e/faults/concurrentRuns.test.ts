import fs from "node:fs";
import { status } from "../../../sync/index";
import { type Harness, member, startHarness } from "../harness";
import { startCli, waitFor } from "./cliChild";
import { cleanSyncDirectory, directoryOf } from "./directorySnapshot";

/** Issue 4: one writer per store, and a sync stopped by a signal leaves no lock behind. */

const USERS = Array.from({ length: 30 }, (_, index) => member(index + 1));

describe("one sync at a time per store", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(USERS, { pageSize: 3 });
    // Slow pages, so the first sync is still mid-round when the second one starts.
    harness.standIn.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 60 }, times: 1000 });
  });

  afterEach(async () => {
    await harness.close();
  });

  it("a second sync on the same store refuses with store-locked (exit 7); the first completes correctly", async () => {
    const first = startCli(["sync", "--json"], harness.env());
    await waitFor(() => harness.standIn.requests.list("delta").length >= 1, "the first sync's first page");
    // Paused mid-round (alive, holding the lock) for as long as the second sync takes to start and decide.
    first.child.kill("SIGSTOP");
    const second = startCli(["sync"], harness.env());
    const refused = await second.finished;
    first.child.kill("SIGCONT");
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain(
      `error [store-locked] (storePath): The store ${harness.storePath} is being written by another sync (pid ${first.child.pid} on `,
    );
    expect(refused.stderr).toContain(`delete ${harness.storePath}.lock`);

    const completed = await first.finished;
    expect(completed.code).toBe(0);
    expect(JSON.parse(completed.stdout)).toMatchObject({ outcome: "succeeded", mode: "full", created: 30 });
    harness.standIn.faults.clear();
    expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));
    expect(
      (await status({ storePath: harness.storePath, env: {} })).recentRuns.map((run) => run.outcome),
    ).toEqual(["succeeded"]);
    expect(fs.existsSync(`${harness.storePath}.lock`)).toBe(false);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("%s during a sync releases the store lock; the next run converges", async (signal, code) => {
    const sync = startCli(["sync"], harness.env());
    await waitFor(() => harness.standIn.requests.list("delta").length >= 3, "the third page");
    expect(fs.existsSync(`${harness.storePath}.lock`)).toBe(true);

    sync.child.kill(signal);
    const stopped = await sync.finished;
    expect(stopped.code).toBe(code);
    expect(stopped.stderr).toContain(`Interrupted by ${signal}`);
    expect(fs.existsSync(`${harness.storePath}.lock`)).toBe(false);
    // Issue 10: the interrupted run is in the history, with what it had applied when it stopped.
    const [interrupted] = (await status({ storePath: harness.storePath, env: {} })).recentRuns;
    expect(interrupted).toMatchObject({ outcome: "interrupted", mode: "full" });
    expect(interrupted?.pages).toBeGreaterThanOrEqual(1);
    expect(interrupted?.message).toContain(`Interrupted by ${signal}`);

    harness.standIn.faults.clear();
    const rerun = startCli(["sync", "--json"], harness.env());
    expect((await rerun.finished).code).toBe(0);
    expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));
  });
});
