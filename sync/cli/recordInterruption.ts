import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { SyncSettings } from "../config/settings";
import type { SyncProgress } from "../engine/runSync";
import type { RunSummary } from "../model";
import { openSqliteStore } from "../store/sqliteStore";

/**
 * Puts a run stopped by SIGINT/SIGTERM into the run history, so `status` shows it instead of a gap. Called
 * from the signal handler, between event-loop tasks: the sync's own connection is not inside a transaction,
 * so a second connection may write the row. Counts are those of the last progress report. Never throws:
 * the process is on its way out, and the interruption message is printed whatever happens here.
 */
export function recordInterruption(
  settings: SyncSettings,
  run: { startedAt: string; full: boolean; progress: SyncProgress | null; signal: NodeJS.Signals },
): boolean {
  if (!fs.existsSync(settings.storePath)) return false;
  try {
    const store = openSqliteStore(settings.storePath);
    try {
      const { progress } = run;
      const mode =
        progress?.mode ??
        (run.full || store.getDeltaLink(settings.tenantId) === null ? "full" : "incremental");
      const summary: RunSummary = {
        runId: randomUUID(),
        tenantId: settings.tenantId,
        mode,
        outcome: "interrupted",
        startedAt: run.startedAt,
        finishedAt: new Date().toISOString(),
        created: progress?.created ?? 0,
        updated: progress?.updated ?? 0,
        deleted: 0,
        unchanged: progress?.unchanged ?? 0,
        invalidNumbers: 0,
        escrowed: progress?.escrowed ?? 0,
        pages: progress?.pages ?? 0,
        message:
          `Interrupted by ${run.signal}: what was applied so far is kept and the delta token was not ` +
          "advanced; the next run finishes the round.",
      };
      store.recordRun(summary);
      return true;
    } finally {
      store.close();
    }
  } catch {
    return false;
  }
}
