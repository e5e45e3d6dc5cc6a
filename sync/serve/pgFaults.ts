import { StoreUnavailableError } from "./serveErrors";

/** A connection fault of PostgreSQL (refused, reset, shut down, pool cannot connect) → StoreUnavailableError (503). */
export function unavailableOr(error: unknown): unknown {
  if (error instanceof AggregateError) return unavailableOr(error.errors[0]);
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const connectionFault =
    typeof code === "string"
      ? /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|EPIPE)$/.test(code) ||
        /^(08|57P)/.test(code)
      : /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
          String(error),
        );
  return connectionFault
    ? new StoreUnavailableError("the PostgreSQL server cannot be reached", error)
    : error;
}
