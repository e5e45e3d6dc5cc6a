/**
 * serve over PostgreSQL, connected as a read-only role separate from the sync's writer role, exactly
 * as docs/ARCHITECTURE.md ("serve" → PostgreSQL roles) tells an operator to set them up.
 */
import type { FastifyInstance } from "fastify";
import { Client } from "pg";
import { startTestPostgres, type TestPostgres } from "../testing/postgres";
import { buildServeApp } from "./app";
import { openServeBackend } from "./serveBackend";
import { contactNumber, createKey, syncInto, TENANT_A, TENANT_B } from "../testing/serveFixture";
import { parseVcards } from "../testing/strictVcard";

/** The documented setup, run by an administrator (here: the superuser of the test server). */
const ROLES_SQL = `
CREATE ROLE entra_replicator_sync LOGIN;
CREATE ROLE entra_replicator_serve LOGIN;
GRANT CONNECT ON DATABASE postgres TO entra_replicator_sync, entra_replicator_serve;
GRANT CREATE ON DATABASE postgres TO entra_replicator_sync;
CREATE SCHEMA phones AUTHORIZATION entra_replicator_sync;
GRANT USAGE ON SCHEMA phones TO entra_replicator_serve;
ALTER DEFAULT PRIVILEGES FOR ROLE entra_replicator_sync IN SCHEMA phones
  GRANT SELECT ON TABLES TO entra_replicator_serve;
`;

let server: TestPostgres;
let app: FastifyInstance;
let writerUrl: string;
let readerUrl: string;
let key: string;
/** Three phones each: 1,200 phone rows, so the feed's cursor batches (1,000 rows) split a contact's rows. */
const contacts = Array.from({ length: 400 }, (_, i) => {
  const contact = contactNumber(i + 1);
  const phone = contact.phones[0]!;
  return {
    ...contact,
    phones: [phone, { ...phone, type: "mobile" as const }, { ...phone, extension: "12" }],
  };
});

async function asRole(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url.replace("?schema=phones", "") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startTestPostgres();
  await asRole(server.url, ROLES_SQL);
  // The schema named the way ENTRA_REPLICATOR_DB names it: ?schema=
  writerUrl = `${server.url.replace("postgres://postgres@", "postgres://entra_replicator_sync@")}?schema=phones`;
  readerUrl = `${server.url.replace("postgres://postgres@", "postgres://entra_replicator_serve@")}?schema=phones`;
  await syncInto(writerUrl, contacts);
  await syncInto(writerUrl, [{ ...contactNumber(1), id: "b-1", displayName: "B's" }], { tenantId: TENANT_B });
  key = (await createKey(writerUrl, TENANT_A)).key;
  app = await buildServeApp(await openServeBackend(readerUrl));
}, 60_000);

let stopped = false;
afterAll(async () => {
  await app?.close();
  if (!stopped) await server?.stop();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers: { authorization: `Bearer ${key}`, ...headers } });

it("the serve role can read but not write", async () => {
  await expect(
    asRole(readerUrl, "INSERT INTO phones.api_keys VALUES ('x', 'y', null, 'h', 'now', null)"),
  ).rejects.toMatchObject({ code: "42501" });
  await expect(asRole(readerUrl, "DELETE FROM phones.contacts")).rejects.toMatchObject({
    code: "42501",
  });
});

it("looks up, pages and gets contacts of the key's tenant only", async () => {
  const hit = await get("/v1/lookup?number=020%201000001");
  expect(hit.statusCode).toBe(200);
  expect(hit.json().matches.map((m: { id: string }) => m.id)).toEqual([contacts[0]!.id]);
  expect((await get("/v1/lookup?number=%2B31209999999")).statusCode).toBe(404);
  expect((await get("/v1/contacts/b-1")).statusCode).toBe(404);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { contacts: Array<{ id: string }>; nextCursor: string | null } = (
      await get(`/v1/contacts?limit=7${cursor === null ? "" : `&cursor=${cursor}`}`)
    ).json();
    ids.push(...page.contacts.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  expect(ids).toEqual(contacts.map((c) => c.id).sort());
});

it("streams the phonebook from one snapshot (a cursor) and revalidates with 304", async () => {
  const feed = await get("/v1/phonebook.vcf");
  const cards = parseVcards(feed.body);
  expect(cards.map((card) => card.find((p) => p.name === "FN")?.value)).toEqual(
    contacts.map((c) => c.displayName),
  );
  expect(cards.map((card) => card.filter((p) => p.name === "TEL").length)).toEqual(contacts.map(() => 3));
  expect((await get("/v1/phonebook.vcf", { "if-none-match": feed.headers.etag as string })).statusCode).toBe(
    304,
  );
});

it("answers 503 on /readyz and the API when the server is gone", async () => {
  await server.stop();
  stopped = true;
  expect((await app.inject("/readyz")).statusCode).toBe(503);
  const api = await get("/v1/lookup?number=%2B31201000001");
  expect(api.statusCode).toBe(503);
  expect(api.json().error.code).toBe("store-unavailable");
});
