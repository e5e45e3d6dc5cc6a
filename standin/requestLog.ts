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

/** Received requests, for assertions; bounded so a 100k-user bench cannot grow it without limit. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private counter = 0;

  record(entry: Omit<LoggedRequest, "n" | "at" | "status" | "fault">): LoggedRequest {
    const logged: LoggedRequest = {
      n: ++this.counter,
      at: new Date().toISOString(),
      status: null,
      fault: null,
      ...entry,
    };
    this.entries.push(logged);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return logged;
  }

  /** Copies of the entries, optionally only those of one endpoint. */
  list(endpoint?: LoggedEndpoint): LoggedRequest[] {
    const entries =
      endpoint === undefined ? this.entries : this.entries.filter((e) => e.endpoint === endpoint);
    return entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }

  count(endpoint?: LoggedEndpoint): number {
    return endpoint === undefined
      ? this.entries.length
      : this.entries.filter((e) => e.endpoint === endpoint).length;
  }

  clear(): void {
    this.entries = [];
    this.counter = 0;
  }
}
