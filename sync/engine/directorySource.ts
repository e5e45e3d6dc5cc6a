import type { ReplicatorError } from "../errors";

/** One page of a delta round, as the source received it. */
export interface SourcePage {
  /** The page's records as received: validation is the planner's job, one bad record must not sink a page. */
  records: unknown[];
  /** Present on the last page of a round only: where the next incremental round starts. */
  deltaLink: string | null;
}

/**
 * Where users come from. Microsoft Graph's `/users/delta` is one implementation (`GraphDirectorySource`),
 * an in-memory list of records another (`ListDirectorySource`, for unit tests of `runSync`).
 */
export interface DirectorySource {
  /**
   * Reads one round page by page: an incremental round from `deltaLink`, a full round when it is null.
   * The last page carries the next deltaLink; a round that ends without one must throw, never end.
   * A deltaLink the source no longer accepts → `DeltaTokenExpiredError` (the engine starts a full round).
   */
  readRound(deltaLink: string | null): AsyncIterator<SourcePage, void>;
  /** Turns a failure of this source into a user-facing error (null: the engine's generic one). Optional. */
  explainError?(error: unknown): Promise<ReplicatorError | null>;
}

/** The source no longer accepts the deltaLink it was given: the next round must be a full one. */
export class DeltaTokenExpiredError extends Error {
  constructor(cause?: unknown) {
    super("the delta token is no longer accepted", { cause });
    this.name = "DeltaTokenExpiredError";
  }
}
