import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { credentialFor } from "./clients";
import { startStandIn, type StandIn } from "./index";

const TENANT = "6f1c3a52-0d1e-4b8a-9c55-2f6b0c7d9e11";
const CLIENT = "0a4b8c2d-1e3f-4a5b-8c6d-7e8f9a0b1c2d";
const SECRET = "Kv18Q~stand-in-test-secret-value";
const READER = "7c3e9a10-5b2d-4f6e-8a1c-3d5e7f9b1a2c";
const READER_SECRET = "Rd42Q~stand-in-reader-secret-value";

describe("Key Vault stand-in through the real SecretClient", () => {
  let standIn: StandIn;
  let secrets: SecretClient;

  beforeEach(async () => {
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      otherApps: [{ clientId: READER, clientSecret: READER_SECRET }],
    });
    secrets = new SecretClient(standIn.url, credentialFor(standIn, SECRET), {
      disableChallengeResourceVerification: true,
    });
  });

  afterEach(() => standIn.close());

  it("challenges without a token, then returns the latest secret bundle with a vault-audience token", async () => {
    const expires = new Date("2031-05-01T00:00:00Z");
    standIn.keyVault.setSecret("graph-client-secret", "first-value", { expires });
    const secondVersion = standIn.keyVault.setSecret("graph-client-secret", "rotated-value", { expires });

    const secret = await secrets.getSecret("graph-client-secret");
    expect(secret.value).toBe("rotated-value");
    expect(secret.properties.version).toBe(secondVersion);
    expect(secret.properties.expiresOn).toEqual(expires);
    expect(secret.properties.enabled).toBe(true);

    const vaultRequests = standIn.requests.list("keyvault");
    expect(vaultRequests.map((r) => [r.status, r.hasAuthorization])).toEqual([
      [401, false],
      [200, true],
    ]);
    const tokenRequests = standIn.requests.list("token");
    expect(tokenRequests).toHaveLength(1);
  });

  it("reads an older version by id and says SecretNotFound for a missing name", async () => {
    const first = standIn.keyVault.setSecret("slot", "a");
    standIn.keyVault.setSecret("slot", "b");
    expect((await secrets.getSecret("slot", { version: first })).value).toBe("a");
    await expect(secrets.getSecret("missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "SecretNotFound",
    });
  });

  it("sends the challenge Key Vault sends", async () => {
    const response = await fetch(`${standIn.url}/secrets/anything?api-version=7.6`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer authorization="${standIn.url}/${TENANT}", resource="https://vault.azure.net"`,
    );
    expect(await response.json()).toEqual({
      error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." },
    });
  });

  it("refuses a Graph token (wrong audience)", async () => {
    standIn.keyVault.setSecret("slot", "a");
    const graphToken = await credentialFor(standIn, SECRET).getToken(`${standIn.url}/.default`);
    const response = await fetch(`${standIn.url}/secrets/slot?api-version=7.6`, {
      headers: { authorization: `Bearer ${graphToken.token}` },
    });
    expect(response.status).toBe(401);
  });

  it("lets only the allowed readers read, with Key Vault's 403 for the others", async () => {
    standIn.keyVault.setSecret("slot", "a");
    standIn.keyVault.allowReaders([READER]);
    const reader = new SecretClient(
      standIn.url,
      new ClientSecretCredential(TENANT, READER, READER_SECRET, {
        authorityHost: standIn.url,
        disableInstanceDiscovery: true,
      }),
      { disableChallengeResourceVerification: true },
    );
    expect((await reader.getSecret("slot")).value).toBe("a");
    const refused = await secrets.getSecret("slot").then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ statusCode: 403, code: "Forbidden" });
    expect((refused as Error).message).toContain(`'appid=${CLIENT};`);
    expect((refused as Error).message).toContain("does not have secrets get permission");
  });

  it("lists the latest version's attributes and tags of every secret, never a value", async () => {
    const expires = new Date("2031-05-01T00:00:00Z");
    standIn.keyVault.setSecret("replicator", "old", { expires: new Date("2030-01-01T00:00:00Z") });
    standIn.keyVault.setSecret("replicator", "new", { expires, tags: { clientId: CLIENT } });
    const listed = [];
    for await (const properties of secrets.listPropertiesOfSecrets()) listed.push(properties);
    expect(listed.map((p) => [p.name, p.expiresOn, p.tags])).toEqual([
      ["replicator", expires, { clientId: CLIENT }],
    ]);
    const response = await fetch(`${standIn.url}/secrets?api-version=7.6`, {
      headers: {
        authorization: `Bearer ${(await credentialFor(standIn, SECRET).getToken("https://vault.azure.net/.default")).token}`,
      },
    });
    expect(await response.text()).not.toMatch(/"value":"(old|new)"/);
  });
});
