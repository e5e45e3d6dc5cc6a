import { SyncRunError } from "../engine/runSync";
import { ExitCode, ReplicatorError } from "../errors";
import type { RunSummary } from "../model";
import { reportOfError, reportOfRun, worstExitCode } from "./tenantReport";

const SUMMARY: RunSummary = {
  runId: "r1",
  tenantId: "t1",
  mode: "full",
  outcome: "succeeded",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:01.000Z",
  created: 3,
  updated: 2,
  deleted: 1,
  unchanged: 4,
  invalidNumbers: 1,
  escrowed: 0,
  pages: 2,
  message: null,
};

describe("tenant reports", () => {
  it("carries a run's counts", () => {
    expect(reportOfRun("contoso", SUMMARY, 1234)).toEqual({
      name: "contoso",
      tenantId: "t1",
      outcome: "succeeded",
      exitCode: 0,
      mode: "full",
      created: 3,
      updated: 2,
      deleted: 1,
      unchanged: 4,
      invalidNumbers: 1,
      escrowed: 0,
      pages: 2,
      durationMs: 1234,
      error: null,
    });
  });

  it("keeps the recorded summary of a run stopped by the deletion guard", () => {
    const blocked = { ...SUMMARY, outcome: "blocked-by-deletion-guard" as const, deleted: 0 };
    const error = new SyncRunError(
      blocked,
      new ReplicatorError({
        code: "deletion-guard",
        message: "m",
        fix: "f",
        exitCode: ExitCode.DeletionGuard,
      }),
    );
    expect(reportOfError("contoso", "t1", error, 5, [])).toMatchObject({
      outcome: "blocked-by-deletion-guard",
      exitCode: 6,
      created: 3,
      error: { code: "deletion-guard" },
    });
  });

  it("calls a usage error before any run an invalid config, and scrubs known secrets from unexpected errors", () => {
    const usage = new ReplicatorError({
      code: "setting-invalid",
      message: "m",
      fix: "f",
      exitCode: ExitCode.Usage,
    });
    expect(reportOfError("a", null, usage, 0, [])).toMatchObject({ outcome: "invalid-config", exitCode: 2 });
    const leaky = new Error("token request with secret-value-123456 failed");
    expect(reportOfError("a", null, leaky, 0, ["secret-value-123456"])).toMatchObject({
      outcome: "failed",
      exitCode: 1,
      error: { code: "internal-error", message: "Unexpected error: token request with [REDACTED] failed" },
    });
  });

  it.each([
    [[], 0],
    [[0, 5, 6], 6],
    [[5, 3], 3],
    [[6, 2, 4], 2],
    [[7, 1], 1],
  ])("the fleet exits with the worst of %j: %d", (codes, worst) => {
    expect(worstExitCode(codes as never)).toBe(worst);
  });
});
