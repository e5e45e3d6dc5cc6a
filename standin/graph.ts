import type { AccessTokenSigner } from "./accessToken";
import type { AppRegistration } from "./appRegistration";
import { checkBearer } from "./bearer";
import type { Directory } from "./directory";
import { graphError, type RequestIds } from "./errorShapes";
import type { DeltaTokenExpiryShape, Faults } from "./faults";
import { DEFAULT_USER_PROPERTIES, KNOWN_USER_PROPERTIES } from "./graphUser";
import { GRAPH_RESOURCE } from "./identity";
import type { OpaqueTokenCodec } from "./opaqueToken";
import { jsonReply, ODATA_CONTENT_TYPE, type Reply } from "./reply";
import type { Round, RoundStore } from "./rounds";

export interface GraphContext {
  url: string;
  app: AppRegistration;
  signer: AccessTokenSigner;
  directory: Directory;
  faults: Faults;
  rounds: RoundStore;
  codec: OpaqueTokenCodec;
  /** Users per delta page (Graph decides the page size of delta itself; `$top` does not change it). */
  pageSize: number;
  /** Milliseconds since the epoch, injectable so a test can age a delta token past its 7 days. */
  now: () => number;
}

export interface GraphRequest {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  ids: RequestIds;
}

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

/** State inside a `/users` `$skiptoken`. */
interface ListTokenState {
  k: "l";
  round: string;
  offset: number;
  top: number;
}

const READ_ROLES = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const USER_TYPE = "Microsoft.DirectoryServices.User";

function header(request: GraphRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function ok(request: GraphRequest, body: unknown, extra: Record<string, string> = {}): Reply {
  return jsonReply(200, body, {
    "Content-Type": ODATA_CONTENT_TYPE,
    "OData-Version": "4.0",
    "request-id": request.ids.requestId,
    "client-request-id": request.ids.clientRequestId,
    "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Loopback", Slice: "E", Ring: "0" } }),
    ...extra,
  });
}

function badRequest(request: GraphRequest, code: string, message: string): Reply {
  return graphError(400, code, message, request.ids);
}

