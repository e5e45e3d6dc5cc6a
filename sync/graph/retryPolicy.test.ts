import { ExitCode, ReplicatorError } from "../errors";
import {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  retryAfterMs,
  retryDelayMs,
  type RetryPolicy,
} from "./retryPolicy";

const NOW = Date.parse("2026-11-27T07:00:00Z");
const policy: RetryPolicy = { maxRetries: 5, delaySeconds: 2, maxDelaySeconds: 120 };

describe("retryAfterMs", () => {
  it.each([
    ["absent", null, null, null],
    ["delta-seconds", "7", null, 7000],
    ["delta-seconds with spaces", " 0 ", null, 0],
    ["HTTP-date against the local clock", "Fri, 27 Nov 2026 07:00:05 GMT", null, 5000],
    [
      "HTTP-date against the response's Date (local clock skewed by an hour)",
      "Fri, 27 Nov 2026 06:00:03 GMT",
      "Fri, 27 Nov 2026 06:00:00 GMT",
      3000,
    ],
    ["HTTP-date in the past", "Fri, 27 Nov 2026 06:59:00 GMT", null, -60000],
    ["unreadable date", "soon", null, null],
    ["negative seconds", "-5", null, null],
    ["fractional seconds are not delta-seconds", "1.5", null, null],
  ])("%s", (_case, retryAfter, responseDate, expected) => {
    expect(retryAfterMs(retryAfter, responseDate, NOW)).toBe(expected);
  });

  it("falls back to the local clock when the response's Date is unreadable", () => {
    expect(retryAfterMs("Fri, 27 Nov 2026 07:00:02 GMT", "garbage", NOW)).toBe(2000);
  });
});

describe("retryDelayMs", () => {
  const delay = (
    attempt: number,
    retryAfter: string | null,
    random = 0.5,
    responseDate: string | null = null,
  ) => retryDelayMs({ policy, attempt, retryAfter, responseDate, now: NOW, random });

  it.each([
    // attempt, random → expected ms: backoff = 2 s × 2^(attempt−1), half fixed + half × random
    [1, 0, 1000],
    [1, 0.999, 1999],
    [2, 0.5, 3000],
    [3, 0, 4000],
    [4, 1, 16000],
    [7, 0.5, 96000],
    [8, 0.5, 120000], // capped at maxDelaySeconds
  ])("backoff for attempt %i with random %f is %i ms", (attempt, random, expected) => {
    expect(delay(attempt, null, random)).toBe(expected);
  });

  it("obeys Retry-After exactly, without jitter", () => {
    expect(delay(1, "3", 0.9)).toBe(3000);
    expect(delay(3, "Fri, 27 Nov 2026 07:00:10 GMT", 0.9)).toBe(10000);
  });

  it("caps a long Retry-After at maxDelaySeconds", () => {
    expect(delay(1, "3600")).toBe(120000);
  });

  it.each([
    ["a date in the past", "Fri, 27 Nov 2026 06:00:00 GMT"],
    ["zero", "0"],
    ["garbage", "later"],
  ])("backs off instead of retrying at once for %s", (_case, retryAfter) => {
    expect(delay(2, retryAfter, 0.5)).toBe(3000);
  });
});

describe("resolveRetryPolicy", () => {
  it("fills in the defaults", () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxRetries: 1 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 1 });
  });

  it.each([
    ["maxRetries", { maxRetries: 11 }, "retry.maxRetries is 11; it must be a whole number from 0 to 10."],
    ["maxRetries", { maxRetries: 1.5 }, "retry.maxRetries is 1.5; it must be a whole number from 0 to 10."],
    [
      "delaySeconds",
      { delaySeconds: -1 },
      "retry.delaySeconds is -1; it must be a number of seconds from 0 to 180.",
    ],
    [
      "maxDelaySeconds",
      { maxDelaySeconds: Number.NaN },
      "retry.maxDelaySeconds is NaN; it must be a number of seconds from 0 to 180.",
    ],
  ])("refuses a bad %s", (field, overrides, message) => {
    let error: unknown;
    try {
      resolveRetryPolicy(overrides);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReplicatorError);
    expect((error as ReplicatorError).toJSON()).toEqual({
      code: "retry-policy-invalid",
      field: `retry.${field}`,
      message,
      fix: expect.stringContaining(`Set retry.${field} between 0 and`),
      exitCode: ExitCode.Usage,
    });
  });
});
