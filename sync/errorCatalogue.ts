import { ExitCode, type ExitCodeValue } from "./errors";
import { CONFIG_ERROR_CODES } from "./config/configErrorCodes";
import { GRAPH_ERROR_CODES } from "./graph/graphErrorCodes";
import { IDENTITY_ERROR_CODES } from "./identity/identityErrorCodes";
import { STORE_ERROR_CODES } from "./store/storeErrorCodes";
import { COMMAND_ERROR_CODES } from "./cli/commandErrorCodes";
import { FLEET_ERROR_CODES } from "./fleet/fleetErrorCodes";
import { SERVE_ERROR_CODES } from "./serve/serveErrorCodes";

/**
 * Every `code` a ReplicatorError can carry — the `--json` contract — with its exit code, what it means and
 * the fix. Each area lists its own codes in a `<area>ErrorCodes.ts` beside the code that throws them and is
 * added here with one line. docs/ERRORS.md is generated from this list (`npm run docs`), and a test scans
 * every `new ReplicatorError({ code: … })` in the sources: a code thrown but not listed fails it.
 */
export interface ErrorCodeEntry {
  code: string;
  exitCode: ExitCodeValue;
  /** What happened, in one sentence. */
  meaning: string;
  /** What to do about it. */
  fix: string;
}

export interface ErrorCodeArea {
  /** The heading in docs/ERRORS.md. */
  area: string;
  codes: readonly ErrorCodeEntry[];
}

export const ERROR_CATALOGUE: readonly ErrorCodeArea[] = [
  CONFIG_ERROR_CODES,
  IDENTITY_ERROR_CODES,
  GRAPH_ERROR_CODES,
  STORE_ERROR_CODES,
  COMMAND_ERROR_CODES,
  FLEET_ERROR_CODES,
  SERVE_ERROR_CODES,
];

/** What each exit code means (the process's exit status; also `exitCode` in the --json error). */
export const EXIT_CODE_MEANINGS: Record<ExitCodeValue, string> = {
  [ExitCode.Ok]: "success (lookup: a contact was found; doctor: every check passed)",
  [ExitCode.Failure]: "the run failed for a reason not listed below; what was applied so far is kept",
  [ExitCode.Usage]: "wrong or missing setting, flag or argument: nothing was done",
  [ExitCode.Authentication]: "sign-in failed: tenant, app id or client secret",
  [ExitCode.Permission]: "signed in, but not allowed: admin consent, Key Vault access",
  [ExitCode.Unavailable]:
    "a service (sign-in, Graph, Key Vault) could not be reached or kept failing: run again later",
  [ExitCode.DeletionGuard]:
    "the deletion guard blocked the run: nothing was deleted, approve with --allow-deletes",
  [ExitCode.Store]: "the contact store (its file, lock or schema) cannot be used",
  [ExitCode.NotFound]: "lookup: nobody has the number; Graph: the endpoint answered 404",
};

export function catalogueEntries(): ErrorCodeEntry[] {
  return ERROR_CATALOGUE.flatMap((area) => area.codes);
}
