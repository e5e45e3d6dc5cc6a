import { sql as m000001 } from "./000001";
import { sql as m000002 } from "./000002";
import { sql as m000003 } from "./000003";

export interface Migration {
  version: number;
  sql: string;
}

/**
 * The SQLite store's schema steps, applied in order, one transaction each. Numbered files, never edited
 * once released (a store written by that release must migrate exactly as it was tested). They are
 * TypeScript modules holding SQL so the compiled package carries them without a copy step.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: m000001 },
  { version: 2, sql: m000002 },
  { version: 3, sql: m000003 },
];

export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS.length;
