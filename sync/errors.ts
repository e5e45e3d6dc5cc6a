/**
 * The error type every user-facing failure is (what is wrong, whose fault, the fix, the exit code) and the
 * exit codes. Nothing else: the mapping of library errors lives beside each adapter (identity/identityErrors,
 * graph/graphErrors, identity/readVaultSecret, store/storeErrors, …), and every code is catalogued in
 * errorCatalogue.ts (docs/ERRORS.md is generated from it). Imports only the import-free scrubber.
 */
import { scrubSecrets } from "./scrubSecrets";

/** Process exit codes of the CLI; documented in the README. */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Authentication: 3,
  Permission: 4,
  Unavailable: 5,
  DeletionGuard: 6,
  Store: 7,
  NotFound: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: says whose fault, what is wrong, and the fix. Never carries a secret. */
export class ReplicatorError extends Error {
  override readonly name = "ReplicatorError";
  readonly code: string;
  readonly fix: string;
  readonly exitCode: ExitCodeValue;
  readonly field?: string;

  constructor(options: {
    code: string;
    message: string;
    fix: string;
    exitCode: ExitCodeValue;
    field?: string;
    cause?: unknown;
  }) {
    // Scrubbed here as well as by the callers: a message is built from text that came from outside.
    super(scrubSecrets(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.fix = scrubSecrets(options.fix);
    this.exitCode = options.exitCode;
    if (options.field !== undefined) this.field = options.field;
  }

  toJSON(): { code: string; message: string; fix: string; field?: string; exitCode: number } {
    return {
      code: this.code,
      message: this.message,
      fix: this.fix,
      ...(this.field === undefined ? {} : { field: this.field }),
      exitCode: this.exitCode,
    };
  }
}
