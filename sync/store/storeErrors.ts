import { ExitCode, ReplicatorError } from "../errors";

const POINT_ELSEWHERE = "point ENTRA_REPLICATOR_DB (or --db) at another file";

/** The file exists but SQLite cannot read it as a database (random bytes, truncated, damaged pages). */
export class StoreCorruptError extends ReplicatorError {
  constructor(path: string, detail: string, cause?: unknown) {
    super({
      code: "store-corrupt",
      message: `The contact store ${path} is not a readable SQLite database (${detail}).`,
      fix:
        `It was left untouched. Move it aside and run \`entra-replicator sync\` to rebuild the directory from ` +
        `Entra with a full sync, or ${POINT_ELSEWHERE}.`,
      exitCode: ExitCode.Store,
      field: "storePath",
      cause,
    });
  }
}

/** A healthy SQLite database that some other program owns: never initialised over, never migrated. */
export class ForeignDatabaseError extends ReplicatorError {
  constructor(path: string, tables: readonly string[]) {
    const shown = tables.length > 8 ? [...tables.slice(0, 8), "…"] : tables;
    super({
      code: "store-foreign",
      message:
        `${path} is not an entra-replicator store: it is an SQLite database of another application` +
        (tables.length > 0 ? ` (tables: ${shown.join(", ")}).` : "."),
      fix: `It was left untouched; ${POINT_ELSEWHERE} (a new file is created and initialised).`,
      exitCode: ExitCode.Store,
      field: "storePath",
    });
  }
}

/** Written by a newer entra-replicator whose schema this version does not know. */
export class NewerSchemaError extends ReplicatorError {
  constructor(path: string, found: number, supported: number) {
    super({
      code: "store-newer-schema",
      message:
        `The contact store ${path} has schema version ${found}, written by a newer entra-replicator ` +
        `(this version understands up to ${supported}).`,
      fix: `Upgrade entra-replicator, or ${POINT_ELSEWHERE}.`,
      exitCode: ExitCode.Store,
      field: "storePath",
    });
  }
}

/** A read-only command (lookup, status, export) found no store to read. */
export class StoreNotFoundError extends ReplicatorError {
  constructor(path: string) {
    super({
      code: "store-not-found",
      message: `There is no contact store at ${path}.`,
      fix: "Run `entra-replicator sync` first to create it, or point ENTRA_REPLICATOR_DB (or --db) at the existing store.",
      exitCode: ExitCode.Store,
      field: "storePath",
    });
  }
}

/** Written by an older entra-replicator: a read-only command cannot migrate it, a sync does. */
export class StoreOutdatedError extends ReplicatorError {
  constructor(location: string, found: number, current: number) {
    super({
      code: "store-outdated",
      message:
        `The contact store ${location} has schema version ${found}, written by an older entra-replicator ` +
        `(this version uses ${current}); a read-only command does not migrate it.`,
      fix: "Run `entra-replicator sync` once: it migrates the store, keeping every contact and the delta link.",
      exitCode: ExitCode.Store,
      field: "storePath",
    });
  }
}

/** Another run of the same tenant holds the writer lock of a shared (PostgreSQL) store. */
export class TenantLockedError extends ReplicatorError {
  constructor(location: string, tenantId: string) {
    super({
      code: "store-locked",
      field: "storePath",
      message: `Tenant ${tenantId} of the store ${location} is being written by another sync; only one sync may write a tenant at a time.`,
      fix: "Wait for that sync to finish and run again (a crashed sync's lock ends with its database session).",
      exitCode: ExitCode.Store,
    });
  }
}
