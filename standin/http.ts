import type { IncomingMessage } from "node:http";
import type { ErrorFamily } from "./errorShapes";
import type { FaultEndpoint } from "./faults";
import type { LoggedEndpoint } from "./requestLog";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Which service a path belongs to: decides the fault rules that apply and the error shape to answer in. */
export function classify(method: string, path: string): LoggedEndpoint {
  if (path.startsWith("/_control/")) return "control";
  if (path === "/secrets" || path.startsWith("/secrets/")) return "keyvault";
  if (path === "/v1.0/users" || path === "/v1.0/users/") return "users";
  if (/^\/v1\.0\/users\/delta(\(\))?\/?$/.test(path)) return "delta";
  if (path.startsWith("/v1.0/users/")) return "user";
  if (method === "POST" && /^\/[^/]+\/oauth2\/(v2\.0\/)?token$/.test(path)) return "token";
  if (/\/(\.well-known\/openid-configuration|discovery\/instance|discovery\/(v2\.0\/)?keys)$/.test(path)) {
    return "metadata";
  }
  return "other";
}

export function errorFamily(endpoint: FaultEndpoint): ErrorFamily {
  if (endpoint === "token" || endpoint === "metadata") return "aad";
  return endpoint === "keyvault" ? "keyvault" : "graph";
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
