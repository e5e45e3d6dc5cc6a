import pino from "pino";

/**
 * Every path that could carry a secret. pino's redaction is path-based, so each shape a secret can arrive
 * in (our settings, raw HTTP headers, MSAL/axios-style error objects) is listed explicitly.
 */
export const REDACT_PATHS: string[] = [
  "clientSecret",
  "*.clientSecret",
  "*.*.clientSecret",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "Authorization",
  "*.authorization",
  "*.Authorization",
  "headers.authorization",
  "headers.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "access_token",
  "*.access_token",
  "accessToken",
  "*.accessToken",
  "token",
  "*.token",
  "refresh_token",
  "*.refresh_token",
  "client_secret",
  "*.client_secret",
  "credentials.*",
  "*.credentials.*",
  "credential",
  "*.credential",
  "err.config",
  "err.request",
  "err.response.config",
  "err.response.request",
  "error.config",
  "error.request",
];

export const REDACTED = "[redacted]";

export interface LoggerOptions {
  /** @default "info" */
  level?: string;
  /** A stream or file descriptor. @default 2 (stderr: stdout is reserved for the command's result) */
  destination?: NodeJS.WritableStream | number;
}

export function createLogger(options: LoggerOptions = {}): pino.Logger {
  const destination = options.destination ?? 2;
  const stream =
    typeof destination === "number" ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino(
    {
      level: options.level ?? "info",
      base: { name: "entra-replicator" },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    stream,
  );
}

/** A logger that discards everything: the default for programmatic callers that bring no logger. */
export function silentLogger(): pino.Logger {
  return pino({ level: "silent" });
}
