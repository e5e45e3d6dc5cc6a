import type { AccessTokenSigner } from "./accessToken";
import type { AppRegistration } from "./appRegistration";
import type { Directory } from "./directory";
import { graphError, type RequestIds } from "./errorShapes";
import type { Faults } from "./faults";
import { DEFAULT_USER_PROPERTIES, KNOWN_USER_PROPERTIES } from "./graphUser";
import type { OpaqueTokenCodec } from "./opaqueToken";
import { jsonReply, ODATA_CONTENT_TYPE, type Reply } from "./reply";
import type { RoundStore } from "./rounds";

/** What every Graph route of the stand-in shares: its context, the request, Graph's reply shapes, `$select`. */

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

const USER_TYPE = "Microsoft.DirectoryServices.User";

export function header(request: GraphRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function ok(request: GraphRequest, body: unknown, extra: Record<string, string> = {}): Reply {
  return jsonReply(200, body, {
    "Content-Type": ODATA_CONTENT_TYPE,
    "OData-Version": "4.0",
    "request-id": request.ids.requestId,
    "client-request-id": request.ids.clientRequestId,
    "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Loopback", Slice: "E", Ring: "0" } }),
    ...extra,
  });
}

export function badRequest(request: GraphRequest, code: string, message: string): Reply {
  return graphError(400, code, message, request.ids);
}

/** `$select` as a property list, or a Graph-shaped 400 naming the unknown property. */
export function parseSelect(request: GraphRequest): string[] | Reply {
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
export function unsupportedOption(request: GraphRequest, supported: readonly string[]): Reply | null {
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

export function contextUrl(ctx: GraphContext, select: readonly string[] | null): string {
  return `${ctx.url}/v1.0/$metadata#users${select === null ? "" : `(${select.join(",")})`}`;
}
