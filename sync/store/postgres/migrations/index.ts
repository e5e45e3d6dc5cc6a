import { sql as m000001 } from "./000001";
import { sql as m000002 } from "./000002";
import { sql as m000003 } from "./000003";

export interface PostgresMigration {
  version: number;
  sql: string;
}

/**
 * The PostgreSQL store's schema steps, applied in order, one transaction each (graphile-worker style);
 * numbered, never edited once released. TypeScript modules holding SQL, so the compiled package carries them.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 1, sql: m000001 },
  { version: 2, sql: m000002 },
  { version: 3, sql: m000003 },
];

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;
