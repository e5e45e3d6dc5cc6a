import fs from "node:fs";
import type { TokenCredential } from "@azure/identity";
import type pino from "pino";
import type { SettingsInput, SyncSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { connectToGraph } from "../graph/graphClient";
import type { RetryPolicy } from "../graph/middlewareChain";
import { silentLogger } from "../log";
import type { RunSummary } from "../model";
import { openSqliteStore } from "../store/sqliteStore";
import { StoreNotFoundError } from "../store/storeErrors";
import { DryRunStore, type PlannedChanges } from "./dryRunStore";
import { runSync, type SyncProgress } from "./runSync";
import { acquireStoreLock } from "./storeLock";

export interface SyncRunOptions {
  /** Force a full round, which also removes contacts no longer in scope. @default false */
  full?: boolean;
  /** Read and plan, write nothing (not even the run history). @default false */
  dryRun?: boolean;
  /** Ask Graph to throttle this run before interactive traffic (`x-ms-throttle-priority: low`). @default false */
  background?: boolean;
  retry?: Partial<RetryPolicy>;
  /** @default a logger that discards everything */
  logger?: pino.Logger;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Reads the client secret when it is in Key Vault (`keyVaultUrl` + `keyVaultSecretName`): a reader
   * identity, never the replicator app. @default DefaultAzureCredential at the configured authority host
   */
  keyVaultCredential?: TokenCredential;
}

export interface SyncTenantOptions extends SettingsInput, SyncRunOptions {
  /** Where unset settings are read from (AZURE_TENANT_ID, …). Pass `{}` to ignore the environment. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface SyncResult extends RunSummary {
  /** What a dry run would have written; null for a real run. */
  plannedChanges: PlannedChanges | null;
}

/**
 * Replicates the tenant's users into the contact directory: a full round the first time (or with
 * `full`), the changes since the last run otherwise. Settings not given fall back to the environment.
 * Throws a ReplicatorError (a SyncRunError, carrying the recorded summary, once the run has started).
 */
export async function syncTenant(options: SyncTenantOptions = {}): Promise<SyncResult> {
  const resolver = settingsFromOptions(options, options.env ?? process.env);
  return syncWithSettings(options.dryRun === true ? resolver.sync() : resolver.syncToWrite(), options);
}

/** The composition root: picks the store (SQLite, or a dry-run wrapper), takes the writer lock, connects. */
export async function syncWithSettings(
  settings: SyncSettings,
  options: SyncRunOptions = {},
): Promise<SyncResult> {
  const logger = options.logger ?? silentLogger();
  const dryRun = options.dryRun ?? false;
  const lock = dryRun ? null : acquireStoreLock(settings.storePath);
  try {
    const store = dryRun ? openDryRunStore(settings.storePath) : openSqliteStore(settings.storePath);
    try {
      const { client, credential, scope } = connectToGraph(settings, {
        background: options.background ?? false,
        ...(options.retry !== undefined && { retry: options.retry }),
        onRetry: (info) => logger.warn({ ...info, url: info.url.split("?")[0] }, "retrying a Graph request"),
        keyVault: {
          ...(options.keyVaultCredential !== undefined && { readerCredential: options.keyVaultCredential }),
          ...(options.retry !== undefined && { retry: options.retry }),
          onReread: (info) =>
            logger.warn(
              info,
              "the client secret from Key Vault was refused: read the vault again and retried",
            ),
        },
      });
      if (typeof settings.clientSecret !== "string") {
        // Read the vault and prove the secret before the run: the Graph client would wrap these errors
        // into a GraphError that keeps only the message, losing which setting to fix.
        await credential.getToken(scope);
      }
      const summary = await runSync({
        settings,
        store,
        client,
        full: options.full ?? false,
        dryRun,
        logger,
        ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
      });
      return { ...summary, plannedChanges: store instanceof DryRunStore ? store.plannedChanges() : null };
    } finally {
      store.close();
    }
  } finally {
    lock?.release();
  }
}

/** A dry run must not even create the store file: plan against an empty directory when there is none. */
function openDryRunStore(storePath: string): DryRunStore {
  if (!fs.existsSync(storePath)) return new DryRunStore(null);
  try {
    return new DryRunStore(openSqliteStore(storePath, { readonly: true }));
  } catch (error) {
    // An empty file (not yet initialised) reads as "no store": the same empty directory.
    if (error instanceof StoreNotFoundError) return new DryRunStore(null);
    throw error;
  }
}
