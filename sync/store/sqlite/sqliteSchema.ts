import type Database from "better-sqlite3";
import {
  ForeignDatabaseError,
  NewerSchemaError,
  StoreNotFoundError,
  StoreOutdatedError,
} from "../storeErrors";
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from "./migrations";

/** "EREP" — marks a file as ours, so a foreign SQLite database is recognised and never written to. */
export const APPLICATION_ID = 0x45524550;

/**
 * Identifies the file before anything is written to it, then (when writable) brings its schema up to
 * date: a new or empty file is initialised; a foreign or newer-version file is refused, left untouched.
 */
export function prepareSqliteDatabase(db: Database.Database, storePath: string, readonly: boolean): void {
  // Identify first: these reads fail on a non-database file, and nothing has been written yet.
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  const userVersion = db.pragma("user_version", { simple: true }) as number;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const isFresh = applicationId === 0 && userVersion === 0 && tables.length === 0;

  if (!isFresh && applicationId !== APPLICATION_ID) throw new ForeignDatabaseError(storePath, tables);
  if (userVersion > SQLITE_SCHEMA_VERSION)
    throw new NewerSchemaError(storePath, userVersion, SQLITE_SCHEMA_VERSION);
  db.pragma("busy_timeout = 5000");
  if (readonly) {
    if (isFresh) throw new StoreNotFoundError(storePath);
    if (userVersion < SQLITE_SCHEMA_VERSION)
      throw new StoreOutdatedError(storePath, userVersion, SQLITE_SCHEMA_VERSION);
    return;
  }

  // WAL with synchronous=NORMAL never corrupts on a crash and keeps commits in order; a power loss can
  // only drop the newest commits, and since the deltaLink is committed after its round's pages, the
  // next run then simply re-reads from an older deltaLink and converges.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // A full sync writes randomly keyed rows page after page: checkpoints every 64 MB of WAL (instead of
  // 4 MB) cut its write time by about a third when writing 100k contacts. The page cache stays at 16 MiB:
  // 32 MiB used the same CPU for a 100k full sync (npm run bench) and added 20 MB to its peak RSS.
  db.pragma("cache_size = -16384");
  db.pragma("wal_autocheckpoint = 16384");
  migrate(db);
}

/**
 * Applies the missing steps in order, one IMMEDIATE transaction each (the write lock is taken before the
 * version is read again, so two processes opening one old store cannot both apply a step). The version
 * (`user_version`, SQLite's own version row) is written first in each step's transaction.
 */
function migrate(db: Database.Database): void {
  for (const migration of SQLITE_MIGRATIONS) {
    const step = db.transaction(() => {
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= migration.version) return;
      db.pragma(`user_version = ${migration.version}`);
      if (migration.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec(migration.sql);
    });
    step.immediate();
  }
}
