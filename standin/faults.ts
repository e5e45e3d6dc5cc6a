/** Which part of the stand-in a fault applies to. */
export type FaultEndpoint = "metadata" | "token" | "users" | "user" | "delta" | "keyvault";

export const FAULT_ENDPOINTS: readonly FaultEndpoint[] = [
  "metadata",
  "token",
  "users",
  "user",
  "delta",
  "keyvault",
];

export type FaultAction =
  /** Answer with this status; `body` defaults to the endpoint's own error shape for the status. */
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  /** Destroy the socket before any response byte is written (a connection reset). */
  | { kind: "drop" }
  /** Send the status line, headers and the first `bytes` of the real body, then destroy the socket. */
  | { kind: "dropMidBody"; bytes?: number }
  /** Wait, then answer normally. */
  | { kind: "delay"; ms: number };

export interface FaultRule {
  endpoint: FaultEndpoint | readonly FaultEndpoint[];
  action: FaultAction;
  /** How many matching requests get the fault (Infinity: until removed or cleared). @default 1 */
  times?: number;
  /** Let this many matching requests through untouched first (2 → the 3rd request is the first hit). @default 0 */
  skipFirst?: number;
}

/** The shapes in which Graph says a delta token can no longer be used. */
export type DeltaTokenExpiryShape =
  | "syncStateNotFound"
  | "SyncStateNotFound"
  | "resyncRequired"
  | "resyncRequiredGone"
  | "gone"
  | "goneWithoutLocation";

/**
 * `syncStateNotFound` (400) and `resyncRequiredGone` (410 `resyncRequired` + `Location`) are the documented
 * ones (GRAPH-CONTRACT.md, "rounds, pages and tokens"); the others are shapes seen in the wild.
 */
export const DELTA_TOKEN_EXPIRY_SHAPES: readonly DeltaTokenExpiryShape[] = [
  "syncStateNotFound",
  "SyncStateNotFound",
  "resyncRequired",
  "resyncRequiredGone",
  "gone",
  "goneWithoutLocation",
];

interface ArmedRule {
  id: number;
  endpoints: ReadonlySet<FaultEndpoint>;
  action: FaultAction;
  remaining: number;
  toSkip: number;
}

interface Countdown {
  remaining: number;
  toSkip: number;
}

function countdown(times: number | undefined, skipFirst: number | undefined, what: string): Countdown {
  const remaining = times ?? 1;
  const toSkip = skipFirst ?? 0;
  if ((!Number.isInteger(remaining) && remaining !== Infinity) || remaining < 1) {
    throw new Error(
      `${what}: times must be a positive integer or Infinity (got ${String(times)}); omit it for once`,
    );
  }
  if (!Number.isInteger(toSkip) || toSkip < 0) {
    throw new Error(`${what}: skipFirst must be a non-negative integer (got ${String(skipFirst)})`);
  }
  return { remaining, toSkip };
}

/** Consumes one matching request: true when the fault fires for it. */
function fires(c: Countdown): boolean {
  if (c.remaining <= 0) return false;
  if (c.toSkip > 0) {
    c.toSkip--;
    return false;
  }
  c.remaining--;
  return true;
}

/**
 * Faults to inject, armed by tests or through `/_control/faults/*`. Transport faults (status, drop, delay)
 * match on the endpoint; the Graph-specific ones (delta token expiry, truncated or empty rounds) are read by
 * the delta handler.
 */
export class Faults {
  private rules: ArmedRule[] = [];
  private nextId = 1;
  private deltaTokenExpiry: (Countdown & { shape: DeltaTokenExpiryShape }) | null = null;
  private emptyPages: Countdown | null = null;
  private truncation: { afterPages: number } | null = null;
  /** Delta tokens issued before this epoch are answered with `invalidTokenShape`. */
  tokenEpoch = 0;
  invalidTokenShape: DeltaTokenExpiryShape = "syncStateNotFound";
  /** When on, the directory reads as empty: full rounds and `/users` return zero users. */
  zeroUsers = false;

  /** Arms a transport fault; returns its id. */
  add(rule: FaultRule): number {
    const endpoints = new Set(typeof rule.endpoint === "string" ? [rule.endpoint] : rule.endpoint);
    for (const endpoint of endpoints) {
      if (!FAULT_ENDPOINTS.includes(endpoint)) {
        throw new Error(
          `faults.add: endpoint "${endpoint}" is unknown; use one of ${FAULT_ENDPOINTS.join(", ")}`,
        );
      }
    }
    validateAction(rule.action);
    const id = this.nextId++;
    this.rules.push({
      id,
      endpoints,
      action: rule.action,
      ...countdown(rule.times, rule.skipFirst, "faults.add"),
    });
    return id;
  }

