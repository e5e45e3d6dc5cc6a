import type pino from "pino";
import type { RunMode } from "../model";
import type { DeletionGuardPolicy } from "./deletionGuard";

export interface SyncProgress {
  mode: RunMode;
  pages: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  escrowed: number;
}

/** How one run applies a round: what is in scope, how numbers are read, what the deletion guard allows. */
export interface SyncPolicy {
  scope: { includeGuests: boolean; includeDisabled: boolean };
  /** ISO 3166-1 alpha-2 country for numbers written without a country code; null: none. */
  defaultCountry: string | null;
  deletionGuard: DeletionGuardPolicy;
  /** Force a full round (reconciling away contacts no longer in scope). @default false */
  full?: boolean;
  /**
   * Marks the run's outcome "dry-run" and lets a blocked guard end it quietly. Writing nothing is the
   * store's job (`DryRunStore`), chosen at the composition root. @default false
   */
  dryRun?: boolean;
  /** Values that must never reach a recorded message (the client secret). @default [] */
  secrets?: readonly string[];
  logger: pino.Logger;
  onProgress?: (progress: SyncProgress) => void;
}
