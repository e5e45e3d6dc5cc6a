import type { Client } from "@microsoft/microsoft-graph-client";
import { ExitCode, ReplicatorError } from "../errors";
import { USER_SELECT } from "../model";

export interface DeltaPage {
  /** The page's records as received: validation is the planner's job, one bad record must not sink a page. */
  records: unknown[];
  /** Present on the last page of a round only: where the next incremental round starts. */
  deltaLink: string | null;
}

export interface DeltaReadOptions {
  /** Start of an incremental round; null starts a full round. */
  deltaLink: string | null;
  /** `Prefer: odata.maxpagesize` (Graph caps it; users delta ignores `$top`). @default Graph's own */
  pageSize?: number | null;
}

export const INITIAL_DELTA_PATH = `/users/delta?$select=${USER_SELECT.join(",")}`;

/**
 * Reads one delta round page by page, awaiting the consumer between pages so that only one page is ever
 * held in memory. Own loop rather than PageIterator: its callback is not awaited
 * (microsoftgraph/msgraph-sdk-javascript#1553), so a slow store would let pages pile up.
 *
 * Deliberately **never** `Prefer: return=minimal`: in Graph's default mode every record is the whole user
 * (an absent selected property was never set — GRAPH-CONTRACT.md; learn.microsoft.com/graph/api/user-delta),
 * so no record ever needs a `GET /users/{id}` and a round costs its pages plus token traffic
 * (test/e2e/requestBudget.test.ts). Minimal records would be smaller, but a user the store does not hold
 * (re-enabled, guest turned member) would then arrive with its changed properties only.
 */
export async function* readUserDelta(client: Client, options: DeltaReadOptions): AsyncGenerator<DeltaPage> {
  let next: string = options.deltaLink ?? INITIAL_DELTA_PATH;
  for (;;) {
    let request = client.api(next);
    if (options.pageSize !== undefined && options.pageSize !== null) {
      request = request.header("Prefer", `odata.maxpagesize=${options.pageSize}`);
    }
    const body: unknown = await request.get();
    const page = parsePage(body, next);
    // A page may be empty and still carry a nextLink: the round goes on until a deltaLink arrives.
    if (page.nextLink !== null) {
      yield { records: page.records, deltaLink: null };
      next = page.nextLink;
      continue;
    }
    yield { records: page.records, deltaLink: page.deltaLink };
    return;
  }
}

function parsePage(
  body: unknown,
  url: string,
):
  | { records: unknown[]; nextLink: string | null; deltaLink: string }
  | { records: unknown[]; nextLink: string; deltaLink: null } {
  const page = (body ?? {}) as Record<string, unknown>;
  const records = page.value;
  const nextLink = page["@odata.nextLink"];
  const deltaLink = page["@odata.deltaLink"];
  if (!Array.isArray(records)) {
    throw malformed(url, "has no 'value' array");
  }
  if (typeof nextLink === "string" && nextLink !== "") return { records, nextLink, deltaLink: null };
  if (typeof deltaLink === "string" && deltaLink !== "") return { records, nextLink: null, deltaLink };
  // Treating a round without its deltaLink as complete would read a truncated tenant as "everyone left".
  throw malformed(url, "has neither @odata.nextLink nor @odata.deltaLink, so the round is incomplete");
}

function malformed(url: string, problem: string): ReplicatorError {
  return new ReplicatorError({
    code: "graph-page-malformed",
    message: `A /users/delta page from ${redactQuery(url)} ${problem}.`,
    fix: "Nothing was lost: re-run the sync. If it persists, check the Graph endpoint setting (GRAPH_ENDPOINT).",
    exitCode: ExitCode.Unavailable,
  });
}

/** Skip and delta tokens are opaque state, not secrets, but they are long and useless in a message. */
export function redactQuery(url: string): string {
  const queryStart = url.indexOf("?");
  return queryStart === -1 ? url : `${url.slice(0, queryStart)}?…`;
}
