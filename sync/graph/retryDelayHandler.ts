/**
 * Decides how long the Graph client's RetryHandler waits. It sits just below RetryHandler and
 * rewrites the Retry-After of a retryable answer (429/503/504) to the delay our RetryPolicy
 * prescribes, in delta-seconds, which RetryHandler then obeys as is. Why not RetryHandler's own
 * arithmetic: for an HTTP-date it measures against the local clock (a skewed clock skips or stretches
 * the wait), rounds to whole seconds (retrying up to half a second early), retries at once for a date
 * in the past or an unreadable value, and adds up to a second of jitter whatever the base delay — the
 * behaviour kiota's handlers fixed (microsoft/kiota#596, "RetryHandler MUST respect retry-after: <date>").
 */
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { getRequestHeader, requestUrl } from "./requestContext";
import { retryDelayMs, type RetryPolicy } from "./retryPolicy";
import { withoutQuery } from "../transport/transportFault";

/** What RetryHandler retries (RetryHandler.RETRY_STATUS_CODES). */
export const RETRYABLE_STATUSES: readonly number[] = [429, 503, 504];

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** The HTTP status that caused the retry; null for a transport fault. */
  status: number | null;
  delayMs: number;
  /** The request URL without its query string. */
  url: string;
}

export class RetryDelayHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly onRetry?: (info: RetryInfo) => void,
    private readonly random: () => number = Math.random,
  ) {}

  async execute(context: Context): Promise<void> {
    if (this.next === undefined) throw new Error("RetryDelayHandler needs a next middleware");
    await this.next.execute(context);
    const response = context.response;
    if (response === undefined || !RETRYABLE_STATUSES.includes(response.status)) return;

    // RetryHandler numbers its retries in this request header before executing the chain again.
    const previousRetries = Number(getRequestHeader(context, "Retry-Attempt") ?? "0") || 0;
    const attempt = previousRetries + 1;
    const delayMs = retryDelayMs({
      policy: this.policy,
      attempt,
      retryAfter: response.headers.get("Retry-After"),
      responseDate: response.headers.get("Date"),
      now: Date.now(),
      random: this.random(),
    });
    const headers = new Headers(response.headers);
    headers.set("Retry-After", (delayMs / 1000).toFixed(3));
    context.response = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
    if (attempt <= this.policy.maxRetries) {
      this.onRetry?.({ attempt, status: response.status, delayMs, url: withoutQuery(requestUrl(context)) });
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
