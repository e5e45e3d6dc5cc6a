import { ReplicatorError } from "../errors";
import type { RunSummary } from "../model";

/** A run that ended without applying its round: carries the recorded summary along with the reason. */
export class SyncRunError extends ReplicatorError {
  constructor(
    readonly summary: RunSummary,
    reason: ReplicatorError,
  ) {
    super({
      code: reason.code,
      message: reason.message,
      fix: reason.fix,
      exitCode: reason.exitCode,
      ...(reason.field !== undefined && { field: reason.field }),
      cause: reason,
    });
  }
}
