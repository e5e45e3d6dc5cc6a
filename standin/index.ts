import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { AccessTokenSigner } from "./accessToken";
import { AppRegistration } from "./appRegistration";
import { handleControl } from "./control";
import { Directory } from "./directory";
import { defaultErrorReply, newRequestId, type RequestIds } from "./errorShapes";
import { type FaultAction, type FaultEndpoint, Faults } from "./faults";
import { handleGraph } from "./graph";
import { classify, errorFamily, headerValue, readBody } from "./http";
import type { GraphUser } from "./graphUser";
import { instanceDiscovery, issueToken, openIdConfiguration, signingKeys } from "./identity";
import { handleKeyVault, KeyVaultSecrets } from "./keyVault";
import { OpaqueTokenCodec } from "./opaqueToken";
import { jsonReply, type Reply } from "./reply";
import { RequestLog } from "./requestLog";
import { RoundStore } from "./rounds";

export type { GraphUser } from "./graphUser";
export type { DeltaTokenExpiryShape, FaultAction, FaultEndpoint, FaultRule } from "./faults";
export type { LoggedEndpoint, LoggedRequest, RequestCounts } from "./requestLog";
export type { SecretAttributes } from "./keyVault";
export { Directory } from "./directory";
export { Faults } from "./faults";
export { RequestLog } from "./requestLog";
export { KeyVaultSecrets } from "./keyVault";

export interface StandInOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /**
   * Further app registrations of the tenant, e.g. the identity that reads the replicator's secret from
   * Key Vault: they get tokens with their own secret and hold no Graph roles. @default []
   */
  otherApps?: { clientId: string; clientSecret: string }[];
  /** App roles put in Graph tokens' `roles` claim. @default ["User.Read.All"] */
  roles?: string[];
  /** The initial directory: full Graph user JSON objects, each with its `id`. @default [] */
  users?: GraphUser[];
  /** Users per `/users/delta` page; Graph sizes delta pages itself and ignores `$top` there. @default 100 */
  pageSize?: number;
  /** Lifetime of issued access tokens. @default 3600 */
  tokenLifetimeSeconds?: number;
  /**
   * The stand-in's clock in ms since the epoch, for delta-token age (user delta links live 7 days): a test
   * passes a clock it can move forward. @default Date.now
   */
  now?: () => number;
  /** Port on 127.0.0.1. @default 0 (ephemeral) */
  port?: number;
}

export interface StandIn {
  /** `https://127.0.0.1:<port>`: serves the identity platform, Graph (under /v1.0) and Key Vault (/secrets). */
  url: string;
  /** Same as `url`: pass as `authorityHost` with `disableInstanceDiscovery: true`. */
  authorityHost: string;
  /** Same as `url`: the Graph client's `baseUrl`; its host must be in `customHosts`. */
  graphEndpoint: string;
  tenantId: string;
  clientId: string;
  directory: Directory;
  faults: Faults;
  requests: RequestLog;
  keyVault: KeyVaultSecrets;
  /** Rotates the app's secret: the old one is refused (AADSTS7000215) from now on. */
  setClientSecret(secret: string): void;
  /** The current secret expires: token requests with it fail with AADSTS7000222. */
  expireClientSecret(): void;
  /** Replaces the app roles granted by admin consent (the `roles` claim of tokens issued from now on). */
  setRoles(roles: string[]): void;
  close(): Promise<void>;
}

const TLS_DIR = join(__dirname, "tls");

function validateOptions(options: StandInOptions): void {
  for (const field of ["tenantId", "clientId", "clientSecret"] as const) {
    if (typeof options[field] !== "string" || options[field] === "") {
      throw new Error(`startStandIn: options.${field} must be a non-empty string`);
    }
  }
  if (options.pageSize !== undefined && (!Number.isInteger(options.pageSize) || options.pageSize < 1)) {
    throw new Error(`startStandIn: options.pageSize must be a positive integer (got ${options.pageSize})`);
  }
  if (
    options.tokenLifetimeSeconds !== undefined &&
    (!Number.isInteger(options.tokenLifetimeSeconds) || options.tokenLifetimeSeconds < 1)
  ) {
    throw new Error(
      `startStandIn: options.tokenLifetimeSeconds must be a positive integer number of seconds`,
    );
  }
}

