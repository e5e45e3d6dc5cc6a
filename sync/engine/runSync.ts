import { randomUUID } from "node:crypto";
import type { Client } from "@microsoft/microsoft-graph-client";
import type pino from "pino";
import type { SyncSettings } from "../config/settings";
import { ExitCode, ReplicatorError } from "../errors";
import { explainGraphError, isDeltaTokenExpired } from "../graph/graphErrors";
import { diagnoseCredentialError } from "../identity/authorityProbe";
import { type EndpointContext, explainCredentialError } from "../identity/identityErrors";
import { completeRecords, incompleteRecordIds } from "../graph/completeRecords";
import { readUserDelta } from "../graph/deltaReader";
import type { RunMode, RunSummary } from "../model";
import { pageIds, planPage, planReconciliation } from "../plan";
import type { ContactStore } from "../store/contactStore";
import { evaluateDeletions } from "./deletionGuard";
import { directorySettingsOf } from "./directorySettings";
import { RoundLedger } from "./roundLedger";
import { scrubSecrets } from "../scrubSecrets";

export interface SyncProgress {
  mode: RunMode;
  pages: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  escrowed: number;
}

export interface RunSyncInput {
  settings: SyncSettings;
  store: ContactStore;
  client: Client;
  /** Force a full round (reconciling away contacts no longer in scope). @default false */
  full: boolean;
  dryRun: boolean;
  logger: pino.Logger;
  onProgress?: (progress: SyncProgress) => void;
}

/** A run that ended without applying its round: carries the recorded summary along with the reason. */
export class SyncRunError extends ReplicatorError {
  constructor(
    readonly summary: RunSummary,
    reason: ReplicatorError,
  ) {
    super({
      code: reason.code,
      message: reason.message,
      fix: reason.fix,
      exitCode: reason.exitCode,
      ...(reason.field !== undefined && { field: reason.field }),
      cause: reason,
    });
  }
}

type Counters = Pick<
  RunSummary,
  "created" | "updated" | "deleted" | "unchanged" | "invalidNumbers" | "escrowed" | "pages"
>;

/**
 * One sync run against an open store and Graph client: read a delta round page by page, apply each
 * page's upserts and escrow in its own transaction, hold deletes back to the end of the round, let the
 * deletion guard judge them, then delete and save the deltaLink. Nothing before the deltaLink is saved
 * needs undoing: a run that stops anywhere is simply run again.
 */
