import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { SyncSettings } from "../config/settings";
import { isPostgresUrl } from "../config/settingValues";
import type { SyncProgress } from "../api/sync";
import type { RunSummary } from "../model";
import { openStore } from "../store/openStore";

/**
 * Puts a run stopped by SIGINT/SIGTERM into the run history, so `status` shows it instead of a gap. Called
 * from the signal handler through a connection of its own (SQLite: between event-loop tasks, so the sync's
 * connection holds no transaction; PostgreSQL: another session, another row). Counts are those of the last
 * progress report. Never throws: the process is on its way out and says so whatever happens here.
 */
export async function recordInterruption(
  settings: SyncSettings,
  run: { startedAt: string; full: boolean; progress: SyncProgress | null; signal: NodeJS.Signals },
): Promise<boolean> {
  if (!isPostgresUrl(settings.storePath) && !fs.existsSync(settings.storePath)) return false;
  try {
    const store = await openStore(settings.storePath);
    try {
      const tenant = store.forTenant(settings.tenantId);
      const { progress } = run;
      const mode =
        progress?.mode ?? (run.full || (await tenant.checkpoint.read()) === null ? "full" : "incremental");
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
      await tenant.runs.record(summary);
      return true;
    } finally {
      await store.close();
    }
  } catch {
    return false;
  }
}
