/**
 * The one retry policy of the Graph connection and the delay it prescribes — pure timing maths, used
 * by both the status retry (429/503/504) and the transport-fault retry, so they back off alike.
 */
import { ExitCode, ReplicatorError } from "../errors";

export interface RetryPolicy {
  /** Retries after the first attempt, per request. At most 10 (the Graph client's limit). @default 5 */
  maxRetries: number;
  /** Base of the exponential backoff when the service gives no Retry-After, in seconds. @default 2 */
  delaySeconds: number;
  /** No single wait is longer than this, whatever Retry-After says, in seconds; at most 180. @default 120 */
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, delaySeconds: 2, maxDelaySeconds: 120 };

/** RetryHandlerOptions refuses more than 10 retries and delays above 180 s. */
const LIMITS = { maxRetries: 10, delaySeconds: 180, maxDelaySeconds: 180 } as const;

/** The defaults overlaid with `overrides`; an invalid value is a usage error naming the field. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxRetries: overrides.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    delaySeconds: overrides.delaySeconds ?? DEFAULT_RETRY_POLICY.delaySeconds,
    maxDelaySeconds: overrides.maxDelaySeconds ?? DEFAULT_RETRY_POLICY.maxDelaySeconds,
  };
  for (const field of ["maxRetries", "delaySeconds", "maxDelaySeconds"] as const) {
    const value = policy[field];
    const wholeNumber = field === "maxRetries";
    if (
      !Number.isFinite(value) ||
      value < 0 ||
      value > LIMITS[field] ||
      (wholeNumber && !Number.isInteger(value))
    ) {
      throw new ReplicatorError({
        code: "retry-policy-invalid",
        field: `retry.${field}`,
        message: `retry.${field} is ${String(value)}; it must be ${wholeNumber ? "a whole number" : "a number of seconds"} from 0 to ${LIMITS[field]}.`,
        fix: `Set retry.${field} between 0 and ${LIMITS[field]}, or leave it out for the default (${DEFAULT_RETRY_POLICY[field]}).`,
        exitCode: ExitCode.Usage,
      });
    }
  }
  return policy;
}

export interface RetryDelayInput {
  policy: RetryPolicy;
  /** 1 for the first retry. */
  attempt: number;
  /** The response's Retry-After header: delta-seconds or an HTTP-date; null when absent. */
  retryAfter: string | null;
  /** The response's Date header: the reference an HTTP-date Retry-After is relative to. */
  responseDate: string | null;
  now: number;
  /** A number in [0, 1). */
  random: number;
}

/**
 * How long to wait before retry `attempt`, in milliseconds. A Retry-After from the service is obeyed
 * (capped); without one — or with one in the past or unreadable — exponential backoff with jitter.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const capMs = input.policy.maxDelaySeconds * 1000;
  const serviceDelayMs = retryAfterMs(input.retryAfter, input.responseDate, input.now);
  if (serviceDelayMs !== null && serviceDelayMs > 0) return Math.min(serviceDelayMs, capMs);
  const backoffMs = input.policy.delaySeconds * 1000 * 2 ** Math.max(0, input.attempt - 1);
  // "Equal jitter": half fixed, half random, so clients spread out yet never retry at once.
  const jitteredMs = backoffMs / 2 + (backoffMs / 2) * input.random;
  return Math.round(Math.min(jitteredMs, capMs));
}

/**
 * Retry-After in milliseconds, or null when absent or unreadable (RFC 9110 §10.2.3). An HTTP-date is
 * measured against the response's own Date header when there is one, so a skewed local clock neither
 * skips the wait nor stretches it; the Graph client's RetryHandler uses the local clock instead.
 */
export function retryAfterMs(
  retryAfter: string | null,
  responseDate: string | null,
  now: number,
): number | null {
  if (retryAfter === null) return null;
  const value = retryAfter.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const until = Date.parse(value);
  if (Number.isNaN(until) || !/[A-Za-z]/.test(value)) return null;
  const reference = responseDate === null ? Number.NaN : Date.parse(responseDate);
  return until - (Number.isNaN(reference) ? now : reference);
}
