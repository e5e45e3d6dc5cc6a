import { ClientSecretCredential } from "@azure/identity";
import { startStandIn, type StandIn } from "../../standin";
import { ReplicatorError } from "../errors";
import { KeyVaultSecretCredential } from "./keyVaultSecretCredential";
import { createVaultClient, isLoopbackHost } from "./vaultClient";

const TENANT = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091";
const APP = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
const READER = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
const READER_SECRET = "Rk1~unitReaderSecretValue.Never_000000";
const CURRENT = "Cu2~currentAppSecretValue.Never_000000";
const STALE = "St3~staleAppSecretValue.Never_00000000";

describe("KeyVaultSecretCredential against the stand-in vault", () => {
  let standIn: StandIn;

  beforeEach(async () => {
    standIn = await startStandIn({
      tenantId: TENANT,
      clientId: APP,
      clientSecret: CURRENT,
      otherApps: [{ clientId: READER, clientSecret: READER_SECRET }],
    });
    standIn.keyVault.allowReaders([READER]);
  });
  afterEach(() => standIn.close());

  function credential(onReread?: () => void): KeyVaultSecretCredential {
    const reader = new ClientSecretCredential(TENANT, READER, READER_SECRET, {
      authorityHost: standIn.url,
      disableInstanceDiscovery: true,
    });
    return new KeyVaultSecretCredential({
      tenantId: TENANT,
      clientId: APP,
      authorityHost: standIn.url,
      location: { vaultUrl: standIn.url, secretName: "app-secret" },
      vault: createVaultClient(standIn.url, { authorityHost: standIn.url, readerCredential: reader }),
      ...(onReread !== undefined && { onReread }),
    });
  }

  const appTokenStatuses = () =>
    standIn.requests
      .list("token")
      .slice(1) // the reader's own token comes first
      .map((request) => request.status);

  it("reads the vault once and gets tokens with the secret it holds", async () => {
    standIn.keyVault.setSecret("app-secret", CURRENT);
    const kv = credential();
    await kv.getToken(`${standIn.url}/.default`);
    await kv.getToken(`${standIn.url}/.default`);
    expect(standIn.requests.list("keyvault").map((request) => request.status)).toEqual([401, 200]);
  });

  it("concurrent token requests refused with the stale secret share one re-read, then both get tokens", async () => {
    standIn.keyVault.setSecret("app-secret", STALE);
    standIn.faults.add({ endpoint: "token", action: { kind: "delay", ms: 200 }, times: 1, skipFirst: 1 });
    const kv = credential(() => undefined);
    const first = kv.getToken(`${standIn.url}/.default`);
    // The vault is fixed while the first (stale) token request is under way.
    while (!standIn.requests.list("keyvault").some((request) => request.status === 200)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    standIn.keyVault.setSecret("app-secret", CURRENT);
    const tokens = await Promise.all([first, kv.getToken(`${standIn.url}/.default`)]);
    expect(tokens.every((token) => token.token.length > 0)).toBe(true);
    expect(standIn.requests.list("keyvault").filter((request) => request.status === 200)).toHaveLength(2);
    // Both callers tried the stale secret once; after the shared re-read nothing is refused.
    const statuses = appTokenStatuses();
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.slice(2).length === 1 || statuses.slice(2).length === 2).toBe(true);
    expect(statuses.slice(2).every((status) => status === 200)).toBe(true);
  });

  it("a refusal after the one re-read is final: no third read", async () => {
    standIn.keyVault.setSecret("app-secret", STALE);
    const kv = credential();
    const failures = await Promise.all(
      [1, 2].map(() =>
        kv.getToken(`${standIn.url}/.default`).then(
          () => null,
          (error: unknown) => error,
        ),
      ),
    );
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ReplicatorError);
      expect((failure as ReplicatorError).code).toBe("client-secret-invalid");
      expect(JSON.stringify((failure as ReplicatorError).toJSON())).not.toContain(STALE);
    }
    expect(standIn.requests.list("keyvault").filter((request) => request.status === 200)).toHaveLength(2);
  });

  it("an expired secret is re-read too and reported as expired", async () => {
    standIn.keyVault.setSecret("app-secret", CURRENT);
    standIn.expireClientSecret();
    const failure = await credential()
      .getToken(`${standIn.url}/.default`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect((failure as ReplicatorError).toJSON()).toMatchObject({
      code: "client-secret-expired",
      field: "keyVaultSecretName",
      exitCode: 3,
    });
    expect(standIn.requests.list("keyvault").filter((request) => request.status === 200)).toHaveLength(2);
  });
});

describe("isLoopbackHost: where the challenge resource check may be off", () => {
  it.each([
    ["https://127.0.0.1:8443", true],
    ["https://127.10.0.1", true],
    ["https://localhost:1234", true],
    ["https://[::1]:443", true],
    ["https://kv-contoso.vault.azure.net", false],
    ["https://kv.vault.usgovcloudapi.net", false],
    ["https://127.0.0.1.example.com", false],
    ["https://localhost.vault.azure.net", false],
  ])("%s → %s", (url, loopback) => {
    expect(isLoopbackHost(url)).toBe(loopback);
  });
});
