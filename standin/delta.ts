import type { DeltaTokenExpiryShape } from "./faults";
import { graphError } from "./errorShapes";
import {
  contextUrl,
  type GraphContext,
  type GraphRequest,
  header,
  ok,
  parseSelect,
  unsupportedOption,
} from "./graphRequest";
import type { Reply } from "./reply";
import type { Round } from "./rounds";

/** `GET /v1.0/users/delta`: rounds, pages, delta and skip tokens, as GRAPH-CONTRACT.md describes them. */

/** State inside a `$deltatoken`: where the next round starts, and the `$select` the first request fixed. */
interface DeltaTokenState {
  k: "d";
  seq: number;
  sel: string[];
  epoch: number;
  /** When the deltaLink was issued (ms since the epoch): user delta tokens live 7 days. */
  at: number;
}

/**
 * "Delta links for users live 7 days" (GRAPH-CONTRACT.md; Microsoft 365 Dev blog "Duration of change tracking
 * tokens for identity and education resources"): an older one gets 400 `syncStateNotFound`.
 */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** State inside a delta `$skiptoken`. */
interface SkipTokenState {
  k: "s";
  round: string;
  offset: number;
  page: number;
  epoch: number;
}

function prefersMinimal(request: GraphRequest): boolean {
  return /(^|[,;\s])return=minimal($|[,;\s])/i.test(header(request, "prefer") ?? "");
}

