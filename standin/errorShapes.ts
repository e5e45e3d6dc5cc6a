import { randomUUID } from "node:crypto";
import { jsonReply, type Reply } from "./reply";

/** Identifiers of one request, echoed in error bodies the way each service does. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** `2024-05-01 10:00:00Z`, the identity platform's timestamp format. */
function aadTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * An identity platform (AAD STS) error: `{error, error_description, error_codes, timestamp, trace_id,
 * correlation_id, error_uri}`; the description starts with `AADSTSnnnn:` and ends with the trace details.
 */
export function aadError(
  status: number,
  error: string,
  code: number,
  message: string,
  ids: RequestIds,
  authority: string,
): Reply {
  const now = new Date();
  const timestamp = aadTimestamp(now);
  return jsonReply(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${ids.requestId} Correlation ID: ${ids.clientRequestId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: ids.requestId,
      correlation_id: ids.clientRequestId,
      error_uri: `${authority}/error?code=${code}`,
    },
    { "x-ms-request-id": ids.requestId, "Cache-Control": "no-store, no-cache", Pragma: "no-cache" },
  );
}

/** A Microsoft Graph error: `{error: {code, message, innerError: {date, request-id, client-request-id}}}`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  ids: RequestIds,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ""),
          "request-id": ids.requestId,
          "client-request-id": ids.clientRequestId,
        },
      },
    },
    { "request-id": ids.requestId, "client-request-id": ids.clientRequestId, ...headers },
  );
}

/** A Key Vault error: `{error: {code, message}}` (no innerError, unlike Graph). */
export function keyVaultError(status: number, code: string, message: string, ids: RequestIds): Reply {
  return jsonReply(status, { error: { code, message } }, { "x-ms-request-id": ids.requestId });
}

/** The error code and message each service uses for a status a fault injects without a body. */
const GRAPH_STATUS_ERRORS: Record<number, [string, string]> = {
  400: ["BadRequest", "Bad request."],
  401: ["InvalidAuthenticationToken", "Access token validation failure."],
  403: ["Authorization_RequestDenied", "Insufficient privileges to complete the operation."],
  404: ["Request_ResourceNotFound", "Resource not found."],
  429: ["TooManyRequests", "Too many requests. Retry after the time given in the Retry-After header."],
  500: ["InternalServerError", "An internal server error occurred."],
  502: ["BadGateway", "Bad gateway."],
  503: [
    "ServiceUnavailable",
    "The service is temporarily unavailable. Retry after the time given in Retry-After.",
  ],
  504: ["GatewayTimeout", "The gateway timed out."],
};

const AAD_STATUS_ERRORS: Record<number, [string, number, string]> = {
  429: [
    "temporarily_unavailable",
    90055,
    "The request is throttled temporarily. Please try after some time.",
  ],
  500: ["server_error", 90033, "A transient error has occurred. Please try again."],
  503: ["temporarily_unavailable", 90033, "A transient error has occurred. Please try again."],
  504: ["temporarily_unavailable", 90033, "A transient error has occurred. Please try again."],
};

export type ErrorFamily = "aad" | "graph" | "keyvault";

/** The body a given service would send with `status` when a fault does not specify one. */
export function defaultErrorReply(
  family: ErrorFamily,
  status: number,
  ids: RequestIds,
  headers: Record<string, string>,
  authority: string,
): Reply {
  let reply: Reply;
  if (family === "aad") {
    const [error, code, message] = AAD_STATUS_ERRORS[status] ?? ["server_error", 90033, `HTTP ${status}.`];
    reply = aadError(status, error, code, message, ids, authority);
  } else {
    const [code, message] = GRAPH_STATUS_ERRORS[status] ?? ["UnknownError", `HTTP ${status}.`];
    reply =
      family === "graph" ? graphError(status, code, message, ids) : keyVaultError(status, code, message, ids);
  }
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

export function newRequestId(): string {
  return randomUUID();
}