/** Bearer validation and the app-role check every `/users` route needs; null when the caller may proceed. */
function authorize(ctx: GraphContext, request: GraphRequest): Reply | null {
  const checked = checkBearer(
    header(request, "authorization"),
    ctx.signer,
    ctx.app.tenantId,
    new Set([ctx.url, GRAPH_RESOURCE]),
  );
  if (!checked.ok) {
    const messages = {
      missing: "Access token is empty.",
      invalid: "Access token validation failure.",
      expired: "Lifetime validation failed, the token is expired.",
      audience: "Access token validation failure. Invalid audience.",
      tenant: "Access token validation failure. Invalid issuer.",
    };
    return graphError(401, "InvalidAuthenticationToken", messages[checked.problem], request.ids, {
      "WWW-Authenticate": `Bearer realm="", authorization_uri="${ctx.url}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
  }
  const roles = checked.claims.roles ?? [];
  if (!roles.some((role) => READ_ROLES.includes(role))) {
    return graphError(
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
      request.ids,
    );
  }
  return null;
}

/** `$select` as a property list, or a Graph-shaped 400 naming the unknown property. */
function parseSelect(request: GraphRequest): string[] | Reply {
  const raw = request.query.get("$select");
  if (raw === null) return [...DEFAULT_USER_PROPERTIES];
  const properties: string[] = [];
  for (const property of raw.split(",").map((p) => p.trim())) {
    if (property === "") continue;
    if (!KNOWN_USER_PROPERTIES.has(property)) {
      return badRequest(
        request,
        "Request_BadRequest",
        `Could not find a property named '${property}' on type '${USER_TYPE}'.`,
      );
    }
    if (!properties.includes(property)) properties.push(property);
  }
  return properties.length === 0 ? [...DEFAULT_USER_PROPERTIES] : properties;
}

/** Query options this stand-in does not implement are refused loudly rather than silently ignored. */
function unsupportedOption(request: GraphRequest, supported: readonly string[]): Reply | null {
  for (const name of request.query.keys()) {
    if (name.startsWith("$") && !supported.includes(name)) {
      return badRequest(
        request,
        "Request_UnsupportedQuery",
        `The query option '${name}' is not supported on this request.`,
      );
    }
  }
  return null;
}

function contextUrl(ctx: GraphContext, select: readonly string[] | null): string {
  return `${ctx.url}/v1.0/$metadata#users${select === null ? "" : `(${select.join(",")})`}`;
}

/** Routes `/v1.0/...`; null when the path is not Graph's. */
export function handleGraph(ctx: GraphContext, request: GraphRequest): Reply | null {
  const match = /^\/v1\.0\/users(?:\/([^/]+))?\/?$/.exec(request.path);
  if (match === null) {
    if (!request.path.startsWith("/v1.0/")) return null;
    const segment = request.path.split("/")[2] ?? "";
    return badRequest(request, "BadRequest", `Resource not found for the segment '${segment}'.`);
  }
  const denied = authorize(ctx, request);
  if (denied !== null) return denied;
  const segment = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  if (segment === undefined) return listUsers(ctx, request);
  if (segment === "delta" || segment === "delta()") return delta(ctx, request);
  return getUser(ctx, request, segment);
}

function getUser(ctx: GraphContext, request: GraphRequest, key: string): Reply {
  const refused = unsupportedOption(request, ["$select"]);
  if (refused !== null) return refused;
  const select = parseSelect(request);
  if (!Array.isArray(select)) return select;
  const id = ctx.faults.zeroUsers ? undefined : ctx.directory.resolveId(key);
  const user = id === undefined ? null : ctx.directory.project(id, select);
  if (user === null) {
    return graphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      request.ids,
    );
  }
  return ok(request, {
    "@odata.context": `${contextUrl(ctx, request.query.has("$select") ? select : null)}/$entity`,
    ...user,
  });
}

function listUsers(ctx: GraphContext, request: GraphRequest): Reply {
  const refused = unsupportedOption(request, ["$select", "$top", "$skiptoken"]);
  if (refused !== null) return refused;
  const skipToken = request.query.get("$skiptoken");
  let round: Round | undefined;
  let offset = 0;
  let top: number;
  if (skipToken !== null) {
    const state = ctx.codec.decode<ListTokenState>(skipToken);
    round = state?.k === "l" ? ctx.rounds.get(state.round) : undefined;
    if (state === null || round === undefined) {
      return badRequest(
        request,
        "Directory_ExpiredPageToken",
        "The specified page token value has expired and can no longer be included in your request.",
      );
    }
    offset = state.offset;
    top = state.top;
  } else {
    const rawTop = request.query.get("$top");
    top = rawTop === null ? 100 : Number(rawTop);
    if (!Number.isInteger(top) || top < 1 || top > 999) {
      return badRequest(
        request,
        "Request_BadRequest",
        `Invalid page size specified: '${rawTop}'. Must be between 1 and 999 inclusive.`,
      );
    }
    const select = parseSelect(request);
    if (!Array.isArray(select)) return select;
    const ids = ctx.faults.zeroUsers ? [] : ctx.directory.activeIds();
    round = ctx.rounds.open({
      since: null,
      upTo: ctx.directory.sequence,
      select,
      ids,
      truncateAfterPages: null,
    });
  }
  const value: Record<string, unknown>[] = [];
  const end = Math.min(offset + top, round.ids.length);
  for (let i = offset; i < end; i++) {
    const user = ctx.directory.project(round.ids[i] as string, round.select);
    if (user !== null) value.push(user);
  }
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, round.select) };
  if (end < round.ids.length) {
    const token = ctx.codec.encode({ k: "l", round: round.id, offset: end, top } satisfies ListTokenState);
    body["@odata.nextLink"] = `${ctx.url}/v1.0/users?$top=${top}&$skiptoken=${token}`;
  }
  body.value = value;
  return ok(request, body);
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

function delta(ctx: GraphContext, request: GraphRequest): Reply {
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
