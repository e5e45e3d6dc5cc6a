/**
 * What the fleet says about each tenant, and the one exit code for the whole fleet. Pure: a run's summary
 * or its error in, a plain report out.
 */
import { SyncRunError } from "../engine/runSync";
import { ExitCode, type ExitCodeValue, ReplicatorError } from "../errors";
import type { RunMode, RunOutcome, RunSummary } from "../model";
import { scrubSecrets } from "../scrubSecrets";

/** A run's outcome, or `invalid-config` when the tenant's entry could not be turned into settings. */
export type FleetOutcome = RunOutcome | "invalid-config";

/** The counts of a run, as its summary has them (zero for a tenant that never ran). */
type RunCounts = Pick<
  RunSummary,
  "created" | "updated" | "deleted" | "unchanged" | "invalidNumbers" | "escrowed" | "pages"
>;

export interface TenantReport extends RunCounts {
  /** The entry's name; `tenants[i]` when the entry has no usable name. */
  name: string;
  tenantId: string | null;
  outcome: FleetOutcome;
  exitCode: ExitCodeValue;
  mode: RunMode | null;
  durationMs: number;
  error: { code: string; message: string; fix: string; field?: string } | null;
}

const NO_COUNTS: RunCounts = {
  created: 0,
  updated: 0,
  deleted: 0,
  unchanged: 0,
  invalidNumbers: 0,
  escrowed: 0,
  pages: 0,
};

function counts(summary: RunSummary) {
  const { created, updated, deleted, unchanged, invalidNumbers, escrowed, pages } = summary;
  return { created, updated, deleted, unchanged, invalidNumbers, escrowed, pages };
}

export function reportOfRun(name: string, summary: RunSummary, durationMs: number): TenantReport {
  return {
    name,
    tenantId: summary.tenantId,
    outcome: summary.outcome,
    exitCode: ExitCode.Ok,
    mode: summary.mode,
    ...counts(summary),
    durationMs,
    error: null,
  };
}

/** A tenant that stopped: its recorded summary when the run had started, its error in any case. */
export function reportOfError(
  name: string,
  tenantId: string | null,
  error: unknown,
  durationMs: number,
  secrets: readonly string[],
): TenantReport {
  const known =
    error instanceof ReplicatorError
      ? error
      : new ReplicatorError({
          code: "internal-error",
          message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
          fix: "Re-run the fleet; if this tenant fails again, report it with this message (no secret is included).",
          exitCode: ExitCode.Failure,
        });
  const { code, message, fix, field } = known.toJSON();
  const summary = error instanceof SyncRunError ? error.summary : null;
  const invalidConfig = summary === null && known.exitCode === ExitCode.Usage;
  return {
    name,
    tenantId: summary?.tenantId ?? tenantId,
    outcome: summary?.outcome ?? (invalidConfig ? "invalid-config" : "failed"),
    exitCode: known.exitCode,
    mode: summary?.mode ?? null,
    ...(summary === null ? NO_COUNTS : counts(summary)),
    durationMs,
    error: {
      code,
      message: scrubSecrets(message, secrets),
      fix: scrubSecrets(fix, secrets),
      ...(field !== undefined && { field }),
    },
  };
}

/**
 * Worst first: an unexpected failure, then what needs someone to change something (store, config,
 * permission, credentials), then a held-back deletion that needs approving, then a transient outage.
 */
const SEVERITY: readonly ExitCodeValue[] = [
  ExitCode.Failure,
  ExitCode.Store,
  ExitCode.Usage,
  ExitCode.Permission,
  ExitCode.Authentication,
  ExitCode.DeletionGuard,
  ExitCode.Unavailable,
  ExitCode.NotFound,
  ExitCode.Ok,
];

export function worstExitCode(codes: readonly ExitCodeValue[]): ExitCodeValue {
  return codes.reduce<ExitCodeValue>(
    (worst, code) => (SEVERITY.indexOf(code) < SEVERITY.indexOf(worst) ? code : worst),
    ExitCode.Ok,
  );
}
