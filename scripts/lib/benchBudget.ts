import type { RequestCounts } from "../../standin";
import type { TargetResult } from "./benchTargets";

/** One measured round's requests, as the stand-in counted them by route. */
export interface RoundRequests {
  users: number;
  round: "full" | "no-change" | "incremental";
  /** Delta pages the sync read (from its own summary). */
  pages: number;
  counts: RequestCounts;
}

/**
 * Requests a round may make besides its pages: the OpenID metadata and the token of a new credential (one
 * each per run), plus one spare for a token the client refreshes mid-round. Anything more is a request per
 * user or a retry loop, which a real tenant pays for in throttling (GRAPH-CONTRACT.md, "Cost and throttling").
 */
export const REQUEST_ALLOWANCE = 3;

export function totalRequests(counts: RequestCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** A round passes when it made at most pages + REQUEST_ALLOWANCE requests, and its pages are its delta requests. */
export function evaluateRequestBudgets(rounds: readonly RoundRequests[]): TargetResult[] {
  return rounds.map((round) => {
    const total = totalRequests(round.counts);
    const limit = round.pages + REQUEST_ALLOWANCE;
    return {
      target: `${label(round.users)}, ${round.round} round: requests ≤ pages + ${REQUEST_ALLOWANCE}`,
      measured: `${total} (${round.pages} pages; ${describe(round.counts)})`,
      pass: total <= limit && round.counts.delta === round.pages,
    };
  });
}

function describe(counts: RequestCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([route, n]) => `${route} ${n}`)
    .join(", ");
}

function label(users: number): string {
  return users % 1000 === 0 ? `${users / 1000}k users` : `${users} users`;
}
