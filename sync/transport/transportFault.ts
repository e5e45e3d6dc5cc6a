/**
 * Classifies failures below HTTP — the connection, DNS, TLS, a body cut off mid-stream — from the
 * errors Node's fetch (undici) throws: `TypeError("fetch failed")` or `TypeError("terminated")` whose
 * `cause` chain carries a system or undici error code.
 */

export interface TransportFault {
  /** The system or undici error code, e.g. "ECONNREFUSED", "UND_ERR_SOCKET", "CERT_HAS_EXPIRED". */
  code: string;
  /** What it means, for a person: "connection refused: nothing is listening at that address". */
  description: string;
  /** Worth retrying: the same request may well succeed a moment later. */
  transient: boolean;
}

const TRANSIENT: Record<string, string> = {
  ECONNRESET: "the connection was reset by the other side",
  ECONNREFUSED: "connection refused: nothing is listening at that address",
  ECONNABORTED: "the connection was aborted",
  EPIPE: "the connection was closed while sending",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ENETDOWN: "the network is down",
  EAI_AGAIN: "the host name could not be resolved right now (temporary DNS failure)",
  UND_ERR_SOCKET: "the connection was closed before the response was complete",
  UND_ERR_CLOSED: "the connection was closed before the response was complete",
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out",
  UND_ERR_HEADERS_TIMEOUT: "the server sent no response headers in time",
  UND_ERR_BODY_TIMEOUT: "the server stopped sending the response body",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the response body was shorter than its Content-Length",
  TRUNCATED_BODY: "the response body was cut off before it was complete",
};

const PERMANENT: Record<string, string> = {
  ENOTFOUND: "the host name does not resolve (DNS): check the spelling of the host",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain ends in an untrusted self-signed CA",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified (untrusted issuer)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's TLS certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for a different host name",
  EPROTO: "the TLS handshake failed (is the address really HTTPS?)",
  ERR_SSL_WRONG_VERSION_NUMBER: "the TLS handshake failed (is the address really HTTPS?)",
};

/** TLS failures: the fix is trusting a CA or correcting the host, never retrying. */
export function isCertificateFault(code: string): boolean {
  return /CERT|SELF_SIGNED|SSL|^EPROTO$/.test(code);
}

/**
 * Thrown by the transport-fault middleware when a request could not be completed. The Graph client
 * turns any thrown error into a `GraphError` keeping only its name (as `code`) and message, so the
 * message has a fixed shape that `parseTransportFaultMessage` reads back.
 */
export class TransportFaultError extends Error {
  override readonly name = "TransportFaultError";
  constructor(
    readonly method: string,
    /** The request URL without its query string (delta and skip tokens are long and say nothing). */
    readonly url: string,
    readonly attempts: number,
    readonly fault: TransportFault,
    options?: { cause?: unknown },
  ) {
    super(
      `${method} ${url} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${fault.code} (${fault.description})`,
      options,
    );
  }
}

export interface ParsedTransportFault {
  method: string;
  url: string;
  attempts: number;
  code: string;
  description: string;
}

export function parseTransportFaultMessage(message: string): ParsedTransportFault | null {
  const match = /^([A-Z]+) (\S+) failed after (\d+) attempts?: ([A-Z0-9_]+) \((.*)\)$/s.exec(message);
  if (match === null) return null;
  const [, method, url, attempts, code, description] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { method, url, attempts: Number(attempts), code, description };
}

/** `https://host/v1.0/users/delta?$deltatoken=…` → `https://host/v1.0/users/delta`. */
export function withoutQuery(url: string): string {
  const queryStart = url.search(/[?#]/);
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/** The transport fault behind `error`, or null when the error is something else (HTTP status, a bug). */
export function describeTransportFault(error: unknown): TransportFault | null {
  for (const link of causeChain(error)) {
    const code = errorCode(link);
    if (code === null) continue;
    if (code in TRANSIENT) return { code, description: TRANSIENT[code] as string, transient: true };
    if (code in PERMANENT) return { code, description: PERMANENT[code] as string, transient: false };
  }
  const messages = causeChain(error).map((link) => (isErrorLike(link) ? link.message : ""));
  // undici reports a body cut off mid-stream as TypeError("terminated"), sometimes without a coded cause.
  if (messages.includes("terminated") || messages.includes("other side closed")) {
    return { code: "UND_ERR_SOCKET", description: TRANSIENT.UND_ERR_SOCKET as string, transient: true };
  }
  if (messages.includes("fetch failed")) {
    return { code: "FETCH_FAILED", description: "the request could not be sent", transient: true };
  }
  return null;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    // AggregateError (several addresses tried) carries the individual failures in `errors`.
    const { errors } = current as { errors?: unknown };
    if (Array.isArray(errors) && errorCode(current) === null) chain.push(...errors.slice(0, 4));
    // A GraphError may hold the original error in `body` (the Graph client's GraphErrorHandler).
    const { body } = current as { body?: unknown };
    current = isErrorLike(current) ? (current.cause ?? (isErrorLike(body) ? body : undefined)) : undefined;
  }
  return chain;
}

function errorCode(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const code = (value as { code?: unknown }).code;
  return typeof code === "string" && code.length > 0 ? code : null;
}

/**
 * Duck-typed on purpose: errors thrown by Node's built-in fetch come from another realm than the
 * caller's under test runners (jest), where `instanceof Error` is false for them.
 */
export function isErrorLike(value: unknown): value is Error {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { message?: unknown }).message === "string" &&
    typeof (value as { name?: unknown }).name === "string"
  );
}
