/**
 * `entra-replicator serve` as a phone system meets it: the real CLI in a child process listening on a
 * real port, keys made by the real `apikey create`, a real sync (through the Graph stand-in) while it
 * serves, and every answer read over HTTP.
 */
import fs from "node:fs";
import http from "node:http";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { syncTenant } from "../../sync/engine/syncTenant";
import { createKey, TENANT_B } from "../../sync/testing/serveFixture";
import { parseVcards } from "../../sync/testing/strictVcard";
import { type Harness, member, runCli, startHarness, TENANT_ID, userId } from "./harness";
import { type ServeProcess, startServe } from "./serveProcess";

let harness: Harness;
let server: ServeProcess;
let key: string;
let keyOfOtherTenant: string;
let revokedKey: string;

const get = (url: string, bearer: string | null = key, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${url}`, {
    headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...headers },
  });

beforeAll(async () => {
  harness = await startHarness([member(1), member(2), member(3), member(4, { businessPhones: ["n/a"] })]);
  await syncTenant(harness.options());
  const created = await runCli(
    ["apikey", "create", "--tenant", TENANT_ID, "--name", "pbx", "--json"],
    harness.env(),
  );
  expect(created.code).toBe(0);
  key = (JSON.parse(created.stdout) as { key: string }).key;
  keyOfOtherTenant = (await createKey(harness.storePath, TENANT_B)).key;
  const revoked = await createKey(harness.storePath, TENANT_ID);
  const revoke = await runCli(["apikey", "revoke", revoked.keyId], harness.env());
  expect([revoke.code, revoke.stdout]).toEqual([0, `API key ${revoked.keyId} is revoked.\n`]);
  revokedKey = revoked.key;
  server = await startServe(harness.env());
});

afterAll(async () => {
  server?.child.kill("SIGKILL");
  await harness?.close();
});

it("prints the key once and stores only its scrypt hash", async () => {
  const list = await runCli(["apikey", "list", "--json"], harness.env());
  expect(list.stdout).not.toContain(key);
  expect(fs.readFileSync(harness.storePath).includes(Buffer.from(key))).toBe(false);
  const keys = (JSON.parse(list.stdout) as { keys: Array<{ tenantId: string; name: string | null }> }).keys;
  expect(keys.filter((k) => k.tenantId === TENANT_ID && k.name === "pbx")).toHaveLength(1);
});

describe("auth matrix over HTTP", () => {
  it.each([
    ["no key", null],
    ["an unknown key", `erk_0123456789ab_${"x".repeat(43)}`],
    ["a revoked key", "revoked"],
  ])("%s → 401", async (_label, bearer) => {
    const response = await get("/v1/contacts", bearer === "revoked" ? revokedKey : bearer);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("another tenant's key gets 404 for this tenant's contact, not 403", async () => {
    const response = await get(`/v1/contacts/${userId(1)}`, keyOfOtherTenant);
    expect(response.status).toBe(404);
    expect((await get(`/v1/contacts/${userId(1)}`)).status).toBe(200);
  });

  it("never writes a key to the log", () => {
    for (const secret of [key, revokedKey, keyOfOtherTenant])
      expect(server.stderr()).not.toContain(secret.slice(17));
  });
});

describe("lookup", () => {
  it("hit: a number as dialled in the Netherlands", async () => {
    const response = await get(`/v1/lookup?number=${encodeURIComponent("020 123 4002")}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { e164: string; matches: Array<{ id: string }> };
    expect(body.e164).toBe("+31201234002");
    expect(body.matches.map((m) => m.id)).toEqual([userId(2)]);
  });

  it("miss: 404 with the same shape", async () => {
    const response = await get("/v1/lookup?number=%2B31201239999");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ e164: "+31201239999", extension: null, matches: [] });
  });

  it.each([["n%2Fa"], ["%00"], ["1".repeat(10_000)], [encodeURIComponent("٠٢٠")]])(
    "bad input %#: 400, still up",
    async (number) => {
      expect((await get(`/v1/lookup?number=${number}`)).status).toBe(400);
      expect((await get("/healthz", null)).status).toBe(200);
    },
  );
});

it("answers unknown routes, methods and a 10 KB query with a clear 4xx, and stays up", async () => {
  expect((await fetch(`${server.url}/v1/lookup`, { method: "DELETE" })).status).toBe(404);
  expect((await get("/v2/lookup?number=1")).status).toBe(404);
  expect((await get(`/v1/contacts?cursor=${"A".repeat(10_000)}`)).status).toBe(400);
  const unknownMethod = await new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    http
      .request({ hostname, port, method: "BREW", path: "/v1/lookup" }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on("error", reject)
      .end();
  });
  expect(unknownMethod).toBeGreaterThanOrEqual(400);
  expect(unknownMethod).toBeLessThan(500);
  expect((await get("/healthz", null)).status).toBe(200);
});

