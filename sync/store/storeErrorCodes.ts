import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

export const STORE_ERROR_CODES: ErrorCodeArea = {
  area: "Contact store and the run",
  codes: [
    {
      code: "store-not-found",
      exitCode: ExitCode.Store,
      meaning: "lookup, status or export found no store at the path.",
      fix: "Run `entra-replicator sync` first, or point --db / ENTRA_REPLICATOR_DB at the store.",
    },
    {
      code: "store-corrupt",
      exitCode: ExitCode.Store,
      meaning: "The store file is not a readable SQLite database; it was left untouched.",
      fix: "Move it aside and run a sync to rebuild it from Entra, or use another --db.",
    },
    {
      code: "store-foreign",
      exitCode: ExitCode.Store,
      meaning: "The file is another application's SQLite database; it was left untouched.",
      fix: "Point --db / ENTRA_REPLICATOR_DB at another file.",
    },
    {
      code: "store-newer-schema",
      exitCode: ExitCode.Store,
      meaning: "The store was written by a newer entra-replicator.",
      fix: "Upgrade entra-replicator, or use another --db.",
    },
    {
      code: "store-outdated",
      exitCode: ExitCode.Store,
      meaning: "A read-only command found a store written by an earlier release (reads never migrate).",
      fix: "Run `entra-replicator sync` once: it migrates the store, keeping every contact and the delta link.",
    },
    {
      code: "store-tenant-ambiguous",
      exitCode: ExitCode.Usage,
      meaning: "The store holds several tenants and none was named, or not the one named.",
      fix: "Name the tenant with --tenant <id> (or AZURE_TENANT_ID).",
    },
    {
      code: "store-unavailable",
      exitCode: ExitCode.Store,
      meaning: "The store cannot be opened or written (permissions, disk).",
      fix: "Check the path and that its directory is writable.",
    },
    {
      code: "store-locked",
      exitCode: ExitCode.Store,
      meaning: "Another sync is writing this store (one writer per store).",
      fix: "Wait for it to finish; a lock left by a crashed run is cleared by the next run.",
    },
    {
      code: "store-lock-failed",
      exitCode: ExitCode.Store,
      meaning: "The lock file beside the store cannot be created.",
      fix: "Make the store's directory writable, or choose another --db.",
    },
    {
      code: "deletion-guard",
      exitCode: ExitCode.DeletionGuard,
      meaning: "The run would delete more contacts than the guard allows; nothing was deleted.",
      fix: "Check the tenant; if the deletions are right, run again with --allow-deletes.",
    },
    {
      code: "sync-failed",
      exitCode: ExitCode.Failure,
      meaning: "The run failed for a reason not recognised above; what was applied so far is kept.",
      fix: "Run the sync again; the message carries the cause.",
    },
  ],
};
