import { randomUUID } from "node:crypto";
import { ExitCode, ReplicatorError } from "../errors";
import type { RunMode, RunSummary } from "../model";
import { planReconciliation } from "../plan";
import { scrubSecrets } from "../scrubSecrets";
import type { ContactDirectory } from "../store/contactDirectory";
import { NO_CHANGE } from "../store/contactDirectory";
import type { TenantStore } from "../store/store";
import { applyRound, type RoundCounters } from "./applyRound";
import { evaluateDeletions } from "./deletionGuard";
import { DeltaTokenExpiredError, type DirectorySource } from "./directorySource";
import { directorySettingsOf } from "./directorySettings";
import { genericRunError } from "./explainRunError";
import { RoundLedger } from "./roundLedger";
import type { SyncPolicy } from "./syncPolicy";
import { SyncRunError } from "./syncRunError";

export { SyncRunError } from "./syncRunError";
export { explainRunError } from "./explainRunError";
export type { SyncPolicy, SyncProgress } from "./syncPolicy";

/**
 * One sync run of one tenant: read a delta round from `source` page by page, apply each page's upserts and
 * escrow in its own transaction, hold deletes back to the end of the round, let the deletion guard judge
 * them, then delete and save the checkpoint. Nothing before the checkpoint is saved needs undoing: a run
 * that stops anywhere is simply run again. Every outcome is recorded in the tenant's run log.
 */
export async function runSync(
  source: DirectorySource,
  store: TenantStore,
  policy: SyncPolicy,
): Promise<RunSummary> {
  const { logger } = policy;
  const { directory, checkpoint } = store;
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const counters: RoundCounters = {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidNumbers: 0,
    escrowed: 0,
    pages: 0,
  };
  const directorySettings = directorySettingsOf(policy);
  let mode: RunMode = "full";
  const summarise = (outcome: RunSummary["outcome"], message: string | null): RunSummary => ({
    runId,
    tenantId: store.tenantId,
    mode,
    outcome,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...counters,
    message,
  });

  try {
    let deltaLink = await startingDeltaLink(store, policy, directorySettings);
    mode = deltaLink === null ? "full" : "incremental";
    logger.info({ runId, mode, tenantId: store.tenantId, dryRun: policy.dryRun ?? false }, "sync started");
    const directorySize = await directory.countContacts();
    let ledger = new RoundLedger();
    let nextDeltaLink: string;
    try {
      nextDeltaLink = await applyRound(source, directory, policy, { deltaLink, mode, ledger, counters });
    } catch (error) {
      if (mode !== "incremental" || !(error instanceof DeltaTokenExpiredError)) throw error;
      logger.warn({ runId }, "the stored delta token is no longer valid: starting a full round");
      deltaLink = null;
      mode = "full";
      await checkpoint.clear();
      ledger = new RoundLedger();
      nextDeltaLink = await applyRound(source, directory, policy, { deltaLink, mode, ledger, counters });
    }

    const deletes = await existingIds(directory, ledger.plannedDeletes());
    if (mode === "full") {
      const alreadyDeleting = new Set(deletes);
      for (const id of planReconciliation(await directory.allContactIds(), ledger.keptInRound())) {
        if (!alreadyDeleting.has(id)) deletes.push(id);
      }
    }
    const verdict = evaluateDeletions(
      {
        deletes: deletes.length,
        directorySize,
        remainingAfter: (await directory.countContacts()) - deletes.length,
      },
      policy.deletionGuard,
    );
    if (!verdict.allowed) {
      if (policy.dryRun === true) {
        counters.deleted = deletes.length;
        return finish(summarise("dry-run", `The deletion guard would block this run: ${verdict.reason}`));
      }
      const summary = summarise("blocked-by-deletion-guard", verdict.reason);
      await store.runs.record(summary);
      throw new SyncRunError(
        summary,
        new ReplicatorError({
          code: "deletion-guard",
          message: `Blocked by the deletion guard: ${verdict.reason} The delta token was not advanced.`,
          fix:
            "Check why the source lost these users (a failed read, a scope or permission change); if the " +
            "deletions are expected, re-run once with --allow-deletes, or raise --max-deletes / --max-delete-percent.",
          exitCode: ExitCode.DeletionGuard,
        }),
      );
    }
    if (deletes.length > 0) await directory.applyPage({ ...NO_CHANGE, delete: deletes });
    counters.deleted = deletes.length;
    await checkpoint.save({ deltaLink: nextDeltaLink, settings: directorySettings });

    const summary = summarise(policy.dryRun === true ? "dry-run" : "succeeded", null);
    await store.runs.record(summary);
    return finish(summary);
  } catch (error) {
    if (error instanceof SyncRunError) throw error;
    const reason =
      error instanceof ReplicatorError
        ? error
        : ((await source.explainError?.(error)) ?? genericRunError(error));
    const summary = summarise("failed", scrubSecrets(reason.message, policy.secrets ?? []));
    try {
      await store.runs.record(summary);
    } catch (recordError) {
      logger.error({ runId, err: recordError }, "could not record the failed run");
    }
    logger.error({ runId, code: reason.code }, "sync failed");
    throw new SyncRunError(summary, reason);
  }

  function finish(summary: RunSummary): RunSummary {
    logger.info({ ...summary }, "sync finished");
    return summary;
  }
}

/** The stored deltaLink, unless a full round is asked for or the directory settings changed since it. */
async function startingDeltaLink(
  store: TenantStore,
  policy: SyncPolicy,
  directorySettings: string,
): Promise<string | null> {
  if (policy.full === true) return null;
  const stored = await store.checkpoint.read();
  if (stored === null) return null;
  if (stored.settings !== directorySettings) {
    policy.logger.warn(
      { previous: stored.settings, current: directorySettings },
      "the scope or default country changed since the last round: running a full round so every contact follows them",
    );
    return null;
  }
  return stored.deltaLink;
}

/** Deletes of contacts the directory never had are no deletes: the guard must count only real ones. */
async function existingIds(directory: ContactDirectory, ids: string[]): Promise<string[]> {
  const found: string[] = [];
  const CHUNK = 500;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const existing = await directory.getContacts(chunk);
    for (const id of chunk) if (existing.has(id)) found.push(id);
  }
  return found;
}
