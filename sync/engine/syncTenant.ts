import type { TokenCredential } from "@azure/identity";
import type pino from "pino";
import type { SettingsInput, SyncSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import { connectToGraph } from "../graph/graphClient";
import type { RetryPolicy } from "../graph/middlewareChain";
import { silentLogger } from "../log";
import type { RunSummary } from "../model";
import { openStore } from "../store/openStore";
import type { Store } from "../store/store";
import { StoreNotFoundError } from "../store/storeErrors";
import { DryRunStore, type PlannedChanges } from "./dryRunStore";
import { GraphDirectorySource } from "./graphDirectorySource";
import { runSync, type SyncProgress } from "./runSync";

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
  /**
   * An open store to sync into (a fleet shares one across its tenants); it stays open. @default the store
   * `settings.storePath` names, opened and closed by this run
   */
  store?: Store;
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

/**
 * The composition root: picks the store (SQLite or PostgreSQL; a dry-run wrapper around it), takes the
 * tenant's writer lock, connects Graph as the directory source, and runs.
 */
export async function syncWithSettings(
  settings: SyncSettings,
  options: SyncRunOptions = {},
): Promise<SyncResult> {
  const logger = options.logger ?? silentLogger();
  const dryRun = options.dryRun ?? false;
  const store = options.store ?? (await openStoreFor(settings.storePath, dryRun));
  try {
    const lock = dryRun || store === null ? null : await store.lockTenant(settings.tenantId);
    try {
      const tenantStore =
        dryRun || store === null
          ? new DryRunStore(settings.tenantId, store?.forTenant(settings.tenantId) ?? null)
          : store.forTenant(settings.tenantId);
      const source = await connectSource(settings, options, logger);
      const summary = await runSync(source, tenantStore, {
        scope: settings.scope,
        defaultCountry: settings.defaultCountry,
        deletionGuard: settings.deletionGuard,
        full: options.full ?? false,
        dryRun,
        secrets: typeof settings.clientSecret === "string" ? [settings.clientSecret] : [],
        logger,
        ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
      });
      return {
        ...summary,
        plannedChanges: tenantStore instanceof DryRunStore ? tenantStore.plannedChanges() : null,
      };
    } finally {
      await lock?.release();
    }
  } finally {
    if (options.store === undefined) await store?.close();
  }
}

/** A dry run must not even create the store: it reads an existing one, or plans against an empty directory. */
async function openStoreFor(location: string, dryRun: boolean): Promise<Store | null> {
  if (!dryRun) return openStore(location);
  try {
    return await openStore(location, { readonly: true });
  } catch (error) {
    if (error instanceof StoreNotFoundError) return null;
    throw error;
  }
}

async function connectSource(
  settings: SyncSettings,
  options: SyncRunOptions,
  logger: pino.Logger,
): Promise<GraphDirectorySource> {
  const { client, credential, scope } = connectToGraph(settings, {
    background: options.background ?? false,
    ...(options.retry !== undefined && { retry: options.retry }),
    onRetry: (info) => logger.warn({ ...info, url: info.url.split("?")[0] }, "retrying a Graph request"),
    keyVault: {
      ...(options.keyVaultCredential !== undefined && { readerCredential: options.keyVaultCredential }),
      ...(options.retry !== undefined && { retry: options.retry }),
      onReread: (info) =>
        logger.warn(info, "the client secret from Key Vault was refused: read the vault again and retried"),
    },
  });
  if (typeof settings.clientSecret !== "string") {
    // Read the vault and prove the secret before the run: the Graph client would wrap these errors
    // into a GraphError that keeps only the message, losing which setting to fix.
    await credential.getToken(scope);
  }
  return new GraphDirectorySource(client, { pageSize: settings.pageSize, endpoints: settings });
}
