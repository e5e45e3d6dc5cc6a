import { checkBearer } from "./bearer";
import { delta } from "./delta";
import { graphError } from "./errorShapes";
import {
  badRequest,
  contextUrl,
  type GraphContext,
  type GraphRequest,
  header,
  ok,
  parseSelect,
  unsupportedOption,
} from "./graphRequest";
import { GRAPH_RESOURCE } from "./identity";
import type { Reply } from "./reply";
import type { Round } from "./rounds";

export type { GraphContext, GraphRequest } from "./graphRequest";
export { DELTA_TOKEN_LIFETIME_MS } from "./delta";

/** State inside a `/users` `$skiptoken`. */
interface ListTokenState {
  k: "l";
  round: string;
  offset: number;
  top: number;
}

const READ_ROLES = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

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
