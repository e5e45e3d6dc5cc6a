/**
 * The Graph client's middleware chain, configured in this one place: every transport concern of the
 * sync (auth, retries, throttling hints, redirects, telemetry) is a link here, not a loop around calls.
 */
import {
  AuthenticationHandler,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import { RetryDelayHandler, type RetryInfo } from "./retryDelayHandler";
import { resolveRetryPolicy, type RetryPolicy } from "./retryPolicy";
import { ThrottlePriorityHandler } from "./throttlePriorityHandler";
import { TransportFaultHandler } from "./transportFaultHandler";

export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retryPolicy";
export type { RetryInfo } from "./retryDelayHandler";

/**
 * The Graph client's own chain (auth → retry honouring Retry-After, with jitter → transport-fault retry
 * for connection resets and truncated bodies → throttle-priority header → redirect → telemetry → HTTP),
 * configured in this one place.
 */
export function createMiddlewareChain(options: {
  authProvider: AuthenticationProvider;
  retry?: Partial<RetryPolicy>;
  throttlePriority?: "low";
  onRetry?: (info: { attempt: number; status: number | null; delayMs: number; url: string }) => void;
}): Middleware {
  const policy = resolveRetryPolicy(options.retry);
  const onRetry: ((info: RetryInfo) => void) | undefined = options.onRetry;
  const links: Middleware[] = [
    new AuthenticationHandler(options.authProvider),
    // Graph's RetryHandler does the retrying of 429/503/504; RetryDelayHandler below it sets each wait.
    new RetryHandler(new RetryHandlerOptions(policy.delaySeconds, policy.maxRetries)),
    new RetryDelayHandler(policy, onRetry),
    new TransportFaultHandler(policy, onRetry),
    ...(options.throttlePriority === undefined
      ? []
      : [new ThrottlePriorityHandler(options.throttlePriority)]),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
  links.reduce((previous, next) => {
    previous.setNext?.(next);
    return next;
  });
  return links[0] as Middleware;
}
