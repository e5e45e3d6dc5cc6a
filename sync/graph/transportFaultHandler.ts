/**
 * Retries what never became an HTTP answer — a refused or reset connection, a body cut off mid-stream —
 * with the same backoff as the status retry. The Graph client's RetryHandler only looks at statuses,
 * and a truncated body would otherwise surface later, outside the chain, as a JSON parse error. So the
 * body is read here, inside the middleware, where a cut-off read can still be retried.
 */
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import type { RetryInfo } from "./retryDelayHandler";
import { requestMethod, requestUrl } from "./requestContext";
import { retryDelayMs, type RetryPolicy } from "./retryPolicy";
import { describeTransportFault, TransportFaultError, withoutQuery } from "../transport/transportFault";

/** Methods that may be sent twice without doing something twice (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Statuses whose response must not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export class TransportFaultHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly onRetry?: (info: RetryInfo) => void,
    private readonly random: () => number = Math.random,
  ) {}

  async execute(context: Context): Promise<void> {
    const next = this.next;
    if (next === undefined) throw new Error("TransportFaultHandler needs a next middleware");
    for (let attempt = 1; ; attempt++) {
      try {
        await next.execute(context);
        await bufferBody(context);
        return;
      } catch (error) {
        const fault = describeTransportFault(error);
        if (fault === null) throw error;
        const method = requestMethod(context);
        const url = withoutQuery(requestUrl(context));
        const retryable = fault.transient && IDEMPOTENT.has(method) && attempt <= this.policy.maxRetries;
        if (!retryable) throw new TransportFaultError(method, url, attempt, fault, { cause: error });
        const delayMs = retryDelayMs({
          policy: this.policy,
          attempt,
          retryAfter: null,
          responseDate: null,
          now: Date.now(),
          random: this.random(),
        });
        this.onRetry?.({ attempt, status: null, delayMs, url });
        context.response = undefined;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Reads the whole body now, so a connection dropped mid-body fails here, and replays it to the caller. */
async function bufferBody(context: Context): Promise<void> {
  const response = context.response;
  if (response === undefined || response.body === null) return;
  const body = await response.arrayBuffer();
  context.response = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
