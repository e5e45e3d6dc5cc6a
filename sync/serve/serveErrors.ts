import { ExitCode, ReplicatorError } from "../errors";

/** The store cannot be read right now (file gone, database down): the API answers 503 until it returns. */
export class StoreUnavailableError extends ReplicatorError {
  constructor(what: string, cause?: unknown) {
    super({
      code: "store-unavailable",
      message: `The contact store is unavailable: ${what}.`,
      fix: "Check that the store file exists and is readable (or that the database is up); the service recovers by itself when it is back.",
      exitCode: ExitCode.Store,
      cause,
    });
  }
}

export function listenAddressInvalid(value: string): ReplicatorError {
  return new ReplicatorError({
    code: "listen-address-invalid",
    field: "listen",
    message: `'${value}' is not an address to listen on.`,
    fix: "Give HOST:PORT, e.g. --listen 127.0.0.1:8080 (port 0 picks a free port; [::1]:8080 for IPv6).",
    exitCode: ExitCode.Usage,
  });
}

/** A worker of `serve --workers N` ended before it listened (its own error is above it on stderr). */
export function serveWorkerFailed(
  pid: number | undefined,
  code: number | null,
  signal: string | null,
): ReplicatorError {
  return new ReplicatorError({
    code: "serve-worker-failed",
    message: `A serve worker (pid ${pid ?? "?"}) exited ${signal === null ? `with code ${code}` : `on ${signal}`} before it listened; the other workers were stopped.`,
    fix: "Read the worker's own error above this line (e.g. the store or the address); it is the same with --workers 1.",
    exitCode: ExitCode.Failure,
  });
}

export function apiKeyNotFound(keyId: string): ReplicatorError {
  return new ReplicatorError({
    code: "api-key-not-found",
    field: "keyId",
    message: `There is no API key with id '${keyId}'.`,
    fix: "Run `entra-replicator apikey list` for the key ids (the part after 'erk_' and before the next '_').",
    exitCode: ExitCode.NotFound,
  });
}
