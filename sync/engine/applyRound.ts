import { ExitCode, ReplicatorError } from "../errors";
import type { RunMode, RunSummary } from "../model";
import { pageIds, planPage } from "../plan";
import type { ContactDirectory } from "../store/contactDirectory";
import type { DirectorySource, SourcePage } from "./directorySource";
import type { RoundLedger } from "./roundLedger";
import type { SyncPolicy } from "./syncPolicy";

export type RoundCounters = Pick<
  RunSummary,
  "created" | "updated" | "deleted" | "unchanged" | "invalidNumbers" | "escrowed" | "pages"
>;

export interface RoundState {
  deltaLink: string | null;
  mode: RunMode;
  ledger: RoundLedger;
  counters: RoundCounters;
}

const ROUND_DONE: Promise<IteratorResult<SourcePage, void>> = Promise.resolve({
  done: true,
  value: undefined,
});

/**
 * Applies one round page by page (one page prefetched while the previous one is planned and written) and
 * returns the round's deltaLink. Upserts and escrow are written per page; deletes go to the ledger.
 */
export async function applyRound(
  source: DirectorySource,
  directory: ContactDirectory,
  policy: SyncPolicy,
  round: RoundState,
): Promise<string> {
  const { ledger, counters } = round;
  let records = 0;
  const pages = source.readRound(round.deltaLink);
  let nextPage = pages.next();
  for (;;) {
    const waitStarted = performance.now();
    const result = await nextPage;
    const waitMs = performance.now() - waitStarted;
    if (result.done === true) break;
    const page = result.value;
    if (page.deltaLink === null) {
      nextPage = pages.next();
      nextPage.catch(() => undefined);
      // Let the request reach the socket before the synchronous planning and store work below blocks the
      // event loop; otherwise the prefetch would only start once this page is applied.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else {
      nextPage = ROUND_DONE;
    }

    const applyStarted = performance.now();
    const recordIds = pageIds(page.records);
    const existing = await directory.getContacts(recordIds.filter((id) => !ledger.isPendingDelete(id)));
    const knownIds = new Set(existing.keys());
    const plan = planPage(page.records, existing, {
      scope: policy.scope,
      defaultCountry: policy.defaultCountry,
    });
    const escrowedIds = new Set(plan.escrow.map((record) => record.id));
    await directory.applyPage({
      upsert: [...plan.create, ...plan.update],
      delete: [],
      escrow: plan.escrow,
      resolvedEscrow: recordIds.filter((id) => !escrowedIds.has(id)),
    });
    ledger.notePage(recordIds, knownIds, plan);

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
    policy.logger.debug(
      {
        page: counters.pages,
        records: page.records.length,
        waitMs: Math.round(waitMs),
        applyMs: Math.round(performance.now() - applyStarted),
      },
      "page applied",
    );
    policy.onProgress?.({
      mode: round.mode,
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
