import type { FaultRule, DeltaTokenExpiryShape, FaultEndpoint } from "./faults";
import type { GraphUser } from "./graphUser";
import { jsonReply, type Reply } from "./reply";
import type { StandIn } from "./index";

type Body = Record<string, unknown>;

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new Error(`field "${field}" must be a non-empty string`);
  }
  return value;
}

function optionalNumber(body: Body, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new Error(`field "${field}" must be a number when given`);
  return value;
}

function requireObject(body: Body, field: string): Body {
  const value = body[field];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`field "${field}" must be a JSON object`);
  }
  return value as Body;
}

/**
 * `/_control/*`: the same levers as the in-process API, as POST JSON, so another process (the demo, the bench,
 * a sync child a test kills) can drive the stand-in. Answers `{ok: true, …}` or 400 `{error}` naming the field.
 */
const routes: Record<string, (standIn: StandIn, body: Body) => unknown> = {
  "GET /_control/users": (s) => ({ users: s.directory.list() }),
  "POST /_control/users/add": (s, body) => {
    const users = Array.isArray(body.users)
      ? (body.users as GraphUser[])
      : [requireObject(body, "user") as GraphUser];
    for (const user of users) s.directory.add(user);
    return { added: users.length };
  },
  "POST /_control/users/update": (s, body) => {
    s.directory.update(requireString(body, "id"), requireObject(body, "patch"));
    return {};
  },
  "POST /_control/users/softDelete": (s, body) => s.directory.softDelete(requireString(body, "id")),
  "POST /_control/users/restore": (s, body) => s.directory.restore(requireString(body, "id")),
  "POST /_control/users/hardDelete": (s, body) => s.directory.hardDelete(requireString(body, "id")),
  "POST /_control/faults": (s, body) => ({ id: s.faults.add(body as unknown as FaultRule) }),
  "POST /_control/faults/clear": (s) => s.faults.clear(),
  "POST /_control/faults/throttle": (s, body) => ({
    id: s.faults.throttle(requireString(body, "endpoint") as FaultEndpoint, {
      retryAfterSeconds: optionalNumber(body, "retryAfterSeconds"),
      form: body.form === "http-date" ? "http-date" : "seconds",
      times: optionalNumber(body, "times"),
      skipFirst: optionalNumber(body, "skipFirst"),
    }),
  }),
  "POST /_control/faults/expireDeltaToken": (s, body) =>
    s.faults.expireDeltaToken(requireString(body, "shape") as DeltaTokenExpiryShape, {
      times: optionalNumber(body, "times"),
      skipFirst: optionalNumber(body, "skipFirst"),
    }),
  "POST /_control/faults/invalidateAllDeltaTokens": (s, body) =>
    s.faults.invalidateAllDeltaTokens(
      (body.shape as DeltaTokenExpiryShape | undefined) ?? "syncStateNotFound",
    ),
  "POST /_control/faults/insertEmptyPages": (s, body) =>
    s.faults.insertEmptyPages({
      times: optionalNumber(body, "times"),
      skipFirst: optionalNumber(body, "skipFirst"),
    }),
  "POST /_control/faults/truncateNextFullRound": (s, body) => {
    const afterPages = optionalNumber(body, "afterPages");
    if (afterPages === undefined) throw new Error(`field "afterPages" is required (a positive integer)`);
    s.faults.truncateNextFullRound(afterPages);
  },
  "POST /_control/faults/zeroUsers": (s, body) => {
    if (typeof body.enabled !== "boolean") throw new Error(`field "enabled" must be true or false`);
    s.faults.setZeroUsers(body.enabled);
  },
  "GET /_control/requests": (s) => ({ requests: s.requests.list() }),
  "GET /_control/requests/counts": (s) => ({ counts: s.requests.countsByEndpoint() }),
  "POST /_control/requests/takeCounts": (s) => {
    const counts = s.requests.countsByEndpoint();
    s.requests.clear();
    return { counts };
  },
  "POST /_control/requests/clear": (s) => s.requests.clear(),
  "POST /_control/app/clientSecret": (s, body) => s.setClientSecret(requireString(body, "secret")),
  "POST /_control/app/expireClientSecret": (s) => s.expireClientSecret(),
  "POST /_control/app/roles": (s, body) => {
    if (!Array.isArray(body.roles) || !body.roles.every((r) => typeof r === "string")) {
      throw new Error(`field "roles" must be an array of strings, e.g. ["User.Read.All"]`);
    }
    s.setRoles(body.roles as string[]);
  },
  "POST /_control/keyVault/secret": (s, body) => {
    const expires = body.expires === undefined ? undefined : new Date(requireString(body, "expires"));
    if (expires !== undefined && Number.isNaN(expires.getTime())) {
      throw new Error(`field "expires" must be an ISO 8601 date, e.g. 2030-01-01T00:00:00Z`);
    }
    return {
      version: s.keyVault.setSecret(requireString(body, "name"), requireString(body, "value"), { expires }),
    };
  },
};

export function handleControl(standIn: StandIn, method: string, path: string, rawBody: string): Reply {
  const route = routes[`${method} ${path}`];
  if (route === undefined) {
    return jsonReply(404, { error: `no control endpoint ${method} ${path}; see standin/control.ts` });
  }
  try {
    const body = rawBody.trim() === "" ? {} : (JSON.parse(rawBody) as unknown);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new Error("the request body must be a JSON object");
    }
    const result = route(standIn, body as Body);
    return jsonReply(200, { ok: true, ...(typeof result === "object" && result !== null ? result : {}) });
  } catch (error) {
    return jsonReply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
