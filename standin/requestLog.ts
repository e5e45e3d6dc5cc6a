import type { FaultEndpoint } from "./faults";

export type LoggedEndpoint = FaultEndpoint | "control" | "other";

/** One request as the stand-in received it; secrets (bearer tokens, client secrets) are never recorded. */
export interface LoggedRequest {
  /** 1-based arrival order since the log was last cleared. */
  n: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  endpoint: LoggedEndpoint;
  /** Response status, or "dropped" when a fault destroyed the connection. */
  status: number | "dropped" | null;
  /** Which injected fault shaped the answer, if any (e.g. "status:429", "drop", "deltaToken:gone"). */
  fault: string | null;
  hasAuthorization: boolean;
  throttlePriority: string | null;
  clientRequestId: string | null;
  prefer: string | null;
  userAgent: string | null;
}

const MAX_ENTRIES = 20_000;

/**
 * Requests received per route since the last `clear()`: `token` (identity platform), `metadata` (OpenID
 * configuration, instance discovery, keys), `delta` (one per delta page), `user` (single-user reads),
 * `users` (list pages), `keyvault`, `other`. Never truncated, unlike the entry list, so a 100k-user round
 * can be budgeted exactly. Control requests are not counted: they are the test's, not the client's.
 */
export type RequestCounts = Record<Exclude<LoggedEndpoint, "control">, number>;

function zeroCounts(): RequestCounts {
  return { metadata: 0, token: 0, users: 0, user: 0, delta: 0, keyvault: 0, other: 0 };
}

/** Received requests, for assertions; bounded so a 100k-user bench cannot grow it without limit. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private counter = 0;
  private counts = zeroCounts();

  record(entry: Omit<LoggedRequest, "n" | "at" | "status" | "fault">): LoggedRequest {
    const logged: LoggedRequest = {
      n: ++this.counter,
      at: new Date().toISOString(),
      status: null,
      fault: null,
      ...entry,
    };
    this.entries.push(logged);
    if (entry.endpoint !== "control") this.counts[entry.endpoint] += 1;
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return logged;
  }

  /** Copies of the entries, optionally only those of one endpoint. */
  list(endpoint?: LoggedEndpoint): LoggedRequest[] {
    const entries =
      endpoint === undefined ? this.entries : this.entries.filter((e) => e.endpoint === endpoint);
    return entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }

  /** Requests since the last clear, of one endpoint or (without one) all but control requests. */
  count(endpoint?: LoggedEndpoint): number {
    if (endpoint === "control") return this.entries.filter((e) => e.endpoint === "control").length;
    if (endpoint !== undefined) return this.counts[endpoint];
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }

  /** Requests per route since the last clear (see `RequestCounts`). */
  countsByEndpoint(): RequestCounts {
    return { ...this.counts };
  }

  clear(): void {
    this.entries = [];
    this.counter = 0;
    this.counts = zeroCounts();
  }
}