it("pages every contact exactly once", async () => {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/v1/contacts?limit=2${cursor === null ? "" : `&cursor=${cursor}`}`);
    const page = (await response.json()) as { contacts: Array<{ id: string }>; nextCursor: string | null };
    ids.push(...page.contacts.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  expect(ids).toEqual([1, 2, 3, 4].map(userId));
});

describe("phonebook feeds", () => {
  it("phonebook.vcf parses as vCard 4.0, one card per contact, invalid numbers kept as text", async () => {
    const response = await get("/v1/phonebook.vcf");
    expect(response.headers.get("content-type")).toBe("text/vcard; charset=utf-8");
    const cards = parseVcards(await response.text());
    expect(cards.map((card) => card.find((p) => p.name === "FN")?.value)).toEqual([
      "User 1",
      "User 2",
      "User 3",
      "User 4",
    ]);
    expect(cards[1]!.filter((p) => p.name === "TEL").map((p) => p.value)).toEqual([
      "tel:+31201234002",
      "tel:+31612345002",
    ]);
    expect(cards[3]!.find((p) => p.name === "TEL")).toEqual({
      name: "TEL",
      params: ["VALUE=text", "TYPE=work,voice"],
      value: "n/a",
    });
  });

  it("yealink.xml is well-formed and uses the Yealink remote phonebook elements (key as Basic password)", async () => {
    // Phones' remote-phonebook settings take a user name and password: the key is the password.
    const basic = Buffer.from(`phone:${key}`).toString("base64");
    const response = await fetch(`${server.url}/v1/phonebook/yealink.xml`, {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      parseTagValue: false,
      isArray: (name) => ["DirectoryEntry", "Telephone"].includes(name),
    }).parse(xml) as {
      YealinkIPPhoneDirectory: { DirectoryEntry: Array<{ Name: string; Telephone: string[] }> };
    };
    expect(Object.keys(parsed)).toEqual(["?xml", "YealinkIPPhoneDirectory"]);
    const entries = parsed.YealinkIPPhoneDirectory.DirectoryEntry;
    expect(entries.map((e) => e.Name)).toEqual(["User 1", "User 2", "User 3", "User 4"]);
    expect(entries[0]!.Telephone).toEqual(["+31201234001", "+31612345001"]);
    expect(entries[3]!.Telephone).toEqual(["+31612345004"]);
  });

  it.each([["/v1/phonebook.vcf"], ["/v1/phonebook/yealink.xml"]])(
    "%s: If-None-Match with the ETag → 304 without a body",
    async (url) => {
      const first = await get(url);
      await first.arrayBuffer();
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[a-z]+-[A-Za-z0-9_-]{27}"$/);
      const again = await get(url, key, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect((await get(url, keyOfOtherTenant, { "if-none-match": etag })).status).toBe(200);
    },
  );
});

it("a sync that commits while serving is visible to the next request, and changes the ETag", async () => {
  const etagBefore = (await get("/v1/phonebook.vcf")).headers.get("etag")!;
  expect((await get("/v1/lookup?number=%2B31201234007")).status).toBe(404);
  harness.standIn.directory.add(member(7));
  await syncTenant(harness.options());
  const response = await get("/v1/lookup?number=%2B31201234007");
  expect(response.status).toBe(200);
  expect(((await response.json()) as { matches: Array<{ id: string }> }).matches[0]!.id).toBe(userId(7));
  expect((await get("/v1/phonebook.vcf", key, { "if-none-match": etagBefore })).status).toBe(200);
});

it("metrics show requests by route and status, lookups, contacts per tenant, sync age", async () => {
  const text = await (await get("/metrics", null)).text();
  expect(text).toMatch(
    /entra_replicator_http_requests_total\{route="\/v1\/lookup",method="GET",status="404"\} [1-9]/,
  );
  expect(text).toMatch(
    /entra_replicator_http_request_duration_seconds_bucket\{le="0\.005",route="\/v1\/contacts",method="GET",status="401"\} [1-9]/,
  );
  expect(text).toMatch(/entra_replicator_lookups_total\{result="miss"\} [1-9]/);
  expect(text).toContain(`entra_replicator_directory_contacts{tenant="${TENANT_ID}"} 5`);
  expect(text).toMatch(
    new RegExp(`entra_replicator_last_successful_sync_age_seconds\\{tenant="${TENANT_ID}"\\} [0-9.]+`),
  );
});

it("a store that disappears gives 503 on /readyz and the API, and recovers when it returns", async () => {
  const away = `${harness.storePath}.away`;
  fs.renameSync(harness.storePath, away);
  try {
    expect((await get("/readyz", null)).status).toBe(503);
    const api = await get("/v1/lookup?number=%2B31201234002");
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("5");
  } finally {
    fs.renameSync(away, harness.storePath);
  }
  expect((await get("/readyz", null)).status).toBe(200);
  expect((await get("/v1/lookup?number=%2B31201234002")).status).toBe(200);
});