  /** 429 with `Retry-After` in delta-seconds (the usual form) or as an HTTP-date. */
  throttle(
    endpoint: FaultEndpoint | readonly FaultEndpoint[],
    options: {
      retryAfterSeconds?: number;
      form?: "seconds" | "http-date";
      times?: number;
      skipFirst?: number;
    } = {},
  ): number {
    const seconds = options.retryAfterSeconds ?? 1;
    const retryAfter =
      options.form === "http-date" ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
    return this.add({
      endpoint,
      action: { kind: "status", status: 429, headers: { "Retry-After": retryAfter } },
      times: options.times,
      skipFirst: options.skipFirst,
    });
  }

  /** The next delta request(s) carrying a `$deltatoken` are refused in `shape`. */
  expireDeltaToken(shape: DeltaTokenExpiryShape, options: { times?: number; skipFirst?: number } = {}): void {
    assertShape(shape);
    this.deltaTokenExpiry = {
      shape,
      ...countdown(options.times, options.skipFirst, "faults.expireDeltaToken"),
    };
  }

  /** Every delta and skip token issued so far becomes invalid, for good (answered in `shape`). */
  invalidateAllDeltaTokens(shape: DeltaTokenExpiryShape = "syncStateNotFound"): void {
    assertShape(shape);
    this.tokenEpoch++;
    this.invalidTokenShape = shape;
  }

  /** The next delta page(s) come back empty (`value: []`) but still carry the `@odata.nextLink`. */
  insertEmptyPages(options: { times?: number; skipFirst?: number } = {}): void {
    this.emptyPages = countdown(options.times, options.skipFirst, "faults.insertEmptyPages");
  }

  /** The next full round ends after `afterPages` pages with a deltaLink, leaving users out. */
  truncateNextFullRound(afterPages: number): void {
    if (!Number.isInteger(afterPages) || afterPages < 1) {
      throw new Error(
        `faults.truncateNextFullRound: afterPages must be a positive integer (got ${afterPages})`,
      );
    }
    this.truncation = { afterPages };
  }

  setZeroUsers(enabled: boolean): void {
    this.zeroUsers = enabled;
  }

  /** Disarms everything and clears the switches. */
  clear(): void {
    this.rules = [];
    this.deltaTokenExpiry = null;
    this.emptyPages = null;
    this.truncation = null;
    this.zeroUsers = false;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((rule) => rule.id !== id);
  }

  /** Number of armed transport faults that have not fired all their times yet. */
  get pending(): number {
    return this.rules.filter((rule) => rule.remaining > 0).length;
  }

  /** The transport fault for this request, if one fires (consumes it). */
  takeTransportFault(endpoint: FaultEndpoint): FaultAction | null {
    for (const rule of this.rules) {
      if (rule.endpoints.has(endpoint) && rule.remaining > 0 && fires(rule)) {
        if (rule.remaining === 0) this.remove(rule.id);
        return rule.action;
      }
    }
    return null;
  }

  takeDeltaTokenExpiry(): DeltaTokenExpiryShape | null {
    if (this.deltaTokenExpiry === null || !fires(this.deltaTokenExpiry)) return null;
    const { shape } = this.deltaTokenExpiry;
    if (this.deltaTokenExpiry.remaining === 0) this.deltaTokenExpiry = null;
    return shape;
  }

  takeEmptyPage(): boolean {
    if (this.emptyPages === null || !fires(this.emptyPages)) return false;
    if (this.emptyPages.remaining === 0) this.emptyPages = null;
    return true;
  }

  /** Claimed by the full round that starts next. */
  takeTruncation(): number | null {
    const truncation = this.truncation;
    this.truncation = null;
    return truncation?.afterPages ?? null;
  }
}

function assertShape(shape: DeltaTokenExpiryShape): void {
  if (!DELTA_TOKEN_EXPIRY_SHAPES.includes(shape)) {
    throw new Error(
      `delta token expiry shape "${shape}" is unknown; use one of ${DELTA_TOKEN_EXPIRY_SHAPES.join(", ")}`,
    );
  }
}

function validateAction(action: FaultAction): void {
  switch (action.kind) {
    case "status":
      if (!Number.isInteger(action.status) || action.status < 100 || action.status > 599) {
        throw new Error(`fault action.status must be an HTTP status code 100–599 (got ${action.status})`);
      }
      return;
    case "delay":
      if (!(action.ms >= 0))
        throw new Error(`fault action.ms must be a non-negative number (got ${action.ms})`);
      return;
    case "drop":
    case "dropMidBody":
      return;
    default:
      throw new Error(
        `fault action.kind "${(action as { kind: string }).kind}" is unknown; use status, drop, dropMidBody or delay`,
      );
  }
}