/** Starts the loopback HTTPS stand-in for the identity platform, Microsoft Graph and Key Vault. */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  validateOptions(options);
  const app = new AppRegistration(
    options.tenantId,
    options.clientId,
    options.clientSecret,
    options.roles ?? ["User.Read.All"],
  );
  const otherApps = new Map(
    (options.otherApps ?? []).map((other) => [
      other.clientId,
      new AppRegistration(options.tenantId, other.clientId, other.clientSecret, []),
    ]),
  );
  const signer = new AccessTokenSigner(randomBytes(32));
  const codec = new OpaqueTokenCodec(randomBytes(32));
  const directory = new Directory(options.users ?? []);
  const faults = new Faults();
  const requests = new RequestLog();
  const keyVault = new KeyVaultSecrets();
  const rounds = new RoundStore();
  const pageSize = options.pageSize ?? 100;
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  let url = "";

  const route = (
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: string,
    ids: RequestIds,
  ) => {
    const method = req.method ?? "GET";
    const identity = { url, app, otherApps, signer, tokenLifetimeSeconds };
    const openId = /^\/([^/]+)(\/v2\.0)?\/\.well-known\/openid-configuration$/.exec(path);
    if (openId !== null && method === "GET") {
      return openIdConfiguration(identity, openId[1] as string, openId[2] !== undefined, ids);
    }
    if (/^\/[^/]+\/discovery\/instance$/.test(path)) return instanceDiscovery(identity, query);
    if (/^\/[^/]+\/discovery\/(v2\.0\/)?keys$/.test(path)) return signingKeys();
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (token !== null && method === "POST") {
      const form = new URLSearchParams(body);
      return issueToken(identity, token[1] as string, form, req.headers.authorization, ids);
    }
    const graphRequest = { path, query, headers: req.headers, ids };
    const graph = handleGraph(
      {
        url,
        app,
        signer,
        directory,
        faults,
        rounds,
        codec,
        pageSize,
        now: options.now ?? Date.now,
      },
      graphRequest,
    );
    if (graph !== null) return graph;
    const vault = handleKeyVault(
      { url, tenantId: app.tenantId, signer, secrets: keyVault },
      method,
      path,
      query,
      req.headers.authorization,
      ids,
    );
    return (
      vault ??
      jsonReply(404, { error: { code: "NotFound", message: `No stand-in route for ${method} ${path}.` } })
    );
  };

  const respond = (res: ServerResponse, reply: Reply) => {
    res.writeHead(reply.status, { ...reply.headers, "Content-Length": Buffer.byteLength(reply.body) });
    res.end(reply.body);
  };

  const faultReply = (action: FaultAction & { kind: "status" }, endpoint: FaultEndpoint, ids: RequestIds) => {
    if (action.body === undefined) {
      return defaultErrorReply(errorFamily(endpoint), action.status, ids, action.headers ?? {}, url);
    }
    return jsonReply(action.status, action.body, action.headers ?? {});
  };

  const standIn: StandIn = {
    url: "",
    authorityHost: "",
    graphEndpoint: "",
    tenantId: options.tenantId,
    clientId: options.clientId,
    directory,
    faults,
    requests,
    keyVault,
    setClientSecret: (secret) => app.setClientSecret(secret),
    expireClientSecret: () => app.expireClientSecret(),
    setRoles: (roles) => app.setRoles(roles),
    close: () => closeServer(server),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? "/", "https://127.0.0.1");
    const path = parsed.pathname;
    const method = req.method ?? "GET";
    const endpoint = classify(method, path);
    const body = await readBody(req);
    if (endpoint === "control") {
      respond(res, handleControl(standIn, method, path, body));
      return;
    }
    const ids: RequestIds = {
      requestId: newRequestId(),
      clientRequestId: headerValue(req, "client-request-id") ?? newRequestId(),
    };
    const logged = requests.record({
      method,
      path,
      query: Object.fromEntries(parsed.searchParams),
      endpoint,
      hasAuthorization: req.headers.authorization !== undefined,
      throttlePriority: headerValue(req, "x-ms-throttle-priority"),
      clientRequestId: headerValue(req, "client-request-id"),
      prefer: headerValue(req, "prefer"),
      userAgent: headerValue(req, "user-agent"),
    });
    const fault = endpoint === "other" ? null : faults.takeTransportFault(endpoint);
    if (fault?.kind === "delay") {
      logged.fault = `delay:${fault.ms}`;
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
    }
    if (fault?.kind === "drop") {
      logged.fault = "drop";
      logged.status = "dropped";
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault?.kind === "status" && endpoint !== "other") {
      logged.fault = `status:${fault.status}`;
      reply = faultReply(fault, endpoint, ids);
    } else {
      reply = route(req, path, parsed.searchParams, body, ids);
    }
    logged.status = reply.status;
    if (fault?.kind === "dropMidBody") {
      logged.fault = "dropMidBody";
      logged.status = "dropped";
      const cut = Math.min(
        fault.bytes ?? Math.floor(reply.body.length / 2),
        Math.max(reply.body.length - 1, 0),
      );
      res.writeHead(reply.status, { ...reply.headers, "Content-Length": Buffer.byteLength(reply.body) });
      res.write(reply.body.slice(0, cut), () => {
        setImmediate(() => req.socket.destroy());
      });
      return;
    }
    respond(res, reply);
  };

  const server = createServer(
    {
      cert: readFileSync(join(TLS_DIR, "server.pem")),
      key: readFileSync(join(TLS_DIR, "server-key.pem")),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          respond(res, jsonReply(500, { error: { code: "StandInFailure", message: String(error) } }));
        } else {
          res.destroy();
        }
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = url;
  standIn.authorityHost = url;
  standIn.graphEndpoint = url;
  return standIn;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
