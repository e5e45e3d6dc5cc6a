import type { RunSummary } from "../model";

/** One tenant's run history: every outcome of every run, most recent first. */
export interface RunLog {
  readonly tenantId: string;
  /** Records a run; recording the same `runId` again replaces it. */
  record(summary: RunSummary): Promise<void>;
  recent(limit: number): Promise<RunSummary[]>;
}