export async function runSync(input: RunSyncInput): Promise<RunSummary> {
  const { settings, store, logger } = input;
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const counters: Counters = {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    invalidNumbers: 0,
    escrowed: 0,
    pages: 0,
  };
  const directorySettings = directorySettingsOf(settings);
  let deltaLink = input.full ? null : store.getDeltaLink(settings.tenantId);
  const previousSettings = deltaLink === null ? null : store.getDeltaLinkSettings(settings.tenantId);
  if (deltaLink !== null && previousSettings !== directorySettings) {
    logger.warn(
      { previous: previousSettings, current: directorySettings },
      "the scope or default country changed since the last round: running a full round so every contact follows them",
    );
    deltaLink = null;
  }
  let mode: RunMode = deltaLink === null ? "full" : "incremental";
  const summarise = (outcome: RunSummary["outcome"], message: string | null): RunSummary => ({
    runId,
    tenantId: settings.tenantId,
    mode,
    outcome,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...counters,
    message,
  });

  logger.info({ runId, mode, tenantId: settings.tenantId, dryRun: input.dryRun }, "sync started");
  try {
    const directorySize = store.countContacts();
    let ledger = new RoundLedger();
    let nextDeltaLink: string;
    try {
      nextDeltaLink = await applyRound(input, deltaLink, mode, ledger, counters);
    } catch (error) {
      if (mode !== "incremental" || !isDeltaTokenExpired(error)) throw error;
      logger.warn({ runId }, "the stored delta token is no longer valid: starting a full round");
      deltaLink = null;
      mode = "full";
      store.clearDeltaLink(settings.tenantId);
      ledger = new RoundLedger();
      nextDeltaLink = await applyRound(input, null, mode, ledger, counters);
    }

    const deletes = existingIds(store, ledger.plannedDeletes());
    if (mode === "full") {
      const alreadyDeleting = new Set(deletes);
      for (const id of planReconciliation(store.allContactIds(), ledger.keptInRound())) {
        if (!alreadyDeleting.has(id)) deletes.push(id);
      }
    }
    const verdict = evaluateDeletions(
      { deletes: deletes.length, directorySize, remainingAfter: store.countContacts() - deletes.length },
      settings.deletionGuard,
    );
    if (!verdict.allowed) {
      if (input.dryRun) {
        counters.deleted = deletes.length;
        return finish(summarise("dry-run", `The deletion guard would block this run: ${verdict.reason}`));
      }
      const summary = summarise("blocked-by-deletion-guard", verdict.reason);
      store.recordRun(summary);
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
    if (deletes.length > 0) store.applyPage({ upsert: [], delete: deletes, escrow: [], resolvedEscrow: [] });
    counters.deleted = deletes.length;
    store.setDeltaLink(settings.tenantId, nextDeltaLink, directorySettings);

    const summary = summarise(input.dryRun ? "dry-run" : "succeeded", null);
    store.recordRun(summary);
    return finish(summary);
  } catch (error) {
    if (error instanceof SyncRunError) throw error;
    // MSAL says only "endpoints could not be read" for an unknown tenant and an unreachable host alike.
    const reason =
      error instanceof ReplicatorError
        ? error
        : ((await diagnoseCredentialError(error, settings)) ?? explainRunError(error, settings));
    const givenSecret = typeof settings.clientSecret === "string" ? [settings.clientSecret] : [];
    const summary = summarise("failed", scrubSecrets(reason.message, givenSecret));
    try {
      store.recordRun(summary);
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

async function applyRound(
  input: RunSyncInput,
  deltaLink: string | null,
  mode: RunMode,
  ledger: RoundLedger,
  counters: Counters,
): Promise<string> {
  const { settings, store, logger } = input;
  let records = 0;
  const pages = readUserDelta(input.client, { deltaLink, pageSize: settings.pageSize });
  let nextPage = pages.next();
  for (;;) {
    const waitStarted = performance.now();
    const result = await nextPage;
    const waitMs = performance.now() - waitStarted;
    if (result.done === true) break;
    const page = result.value;
    if (page.deltaLink === null) {
      // Fetch the next page while this one is planned and written.
      nextPage = pages.next();
      nextPage.catch(() => undefined);
      // Let the request reach the socket before the synchronous planning and SQLite work below
      // blocks the event loop; otherwise the prefetch would only start once this page is applied.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else {
      nextPage = Promise.resolve({ done: true, value: undefined });
    }

    const applyStarted = performance.now();
    const recordIds = pageIds(page.records);
    const existing = store.getContacts(recordIds.filter((id) => !ledger.isPendingDelete(id)));
    const incomplete = incompleteRecordIds(page.records, new Set(existing.keys()));
    const pageRecords =
      incomplete.length === 0 ? page.records : await completeRecords(input.client, page.records, incomplete);
    const plan = planPage(pageRecords, existing, {
      scope: settings.scope,
      defaultCountry: settings.defaultCountry,
    });
    const escrowedIds = new Set(plan.escrow.map((record) => record.id));
    store.applyPage({
      upsert: [...plan.create, ...plan.update],
      delete: [],
      escrow: plan.escrow,
      resolvedEscrow: recordIds.filter((id) => !escrowedIds.has(id)),
    });
    ledger.notePage(recordIds, new Set(existing.keys()), plan);

    counters.pages += 1;
    counters.created += plan.create.length;
    counters.updated += plan.update.length;
    counters.unchanged += plan.unchanged;
    counters.escrowed += plan.escrow.length;
    counters.invalidNumbers += [...plan.create, ...plan.update].reduce(
      (sum, contact) => sum + contact.phones.filter((phone) => !phone.valid).length,
      0,
    );
    records += page.records.length;
    logger.debug(
      {
        page: counters.pages,
        records: page.records.length,
        waitMs: Math.round(waitMs),
        applyMs: Math.round(performance.now() - applyStarted),
      },
      "page applied",
    );
    input.onProgress?.({
      mode,
      pages: counters.pages,
      records,
      created: counters.created,
      updated: counters.updated,
      unchanged: counters.unchanged,
      escrowed: counters.escrowed,
    });
    if (page.deltaLink !== null) return page.deltaLink;
  }
  throw new ReplicatorError({
    code: "graph-round-incomplete",
    message: "The /users/delta round ended without a deltaLink.",
    fix: "Nothing was lost: re-run the sync.",
    exitCode: ExitCode.Unavailable,
  });
}

/** Deletes of contacts the directory never had are no deletes: the guard must count only real ones. */
function existingIds(store: ContactStore, ids: string[]): string[] {
  const found: string[] = [];
  const CHUNK = 500;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const existing = store.getContacts(chunk);
    for (const id of chunk) if (existing.has(id)) found.push(id);
  }
  return found;
}

export function explainRunError(error: unknown, context: EndpointContext): ReplicatorError {
  if (error instanceof ReplicatorError) return error;
  const explained = explainCredentialError(error, context) ?? explainGraphError(error, context);
  if (explained !== null) return explained;
  return new ReplicatorError({
    code: "sync-failed",
    message: `The sync failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`,
    fix: "What was applied so far is intact and the delta token was not advanced: re-run the sync.",
    exitCode: ExitCode.Failure,
    cause: error,
  });
}
