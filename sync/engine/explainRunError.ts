import { ExitCode, ReplicatorError } from "../errors";
import { explainGraphError } from "../graph/graphErrors";
import { type EndpointContext, explainCredentialError } from "../identity/identityErrors";
import { scrubSecrets } from "../scrubSecrets";

/** An error no adapter recognised: the run can simply be repeated. */
export function genericRunError(error: unknown): ReplicatorError {
  if (error instanceof ReplicatorError) return error;
  return new ReplicatorError({
    code: "sync-failed",
    message: `The sync failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`,
    fix: "What was applied so far is intact and the delta token was not advanced: re-run the sync.",
    exitCode: ExitCode.Failure,
    cause: error,
  });
}

/** Identity and Graph errors explained for the user (the endpoints name what to fix); else the generic one. */
export function explainRunError(error: unknown, context: EndpointContext): ReplicatorError {
  if (error instanceof ReplicatorError) return error;
  return (
    explainCredentialError(error, context) ?? explainGraphError(error, context) ?? genericRunError(error)
  );
}