/** `Prefer: odata.maxpagesize=N` is a ceiling: the server may still send smaller pages (here: `pageSize`). */
function maxPageSize(request: GraphRequest): number | null {
  const match = /(?:^|[,;\s])odata\.maxpagesize=(\d+)/i.exec(header(request, "prefer") ?? "");
  const value = match?.[1] === undefined ? NaN : Number(match[1]);
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** How Graph says a delta token can no longer be used, in each shape it has been seen in. */
function deltaTokenExpired(
  ctx: GraphContext,
  request: GraphRequest,
  shape: DeltaTokenExpiryShape,
  select: readonly string[],
): Reply {
  // GRAPH-CONTRACT.md quotes the documented 400: "The sync state generation is not found. The delta token
  // is expired and data must be synchronized again." A 410 whose body says SyncStateNotFound has been seen
  // in the wild too (microsoftgraph/microsoft-graph-docs#2350). Clients must key on status and code only.
  const notFound =
    "The sync state generation is not found. The delta token is expired and data must be synchronized again.";
  const resync =
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd.";
  // The delta query overview: a 410 carries a Location header "to restart from" — a fresh initial request.
  const restart = { Location: `${ctx.url}/v1.0/users/delta?$select=${select.join(",")}` };
  switch (shape) {
    case "syncStateNotFound":
    case "SyncStateNotFound":
      return graphError(400, shape, notFound, request.ids);
    case "resyncRequired":
      return graphError(400, "resyncRequired", resync, request.ids);
    case "resyncRequiredGone":
      return graphError(410, "resyncRequired", resync, request.ids, restart);
    case "gone":
      return graphError(410, "SyncStateNotFound", notFound, request.ids, restart);
    case "goneWithoutLocation":
      return graphError(410, "SyncStateNotFound", notFound, request.ids);
  }
}

export function delta(ctx: GraphContext, request: GraphRequest): Reply {
  const deltaToken = request.query.get("$deltatoken");
  const skipToken = request.query.get("$skiptoken");
  let round: Round;
  let offset = 0;
  let page = 0;
  if (skipToken !== null) {
    const state = ctx.codec.decode<SkipTokenState>(skipToken);
    const found = state?.k === "s" ? ctx.rounds.get(state.round) : undefined;
    if (state === null || found === undefined) {
      return deltaTokenExpired(ctx, request, "syncStateNotFound", []);
    }
    if (state.epoch < ctx.faults.tokenEpoch)
      return deltaTokenExpired(ctx, request, ctx.faults.invalidTokenShape, found.select);
    round = found;
    offset = state.offset;
    page = state.page;
  } else if (deltaToken !== null) {
    if (deltaToken === "latest") return latestDeltaLink(ctx, request);
    const state = ctx.codec.decode<DeltaTokenState>(deltaToken);
    if (state === null || state.k !== "d") return deltaTokenExpired(ctx, request, "syncStateNotFound", []);
    if (state.epoch < ctx.faults.tokenEpoch)
      return deltaTokenExpired(ctx, request, ctx.faults.invalidTokenShape, state.sel);
    if (ctx.now() - state.at > DELTA_TOKEN_LIFETIME_MS)
      return deltaTokenExpired(ctx, request, "syncStateNotFound", state.sel);
    const expiry = ctx.faults.takeDeltaTokenExpiry();
    if (expiry !== null) return deltaTokenExpired(ctx, request, expiry, state.sel);
    round = openRound(ctx, state.seq, state.sel);
  } else {
    const refused = unsupportedOption(request, ["$select", "$top"]);
    if (refused !== null) return refused;
    const select = parseSelect(request);
    if (!Array.isArray(select)) return select;
    round = openRound(ctx, null, select);
  }
  return deltaPage(ctx, request, round, offset, page);
}

/**
 * `$deltatoken=latest` on the initial request: a deltaLink and no users, "sync from now" ("user: delta",
 * optional query parameters; GRAPH-CONTRACT.md). The `$select` given is fixed into the link like any other.
 */
function latestDeltaLink(ctx: GraphContext, request: GraphRequest): Reply {
  const refused = unsupportedOption(request, ["$select", "$deltatoken"]);
  if (refused !== null) return refused;
  const select = parseSelect(request);
  if (!Array.isArray(select)) return select;
  return ok(request, {
    "@odata.context": contextUrl(ctx, select),
    "@odata.deltaLink": deltaLinkOf(ctx, ctx.directory.sequence, select),
    value: [],
  });
}

function deltaLinkOf(ctx: GraphContext, seq: number, select: string[]): string {
  const token = ctx.codec.encode({
    k: "d",
    seq,
    sel: select,
    epoch: ctx.faults.tokenEpoch,
    at: ctx.now(),
  } satisfies DeltaTokenState);
  return `${ctx.url}/v1.0/users/delta?$deltatoken=${token}`;
}

function openRound(ctx: GraphContext, since: number | null, select: string[]): Round {
  return ctx.rounds.open({
    since,
    upTo: ctx.directory.sequence,
    select,
    ids: ctx.faults.zeroUsers ? [] : ctx.directory.deltaCandidates(since),
    truncateAfterPages: since === null ? ctx.faults.takeTruncation() : null,
  });
}

function deltaPage(
  ctx: GraphContext,
  request: GraphRequest,
  round: Round,
  offset: number,
  page: number,
): Reply {
  // Default mode renders every record complete; only a client that sends `Prefer: return=minimal` gets
  // updated users with their changed properties alone (GRAPH-CONTRACT.md, "Users delta: what a record carries").
  const minimal = prefersMinimal(request);
  const maxPage = maxPageSize(request);
  const pageSize = Math.min(ctx.pageSize, maxPage ?? Infinity);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, round.select) };
  const value: Record<string, unknown>[] = [];
  let end = offset;
  if (!ctx.faults.takeEmptyPage()) {
    end = Math.min(offset + pageSize, round.ids.length);
    for (let i = offset; i < end; i++) {
      const record = ctx.directory.renderDelta(round.ids[i] as string, round.since, round.select, minimal);
      if (record !== null) value.push(record);
    }
  }
  const truncated = round.truncateAfterPages !== null && page + 1 >= round.truncateAfterPages;
  const epoch = ctx.faults.tokenEpoch;
  if (end < round.ids.length && !truncated) {
    const token = ctx.codec.encode({
      k: "s",
      round: round.id,
      offset: end,
      page: page + 1,
      epoch,
    } satisfies SkipTokenState);
    body["@odata.nextLink"] = `${ctx.url}/v1.0/users/delta?$skiptoken=${token}`;
  } else {
    body["@odata.deltaLink"] = deltaLinkOf(ctx, round.upTo, round.select);
  }
  body.value = value;
  const applied = [
    minimal ? "return=minimal" : null,
    maxPage === null ? null : `odata.maxpagesize=${maxPage}`,
  ];
  const preferenceApplied = applied.filter((p) => p !== null).join(", ");
  return ok(request, body, preferenceApplied === "" ? {} : { "Preference-Applied": preferenceApplied });
}
