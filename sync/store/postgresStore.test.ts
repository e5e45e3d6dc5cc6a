import { Client } from "pg";
import { ReplicatorError } from "../errors";
import { startTestPostgres, type TestPostgres } from "../testing/postgres";
import { storeContract } from "../testing/storeContract";
import { testContact as contact, testPage as page } from "../testing/storeFixtures";
import { openStore } from "./openStore";
import { POSTGRES_SCHEMA_VERSION } from "./postgres/migrations";
import { openPostgresStore } from "./postgres/postgresStore";
import { StoreNotFoundError } from "./storeErrors";

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

let schema = "";
storeContract("PostgreSQL", {
  open: async () => {
    schema = server.newSchema("contract");
    return openPostgresStore(server.url, { schema });
  },
  openAnother: async () => openPostgresStore(server.url, { schema }),
});

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("openPostgresStore", () => {
  it("ENTRA_REPLICATOR_DB=postgres://… selects PostgreSQL; the location shown has no password", async () => {
    const withPassword = server.url.replace("postgres@", "postgres:hunter2@");
    const store = await openStore(withPassword);
    try {
      expect(store.backend).toBe("postgres");
      expect(store.location).toBe(server.url);
      expect(store.location).not.toContain("hunter2");
    } finally {
      await store.close();
    }
  });

  it("?schema= in the URL picks the schema (and is not passed on to the server)", async () => {
    const name = server.newSchema("inurl");
    const store = await openStore(`${server.url}?schema=${name}`);
    try {
      await store
        .forTenant("tenant-a")
        .checkpoint.save({ deltaLink: "https://graph/delta?x", settings: null });
    } finally {
      await store.close();
    }
    expect(await sql(`SELECT tenant_id, delta_link FROM "${name}".sync_state`)).toEqual([
      { tenant_id: "tenant-a", delta_link: "https://graph/delta?x" },
    ]);
  });

  it("migrates once: numbered steps recorded, the version row first; reopening applies nothing again", async () => {
    const name = server.newSchema("migrate");
    await Promise.all(
      [1, 2, 3].map(() => openPostgresStore(server.url, { schema: name }).then((s) => s.close())),
    );
    const versions = await sql<{ version: number }>(
      `SELECT version FROM "${name}".migrations ORDER BY version`,
    );
    expect(versions.map((row) => row.version)).toEqual(
      Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it("read-only: a database without the store is reported, and nothing is created", async () => {
    const name = server.newSchema("missing");
    await expect(openPostgresStore(server.url, { schema: name, readonly: true })).rejects.toThrow(
      StoreNotFoundError,
    );
    expect(await sql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name])).toEqual([]);
  });

  it("a newer schema version is refused", async () => {
    const name = server.newSchema("newer");
    await (await openPostgresStore(server.url, { schema: name })).close();
    await sql(`INSERT INTO "${name}".migrations (version) VALUES ($1)`, [POSTGRES_SCHEMA_VERSION + 1]);
    await expect(openPostgresStore(server.url, { schema: name })).rejects.toMatchObject({
      code: "store-newer-schema",
    });
  });

  it("a server that is not there: store-unavailable naming the URL without its password", async () => {
    const url = "postgres://replicator:s3cret@127.0.0.1:1/directory";
    const error = await openPostgresStore(url, { schema: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplicatorError);
    expect((error as ReplicatorError).toJSON()).toMatchObject({
      code: "store-unavailable",
      message: expect.stringMatching(
        /^Cannot use the contact store postgres:\/\/replicator@127\.0\.0\.1:1\/directory: /,
      ),
      exitCode: 7,
    });
    expect(JSON.stringify((error as ReplicatorError).toJSON())).not.toContain("s3cret");
  });

  it("a crashed run's tenant lock ends with its session", async () => {
    const name = server.newSchema("crash");
    const store = await openPostgresStore(server.url, { schema: name });
    try {
      const crashed = await store.lockTenant("tenant-a");
      await expect(store.lockTenant("tenant-a")).rejects.toMatchObject({ code: "store-locked" });
      // What a killed process leaves behind: its backend is terminated by the server.
      await sql(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()",
      );
      const again = await store.lockTenant("tenant-a");
      await again.release();
      await crashed.release();
    } finally {
      await store.close();
    }
  });

  it("two tenants write their pages in parallel on one database", async () => {
    const name = server.newSchema("parallel");
    const store = await openPostgresStore(server.url, { schema: name });
    try {
      const pages = (tenant: string) =>
        Array.from({ length: 5 }, (_, p) =>
          page({ upsert: Array.from({ length: 50 }, (_, i) => contact(`${tenant}-${p}-${i}`)) }),
        );
      await Promise.all(
        ["tenant-a", "tenant-b"].map(async (tenant) => {
          const lock = await store.lockTenant(tenant);
          try {
            for (const change of pages(tenant)) await store.forTenant(tenant).directory.applyPage(change);
          } finally {
            await lock.release();
          }
        }),
      );
      expect(await store.tenants()).toEqual([
        { tenantId: "tenant-a", contacts: 250, lastRunAt: null },
        { tenantId: "tenant-b", contacts: 250, lastRunAt: null },
      ]);
    } finally {
      await store.close();
    }
  });
});
