import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Client } from "pg";
import { startTestPostgres, type TestPostgres } from "../testing/postgres";
import { openPostgresStore } from "./postgres/postgresStore";
import { openSqliteStore } from "./sqlite/sqliteStore";

/**
 * The schema the migrations produce, dumped and compared with a committed file (graphile-worker's
 * `__tests__/schema.sql`): a migration that changes the schema shows up in review as a diff of that file,
 * and a store migrated from the previous release must end with exactly the schema of a new store.
 * After an intended change: UPDATE_SCHEMA=1 npx jest sync/store/schemaDrift.
 */
const SQLITE_DUMP = path.join(__dirname, "sqlite", "schema.sql");
const POSTGRES_DUMP = path.join(__dirname, "postgres", "schema.sql");

function compareOrUpdate(file: string, dump: string): void {
  if (process.env.UPDATE_SCHEMA === "1") fs.writeFileSync(file, dump);
  expect(dump).toBe(fs.readFileSync(file, "utf8"));
}

function sqliteSchema(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all() as { sql: string }[];
    return `${rows.map((row) => `${row.sql.replace(/^CREATE TABLE "(\w+)"/, "CREATE TABLE $1")};`).join("\n\n")}\n`;
  } finally {
    db.close();
  }
}

describe("schema drift", () => {
  let dir: string;
  let server: TestPostgres;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-schema-"));
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("SQLite: a new store has the committed schema, and a migrated version-1 store has exactly it too", () => {
    const fresh = path.join(dir, "fresh.db");
    openSqliteStore(fresh).closeNow();
    compareOrUpdate(SQLITE_DUMP, sqliteSchema(fresh));

    const migrated = path.join(dir, "migrated.db");
    fs.copyFileSync(path.join(__dirname, "sqlite", "fixtures", "v1-release.db"), migrated);
    openSqliteStore(migrated).closeNow();
    expect(sqliteSchema(migrated)).toBe(sqliteSchema(fresh));
  });

  it("PostgreSQL: a new store has the committed schema", async () => {
    const schema = server.newSchema("drift");
    await (await openPostgresStore(server.url, { schema })).close();
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const columns = await client.query<{ line: string }>(
        "SELECT table_name || '.' || column_name || ' ' || data_type || " +
          "CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END || " +
          "CASE WHEN is_identity = 'YES' THEN ' IDENTITY' ELSE '' END AS line " +
          "FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position",
        [schema],
      );
      const indexes = await client.query<{ line: string }>(
        "SELECT replace(indexdef, $1 || '.', '') AS line FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
        [schema],
      );
      const functions = await client.query<{ line: string }>(
        "SELECT 'FUNCTION ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') body md5 ' || " +
          "md5(p.prosrc) AS line FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace " +
          "WHERE n.nspname = $1 ORDER BY p.proname",
        [schema],
      );
      const dump = [...columns.rows, ...indexes.rows, ...functions.rows].map((row) => row.line).join("\n");
      compareOrUpdate(POSTGRES_DUMP, `${dump}\n`);
    } finally {
      await client.end();
    }
  });
});
