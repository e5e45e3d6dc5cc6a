/**
 * Where the next incremental round starts, and the directory settings (scope, default country) the round
 * that produced it was applied with: when those change, the deltaLink is worthless and a full round runs.
 */
export interface RoundCheckpoint {
  deltaLink: string;
  /** `directorySettingsOf(...)` of the round; null for a checkpoint written before settings were recorded. */
  settings: string | null;
}

/** One tenant's checkpoint. Saved only after a round has been fully applied. */
export interface RoundCheckpointStore {
  readonly tenantId: string;
  /** The stored checkpoint, or null when the next run must be a full round. */
  read(): Promise<RoundCheckpoint | null>;
  save(checkpoint: RoundCheckpoint): Promise<void>;
  clear(): Promise<void>;
}
